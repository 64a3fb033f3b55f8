//! JavaScript's constructors for the core's tree builder, recorded on a tape.
//!
//! Wasm cannot make JavaScript objects, and calling out to JavaScript once per
//! value costs more than the whole reference parse. So each constructor the
//! core calls ([`Builder`]) appends one opcode and its operands (UTF-16
//! offsets into the JavaScript string, counts) to a flat `u32` buffer, and
//! once the core is done, `lib/core.mjs` replays it: a loop with one `case`
//! per opcode, each doing what the constructor says (push a slice of the
//! string, build an array of the top `n` values, build a block, ...). The
//! opcodes here and the `case`s there are one list; keep them in step.
//!
//! Attributes: the core reads each group's text ([`build_js_attrs`]) and the
//! tape builds its value, strings sliced from the JavaScript string and keys
//! made once per instance (`keys`), faster than `JSON.parse` of each slice
//! (bindings/wasm/README.md, "Speed"). Where that quick path does not apply
//! (JSON that is invalid in the narrowed text, which may be valid in the
//! string; an escape; a `__proto__` key; a number it does not convert) the
//! tape says `RAW_ATTRS`: JavaScript's own `JSON.parse` of the slice, the
//! reference's decoding. The values are assigned as `JSON.parse` defines
//! them, except where a program has put setters on `Object.prototype`, which
//! assignments call.

use gutenberg_post_parser::build::{build_js_attrs, Builder, Html, WalkBuilder, WalkEntry};
use gutenberg_post_parser::json::{JsEvents, Str};
use gutenberg_post_parser::{BlockName, NodeId};

use crate::keys::Keys;

/// Push `null`.
const NULL: u32 = 0;
/// Push a new empty object (a block written without attributes).
const EMPTY_ATTRS: u32 = 1;
/// `start end`: push `JSON.parse` of that slice, `null` when it throws.
const RAW_ATTRS: u32 = 2;
/// `id`: push the name the `NEW_NAME` of this id made.
const NAME: u32 = 3;
/// `id start end core`: push that slice, prefixed with `core/` when `core`
/// is 1, and remember it as name `id` (the core's name id: blocks whose full
/// names are equal share one).
const NEW_NAME: u32 = 4;
/// `start end`: push that slice (an HTML run, an attribute string, or a key
/// not kept in `keys`).
const HTML: u32 = 5;
/// `n (start end)×n`: push the slices joined.
const JOINED: u32 = 6;
/// `depth`: push the value `depth` places below the top again.
const DUP: u32 = 7;
/// `n`: pop `n` values, push an array of them.
const LIST: u32 = 8;
/// Pop name, attrs, innerBlocks, innerHTML, innerContent; push the block.
const BLOCK: u32 = 9;
/// `start end`: pop name and attrs; push a block without inner blocks whose
/// one HTML run is that slice.
const LEAF: u32 = 10;
/// `depth start end openerStart openerEnd closerStart closerEnd flags`: pop
/// name and attrs, push a walk entry. Flags: 1 opener, 2 closer, 4 void; an
/// absent span's offsets are 0.
const WALK: u32 = 11;
/// `start end`: `NULL EMPTY_ATTRS LEAF start end` in one (freeform HTML).
const FREEFORM: u32 = 12;
/// `id start end`: `NAME id EMPTY_ATTRS LEAF start end` in one.
const NAMED_LEAF: u32 = 13;
/// `id attrsStart attrsEnd start end`: `NAME id RAW_ATTRS attrsStart
/// attrsEnd LEAF start end` in one.
const ATTRS_LEAF: u32 = 14;

/// `empty`: pop name and attrs; push a block without inner blocks or HTML
/// (a void block, or one closed right after its opener).
const VOID: u32 = 15;
/// `id`: `NAME id EMPTY_ATTRS VOID` in one.
const NAMED_VOID: u32 = 16;
/// `id attrsStart attrsEnd`: `NAME id RAW_ATTRS attrsStart attrsEnd VOID` in
/// one.
const ATTRS_VOID: u32 = 17;
/// Push `true`.
const TRUE: u32 = 18;
/// Push `false`.
const FALSE: u32 = 19;
/// `value`: push that int32 (the word's bits).
const INT: u32 = 20;
/// `low high`: push the double whose bits these words are.
const NUMBER: u32 = 21;
/// `id`: push object key `id`, which a `NEW_KEY` of this parse or of an
/// earlier one of the instance made.
const KEY: u32 = 22;
/// `id start end`: push that slice as an object key (a copy that keeps no
/// reference to the string), and keep it as key `id` for later opcodes and
/// parses.
const NEW_KEY: u32 = 23;
/// `n`: pop `n` key/value pairs (each key below its value), push an object
/// of them, assigned in order.
const OBJECT: u32 = 24;

/// Attribute strings up to this long (most are short words: `"full"`,
/// `"constrained"`) are made once per instance, as keys are: the same string
/// in another block is the same (immutable) value, and V8 then makes no copy.
const SHARED_STRING: usize = 16;

/// Why the tape could not be written: an attribute string or key that is not
/// a slice of the document reached the tape. [`build_js_attrs`] never pushes
/// one.
#[derive(Debug)]
pub(crate) struct DecodedValue;

/// Records the core's constructor calls for one document.
pub(crate) struct Tape<'t, 'a> {
    words: &'t mut Vec<u32>,
    /// Which name ids have been made (by `NEW_NAME`).
    made: &'t mut Vec<bool>,
    /// The object keys JavaScript has made.
    keys: &'t mut Keys,
    /// Working memory of [`build_js_attrs`].
    events: JsEvents<'a>,
    /// Where the parsed (narrowed) document starts: slices of it become offsets.
    source: *const u8,
    /// Where the last name's opcode starts: a leaf or void block whose name
    /// and attributes are all that follows becomes one opcode (most blocks
    /// are leaves).
    head: usize,
}

impl<'t, 'a> Tape<'t, 'a> {
    /// A tape for slices of `source`, written into `words`; `made` is
    /// scratch space. Both are cleared first. `events` is working memory,
    /// which [`Tape::into_events`] gives back.
    pub(crate) fn new(
        words: &'t mut Vec<u32>,
        made: &'t mut Vec<bool>,
        keys: &'t mut Keys,
        events: JsEvents<'a>,
        source: &'a str,
    ) -> Self {
        words.clear();
        made.clear();
        Tape {
            words,
            made,
            keys,
            events,
            source: source.as_ptr(),
            head: 0,
        }
    }

    /// The working memory given to [`Tape::new`].
    pub(crate) fn into_events(self) -> JsEvents<'a> {
        self.events
    }

    /// The offset of `text`, a slice of the source.
    fn offset(&self, text: &str) -> u32 {
        (text.as_ptr() as usize - self.source as usize) as u32
    }

    fn op(&mut self, words: &[u32]) -> Result<(), DecodedValue> {
        self.words.extend_from_slice(words);
        Ok(())
    }
}

/// `start end` of an HTML run.
fn span(html: &Html<'_>) -> [u32; 2] {
    [html.start as u32, (html.start + html.text.len()) as u32]
}

impl<'a> Builder<'a> for Tape<'_, 'a> {
    type Error = DecodedValue;

    fn null(&mut self) -> Result<(), DecodedValue> {
        self.op(&[NULL])
    }

    fn bool(&mut self, value: bool) -> Result<(), DecodedValue> {
        self.op(&[if value { TRUE } else { FALSE }])
    }

    fn number(&mut self, value: f64) -> Result<(), DecodedValue> {
        let int = value as i32;
        // -0 is not an int32: its sign would be lost.
        if f64::from(int) == value && (int != 0 || value.is_sign_positive()) {
            return self.op(&[INT, int as u32]);
        }
        let bits = value.to_bits();
        self.op(&[NUMBER, bits as u32, (bits >> 32) as u32])
    }

    fn string(&mut self, value: &Str<'a>) -> Result<(), DecodedValue> {
        let text = value.as_borrowed().ok_or(DecodedValue)?;
        if text.len() <= SHARED_STRING {
            return self.key(value);
        }
        let start = self.offset(text);
        self.op(&[HTML, start, start + text.len() as u32])
    }

    fn key(&mut self, key: &Str<'a>) -> Result<(), DecodedValue> {
        let text = key.as_borrowed().ok_or(DecodedValue)?;
        let start = self.offset(text);
        let end = start + text.len() as u32;
        match self.keys.id(text) {
            Some((id, true)) => self.op(&[KEY, id]),
            Some((id, false)) => self.op(&[NEW_KEY, id, start, end]),
            None => self.op(&[HTML, start, end]),
        }
    }

    fn array(&mut self, len: usize) -> Result<(), DecodedValue> {
        self.op(&[LIST, len as u32])
    }

    fn object(&mut self, len: usize) -> Result<(), DecodedValue> {
        match len {
            0 => self.op(&[EMPTY_ATTRS]),
            _ => self.op(&[OBJECT, len as u32]),
        }
    }

    fn raw_attrs(&mut self, text: Html<'a>) -> Result<(), DecodedValue> {
        let mut events = std::mem::take(&mut self.events);
        let built = build_js_attrs(text.text, self, &mut events);
        self.events = events;
        if built? {
            return Ok(());
        }
        let [start, end] = span(&text);
        self.op(&[RAW_ATTRS, start, end])
    }

    fn name(&mut self, name: Option<BlockName<'a>>, id: usize) -> Result<(), DecodedValue> {
        self.head = self.words.len();
        let Some(name) = name else {
            return self.null();
        };
        if self.made.len() <= id {
            self.made.resize(id + 1, false);
        }
        if self.made[id] {
            return self.op(&[NAME, id as u32]);
        }
        self.made[id] = true;
        let written = name.as_written();
        let start = self.offset(written);
        let core = u32::from(!name.has_namespace());
        self.op(&[
            NEW_NAME,
            id as u32,
            start,
            start + written.len() as u32,
            core,
        ])
    }

    fn html(&mut self, html: Html<'a>) -> Result<(), DecodedValue> {
        let [start, end] = span(&html);
        self.op(&[HTML, start, end])
    }

    fn joined_html(&mut self, pieces: &[&'a str], _len: usize) -> Result<(), DecodedValue> {
        self.words.reserve(2 + 2 * pieces.len());
        self.words.extend_from_slice(&[JOINED, pieces.len() as u32]);
        for piece in pieces {
            let start = self.offset(piece);
            self.words
                .extend_from_slice(&[start, start + piece.len() as u32]);
        }
        Ok(())
    }

    fn dup(&mut self, depth: usize) -> Result<(), DecodedValue> {
        self.op(&[DUP, depth as u32])
    }

    fn block(&mut self, _id: NodeId) -> Result<(), DecodedValue> {
        self.op(&[BLOCK])
    }

    fn leaf(&mut self, _id: NodeId, html: Html<'a>) -> Result<(), DecodedValue> {
        let [start, end] = span(&html);
        let head = self.head;
        match self.words[head..] {
            [NULL, EMPTY_ATTRS] => {
                self.words.truncate(head);
                self.op(&[FREEFORM, start, end])
            }
            [NAME, id, EMPTY_ATTRS] => {
                self.words.truncate(head);
                self.op(&[NAMED_LEAF, id, start, end])
            }
            [NAME, id, RAW_ATTRS, from, to] => {
                self.words.truncate(head);
                self.op(&[ATTRS_LEAF, id, from, to, start, end])
            }
            _ => self.op(&[LEAF, start, end]),
        }
    }

    fn empty(&mut self, _id: NodeId, _html: Html<'a>) -> Result<(), DecodedValue> {
        let head = self.head;
        match self.words[head..] {
            [NAME, id, EMPTY_ATTRS] => {
                self.words.truncate(head);
                self.op(&[NAMED_VOID, id])
            }
            [NAME, id, RAW_ATTRS, from, to] => {
                self.words.truncate(head);
                self.op(&[ATTRS_VOID, id, from, to])
            }
            _ => self.op(&[VOID]),
        }
    }
}

impl<'a> WalkBuilder<'a> for Tape<'_, 'a> {
    fn walk_entry(&mut self, entry: WalkEntry) -> Result<(), DecodedValue> {
        let flags = u32::from(entry.opener.is_some())
            | u32::from(entry.closer.is_some()) << 1
            | u32::from(entry.void) << 2;
        let opener = entry.opener.unwrap_or_default();
        let closer = entry.closer.unwrap_or_default();
        self.op(&[
            WALK,
            entry.depth as u32,
            entry.span.start as u32,
            entry.span.end as u32,
            opener.start as u32,
            opener.end as u32,
            closer.start as u32,
            closer.end as u32,
            flags,
        ])
    }
}
