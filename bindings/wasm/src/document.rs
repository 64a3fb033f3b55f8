//! `Document`, `BlockView` and `Editor` of `lib/core.mjs`: finding and
//! editing blocks without building the reference's objects.
//!
//! A document is the narrowed copy of its string (`narrow`: one byte per
//! UTF-16 unit, so every offset here is a UTF-16 offset into the string) and
//! the core's parse of it, kept in a table until JavaScript frees it. `find`
//! answers rows of numbers; JavaScript makes each view's values from slices
//! of its own string when they are read.
//!
//! Narrowing keeps the grammar but not the characters of attribute strings.
//! So a query's attribute tests decode, for attribute text that holds a
//! stand-in byte, the string's own units (the `document_units` import), and
//! every text an editor adds comes from JavaScript as UTF-8 (markup,
//! attributes read with [`JsReader`]) or is a range of the string.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};

use gutenberg_post_parser::edit::{self, EditError, EditInfo, EditKind, Edits, Segment};
use gutenberg_post_parser::json::{self, Value};
use gutenberg_post_parser::query::{AttrTest, AttrsText, NamePattern, Query};
use gutenberg_post_parser::read::{read_attrs, ReadError};
use gutenberg_post_parser::{BlockRef, Document as Tree, NodeId};

use crate::narrow;
use crate::reader::{self, JsReader};
use crate::STATE;

#[link(wasm_import_module = "gpp")]
extern "C" {
    /// Writes units `start..end` of the string of the document being
    /// searched at `to`.
    fn document_units(start: u32, end: u32, to: *mut u16);
}

/// A parsed document.
struct Doc {
    /// Borrows `text`; declared first, so dropped first.
    tree: Tree<'static>,
    /// The narrowed string (on the heap, which does not move with the `Vec`).
    text: Vec<u8>,
    /// The enclosing block of each node, made on first use.
    parents: OnceCell<Vec<Option<NodeId>>>,
}

impl Doc {
    fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parents.get_or_init(|| self.tree.parents())[id]
    }

    /// The UTF-16 offset of `text`, a slice of the narrowed string.
    fn offset(&self, text: &str) -> u32 {
        (text.as_ptr() as usize - self.text.as_ptr() as usize) as u32
    }
}

/// The edits of one editor, and the document they apply to.
struct Editor {
    doc: u32,
    edits: Edits,
}

/// Values by handle (1, 2, ...; 0 is never one), slots reused once freed.
struct Table<T> {
    slots: Vec<Option<T>>,
    free: Vec<u32>,
}

impl<T> Table<T> {
    const fn new() -> Self {
        Table {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    fn add(&mut self, value: T) -> u32 {
        match self.free.pop() {
            Some(handle) => {
                self.slots[handle as usize - 1] = Some(value);
                handle
            }
            None => {
                self.slots.push(Some(value));
                self.slots.len() as u32
            }
        }
    }

    fn get(&self, handle: u32) -> Option<&T> {
        self.slots.get((handle as usize).checked_sub(1)?)?.as_ref()
    }

    fn get_mut(&mut self, handle: u32) -> Option<&mut T> {
        self.slots
            .get_mut((handle as usize).checked_sub(1)?)?
            .as_mut()
    }

    fn remove(&mut self, handle: u32) {
        if let Some(slot @ Some(_)) = self.slots.get_mut((handle as usize).wrapping_sub(1)) {
            *slot = None;
            self.free.push(handle);
        }
    }
}

thread_local! {
    static DOCS: RefCell<Table<Doc>> = const { RefCell::new(Table::new()) };
    static EDITORS: RefCell<Table<Editor>> = const { RefCell::new(Table::new()) };
    /// The last answer's numbers (see [`gpp_rows`]).
    static ROWS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    /// Text JavaScript passes in (UTF-8), see [`gpp_argument`].
    static ARGUMENT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Numbers per row of [`gpp_find`] and [`gpp_view`]: id, depth, parent + 1
/// (0 at the top level), span start and end, name start and end (the name
/// as written), 1 when that name has no namespace, attribute text start and
/// end ([`NONE`] twice when the opener has none).
const ROW: usize = 10;
/// Where a row has no offset.
const NONE: u32 = u32::MAX;

/// The calls' answers.
const OK: i32 = 0;
/// An edit refused (text 0: the message).
const REFUSED: i32 = -1;
/// Attributes JSON cannot hold (text 0: the message).
const INVALID: i32 = -2;
/// JavaScript threw while a value was read.
const THREW: i32 = -3;
/// No such document or editor (freed).
const GONE: i32 = -4;

/// Makes room for `len` bytes of UTF-8 that JavaScript passes to the next
/// call, and returns where they go.
#[no_mangle]
pub extern "C" fn gpp_argument(len: usize) -> *mut u8 {
    ARGUMENT.with_borrow_mut(|argument| {
        if argument.len() < len {
            argument.resize(len, 0);
        }
        argument.as_mut_ptr()
    })
}

/// The first `len` bytes of the argument, as text (JavaScript writes UTF-8).
fn argument<R>(len: usize, with: impl FnOnce(&str) -> R) -> R {
    ARGUMENT.with_borrow(|argument| with(&String::from_utf8_lossy(&argument[..len])))
}

/// Where the last answer's rows are (they move when a call needs more room).
#[no_mangle]
pub extern "C" fn gpp_rows() -> *const u32 {
    ROWS.with_borrow(|rows| rows.as_ptr())
}

/// Parses the first `len` units of the document (copied in as for `parse`)
/// and keeps it; returns its handle.
#[no_mangle]
pub extern "C" fn gpp_document(len: usize) -> u32 {
    // A copy: the module's buffer stays for the next document.
    let text = STATE.with_borrow(|state| {
        assert!(!state.raw, "gpp_narrow_utf8 must follow gpp_input_utf8");
        state.document[..len].to_vec()
    });
    // SAFETY: narrowed text is ASCII (see `State::document`).
    let source: &str = unsafe { std::str::from_utf8_unchecked(&text) };
    // SAFETY: the tree borrows the text's heap buffer, which stays put and
    // unchanged while the `Doc` lives, and is dropped after the tree.
    let tree = unsafe {
        std::mem::transmute::<Tree<'_>, Tree<'static>>(gutenberg_post_parser::parse(source))
    };
    DOCS.with_borrow_mut(|docs| {
        docs.add(Doc {
            tree,
            text,
            parents: OnceCell::new(),
        })
    })
}

/// Frees document `doc`.
#[no_mangle]
pub extern "C" fn gpp_document_free(doc: u32) {
    DOCS.with_borrow_mut(|docs| docs.remove(doc));
}

/// Reads attribute text from the string for text with a stand-in byte.
struct FromString<'d> {
    units: Vec<u16>,
    doc: &'d Doc,
}

impl<'a> AttrsText<'a> for FromString<'_> {
    fn read(&mut self, parsed: &'a str) -> Cow<'a, str> {
        if !has_stand_in(parsed) {
            return Cow::Borrowed(parsed);
        }
        let start = self.doc.offset(parsed) as usize;
        self.units.clear();
        self.units.resize(parsed.len(), 0);
        // SAFETY: the import writes `parsed.len()` units, the length of the
        // slice of the string that the text stands for, into `units`.
        unsafe {
            document_units(
                start as u32,
                (start + parsed.len()) as u32,
                self.units.as_mut_ptr(),
            );
        }
        Cow::Owned(json_text(&self.units))
    }
}

/// UTF-16 JSON text as UTF-8 that decodes to the same value (or is as
/// invalid): a lone surrogate becomes its `\u` escape, which means the same
/// unit inside a string and is invalid elsewhere, as the surrogate is;
/// after an odd run of backslashes (an escape it would finish) U+FFFD, an
/// escape as invalid.
fn json_text(units: &[u16]) -> String {
    let mut out = String::with_capacity(units.len());
    let mut backslashes = 0;
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok(c) => {
                backslashes = if c == '\\' { backslashes + 1 } else { 0 };
                out.push(c);
            }
            Err(lone) if backslashes % 2 == 0 => {
                out.push_str(&format!("\\u{:04x}", lone.unpaired_surrogate()));
                backslashes = 0;
            }
            Err(_) => {
                out.push(char::REPLACEMENT_CHARACTER);
                backslashes = 0;
            }
        }
    }
    out
}

/// Writes the row of block `id` at the end of `rows`.
fn push_row(
    rows: &mut Vec<u32>,
    doc: &Doc,
    block: &BlockRef<'_, '_>,
    depth: usize,
    parent: Option<NodeId>,
) {
    let span = block.span();
    let (name_start, name_end, core) = match block.name() {
        Some(name) => {
            let written = name.as_written();
            let start = doc.offset(written);
            (
                start,
                start + written.len() as u32,
                u32::from(!name.has_namespace()),
            )
        }
        None => (NONE, NONE, 0),
    };
    let (attrs_start, attrs_end) = match block.attrs_json() {
        Some(text) => {
            let start = doc.offset(text);
            (start, start + text.len() as u32)
        }
        None => (NONE, NONE),
    };
    rows.extend_from_slice(&[
        block.id() as u32,
        depth as u32,
        parent.map_or(0, |parent| parent as u32 + 1),
        span.start as u32,
        span.end as u32,
        name_start,
        name_end,
        core,
        attrs_start,
        attrs_end,
    ]);
}

/// The blocks of `doc` matching the query, as rows ([`ROW`] numbers each);
/// returns how many. The argument (`pattern_len` bytes) is the JSON array
/// `[pattern, ...keys that must be present]`; when `equal` is 1, the
/// attributes to equal are the object at handle 0 of JavaScript's table.
/// [`INVALID`] (text 0: the message) when that object holds what JSON
/// cannot, [`THREW`], or [`GONE`].
#[no_mangle]
pub extern "C" fn gpp_find(doc: u32, pattern_len: usize, equal: u32) -> i32 {
    let equal = match equal {
        0 => Value::Object(json::Object::new()),
        _ => match read_attrs(&mut JsReader::default(), &0) {
            Ok(value) => value,
            Err(error) => return read_failure(error),
        },
    };
    let query = argument(pattern_len, |text| {
        let words = json::parse(text).ok()?;
        let mut words = words.as_array()?.iter().map(|word| match word {
            Value::String(word) => json::Str::from_wtf8(word.as_wtf8().to_vec()),
            _ => None,
        });
        // A pattern with a lone surrogate matches no name, as U+FFFD does not.
        let pattern = words.next()??.to_str_lossy().into_owned();
        let mut query = Query::with_pattern(NamePattern::parse(&pattern).into_owned());
        for key in words {
            query = query.attr_str(key?, AttrTest::Present);
        }
        Some(query)
    });
    let Some(mut query) = query else {
        return set_message(INVALID, "find: a malformed query".to_owned());
    };
    if let Value::Object(entries) = equal {
        for (key, value) in entries.iter() {
            query = query.attr_str(key.clone(), AttrTest::Equals(value.clone()));
        }
    }
    DOCS.with_borrow(|docs| {
        let Some(doc) = docs.get(doc) else {
            return GONE;
        };
        let text = FromString {
            units: Vec::new(),
            doc,
        };
        ROWS.with_borrow_mut(|rows| {
            rows.clear();
            for found in doc.tree.find_reading(&query, text) {
                push_row(rows, doc, &found.block, found.depth, found.parent);
            }
            (rows.len() / ROW) as i32
        })
    })
}

/// The row of block `id` of `doc`, at `depth` (a view's parent, one above
/// the view); [`GONE`] or 1.
#[no_mangle]
pub extern "C" fn gpp_view(doc: u32, id: u32, depth: u32) -> i32 {
    DOCS.with_borrow(|docs| {
        let Some(doc) = docs.get(doc) else {
            return GONE;
        };
        let id = id as NodeId;
        let parent = doc.parent(id);
        let depth = depth as usize;
        ROWS.with_borrow_mut(|rows| {
            rows.clear();
            push_row(rows, doc, &doc.tree.block(id), depth, parent);
        });
        1
    })
}

/// The HTML runs of block `id` of `doc` (its inner HTML, without its inner
/// blocks), as start and end offsets; returns how many, or [`GONE`].
#[no_mangle]
pub extern "C" fn gpp_inner_html(doc: u32, id: u32) -> i32 {
    DOCS.with_borrow(|docs| {
        let Some(doc) = docs.get(doc) else {
            return GONE;
        };
        ROWS.with_borrow_mut(|rows| {
            rows.clear();
            for piece in doc.tree.block(id as NodeId).html_pieces() {
                let start = doc.offset(piece);
                rows.extend_from_slice(&[start, start + piece.len() as u32]);
            }
            (rows.len() / 2) as i32
        })
    })
}

/// A new editor of `doc`; 0 when it is freed.
#[no_mangle]
pub extern "C" fn gpp_editor(doc: u32) -> u32 {
    if DOCS.with_borrow(|docs| docs.get(doc).is_none()) {
        return 0;
    }
    EDITORS.with_borrow_mut(|editors| {
        editors.add(Editor {
            doc,
            edits: Edits::new(),
        })
    })
}

/// Frees editor `editor`.
#[no_mangle]
pub extern "C" fn gpp_editor_free(editor: u32) {
    EDITORS.with_borrow_mut(|editors| editors.remove(editor));
}

/// What [`gpp_edit`] does, by number (the order of `EDITS` in `lib/core.mjs`).
const SET_ATTRS: u32 = 0;
const REPLACE: u32 = 1;
const REPLACE_INNER_HTML: u32 = 2;
const REMOVE: u32 = 3;
const INSERT_BEFORE: u32 = 4;
const INSERT_AFTER: u32 = 5;

/// Makes edit `kind` of block `id`: markup (or HTML) in the argument
/// (`len` bytes), attributes at handle 0 of JavaScript's table. Returns
/// [`OK`], [`REFUSED`] (text 0: why), [`INVALID`], [`THREW`] or [`GONE`].
#[no_mangle]
pub extern "C" fn gpp_edit(editor: u32, kind: u32, id: u32, len: usize) -> i32 {
    let attrs = match kind {
        SET_ATTRS => match read_attrs(&mut JsReader::default(), &0) {
            Ok(value) => Some(value),
            Err(error) => return read_failure(error),
        },
        _ => None,
    };
    let result = EDITORS.with_borrow_mut(|editors| {
        let editor = editors.get_mut(editor)?;
        DOCS.with_borrow(|docs| {
            let tree = &docs.get(editor.doc)?.tree;
            let id = id as NodeId;
            let edits = &mut editor.edits;
            Some(argument(len, |markup| match (kind, &attrs) {
                (SET_ATTRS, Some(attrs)) => edits.set_attrs(tree, id, attrs),
                (REPLACE, _) => edits.replace(tree, id, markup),
                (REPLACE_INNER_HTML, _) if rewrites_stand_ins(tree, id) => Err(EditError::Markup {
                    edit: EditInfo {
                        kind: EditKind::ReplaceInnerHtml,
                        block: id,
                        name: tree.block(id).name().map(|name| name.full().into_owned()),
                        range: tree.block(id).span(),
                    },
                    problem: "this package cannot rewrite a void delimiter written as a closer \
                              (<!-- /wp:name /-->) whose attributes hold characters outside ASCII; \
                              replace the block instead"
                        .to_owned(),
                }),
                (REPLACE_INNER_HTML, _) => edits.replace_inner_html(tree, id, markup),
                (REMOVE, _) => edits.remove(tree, id),
                (INSERT_BEFORE, _) => edits.insert_before(tree, id, markup),
                (INSERT_AFTER, _) => edits.insert_after(tree, id, markup),
                _ => Err(EditError::NoSuchBlock(id)),
            }))
        })
    });
    match result {
        None => GONE,
        Some(Ok(())) => OK,
        Some(Err(error)) => set_message(REFUSED, error.to_string()),
    }
}

/// Whether giving block `id` inner HTML would copy narrowed attribute text
/// into the edit (see [`edit::rewrites_opener`]).
fn rewrites_stand_ins(tree: &Tree<'_>, id: NodeId) -> bool {
    edit::rewrites_opener(tree, id) && tree.block(id).attrs_json().is_some_and(has_stand_in)
}

/// Whether narrowed text holds a byte that stands for other characters.
fn has_stand_in(text: &str) -> bool {
    text.bytes()
        .any(|byte| matches!(byte, narrow::OTHER | narrow::WHITESPACE))
}

/// The edited text of `editor`'s document as runs, three numbers each: 0
/// and a range of the string, or 1 and where a new text's UTF-8 lies in
/// memory and its length. Returns how many, or [`GONE`].
#[no_mangle]
pub extern "C" fn gpp_edited(editor: u32) -> i32 {
    EDITORS.with_borrow(|editors| {
        let Some(editor) = editors.get(editor) else {
            return GONE;
        };
        DOCS.with_borrow(|docs| {
            let Some(doc) = docs.get(editor.doc) else {
                return GONE;
            };
            ROWS.with_borrow_mut(|rows| {
                rows.clear();
                for segment in editor.edits.segments(doc.tree.source()) {
                    match segment {
                        Segment::Source(range) => {
                            rows.extend_from_slice(&[0, range.start as u32, range.end as u32])
                        }
                        Segment::Text(text) => {
                            rows.extend_from_slice(&[1, text.as_ptr() as u32, text.len() as u32])
                        }
                    }
                }
                (rows.len() / 3) as i32
            })
        })
    })
}

/// How many edits `editor` holds, or [`GONE`].
#[no_mangle]
pub extern "C" fn gpp_edit_count(editor: u32) -> i32 {
    EDITORS.with_borrow(|editors| {
        editors
            .get(editor)
            .map_or(GONE, |editor| editor.edits.len() as i32)
    })
}

/// Sets text 0 to `message`; returns `status`.
fn set_message(status: i32, message: String) -> i32 {
    STATE.with_borrow_mut(|state| state.texts[0] = message);
    status
}

/// [`INVALID`] with the message, or [`THREW`].
fn read_failure(error: ReadError<reader::Threw>) -> i32 {
    match error {
        ReadError::Host(_) => THREW,
        ReadError::Invalid(invalid) => set_message(INVALID, reader::attrs_message(&invalid)),
    }
}

#[cfg(test)]
mod tests {
    use super::json_text;

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn json_text_keeps_what_json_parse_makes_of_lone_surrogates() {
        let mut lone = units(r#"{"k":"a"}"#);
        lone[6] = 0xd800;
        assert_eq!(json_text(&lone), r#"{"k":"\ud800"}"#);
        let mut escaped = units(r#"{"k":"\a"}"#);
        escaped[7] = 0xdc00;
        assert_eq!(
            json_text(&escaped),
            "{\"k\":\"\\\u{fffd}\"}",
            "an escape of it stays invalid"
        );
        let mut even = units(r#"{"k":"\\a"}"#);
        even[8] = 0xdfff;
        assert_eq!(json_text(&even), r#"{"k":"\\\udfff"}"#);
        assert_eq!(json_text(&units("{\"é\":\"😀\"}")), "{\"é\":\"😀\"}");
    }
}
