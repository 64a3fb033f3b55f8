//! PHP's constructors for the core's tree builder: the arrays
//! `WP_Block_Parser::parse()` returns (and the walk's entries), made
//! bottom-up as the core drives, with the raw Zend API.
//!
//! Shared where PHP cannot tell: the block keys are interned at module
//! startup, each block name is one string per call (by the core's name id),
//! and a block with a single HTML run holds one string for `innerHTML` and
//! `innerContent[0]` (the core's `dup`). Attributes are decoded by the core
//! straight into zvals (`build_php_attrs`, `json_decode($text, true)`'s
//! rules) or, where it leaves them to us (invalid JSON, repeated keys), by
//! PHP's own `json_decode`, given the attribute text's original bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::mem::MaybeUninit;

use ext_php_rs::ffi::zend_string;
use gutenberg_post_parser::build::{build_php_attrs, Builder, Html, WalkBuilder, WalkEntry};
use gutenberg_post_parser::json::{PhpEvents, Str};
use gutenberg_post_parser::{BlockName, NodeId};

use crate::input::Input;
use crate::keys::Keys;
use crate::zend;

/// The values being built. Holds only plain data and `zval`s: the engine may
/// bail out of any allocation (memory_limit), and whoever owns the builder
/// then either [`PhpBuilder::finish`]es or drops it (which releases the
/// values still on the stack).
pub struct PhpBuilder<'i> {
    input: &'i Input<'i>,
    keys: &'static Keys,
    stack: Vec<zend::Val>,
    /// Each block name made so far, by the core's name id.
    names: Vec<*mut zend_string>,
    /// Bytes put together before they become a string: the NUL-terminated
    /// copy `json_decode` reads, a name with `core/`, joined HTML.
    json: Vec<u8>,
    /// The core's working memory for decoding attributes.
    events: PhpEvents<'i>,
    /// Whether PHP's `json_decode` decodes every attribute group (for
    /// benchmarks), not only those the core leaves to it.
    php_json: bool,
    /// An empty block array with the five keys, copied for each block.
    block_template: *mut ext_php_rs::ffi::HashTable,
    /// Blocks made before the template.
    blocks_made: usize,
    /// Decoded attributes by their text (each holds one reference): posts
    /// repeat small attribute groups, and PHP arrays are values
    /// (copy-on-write), so blocks may share one array without anyone seeing.
    attrs_cache: HashMap<&'i [u8], zend::Val, BuildHasherDefault<Fast>>,
    /// Leaf blocks without attributes by name id and HTML (each holds one
    /// reference): the freeform "\n\n" between blocks and other repeated
    /// small blocks are one array, shared as PHP shares values.
    leaf_cache: HashMap<(usize, &'i [u8]), zend::Val, BuildHasherDefault<Fast>>,
    /// The name id of the block being built (usize::MAX for freeform HTML):
    /// with its HTML, what identifies a leaf without attributes.
    current: usize,
    /// Attribute keys made so far: keys repeat across blocks, and one string
    /// serves them all.
    key_strings: KeyCache<'i>,
    /// The attribute text `WP_Block_Parser` decodes last (see
    /// [`PhpBuilder::settle_json_error`]), and the `json_last_error()` its
    /// decoding left, once a block's attributes were made from it.
    last_attrs: Option<&'i str>,
    last_attrs_error: Option<i32>,
}

/// A multiply-rotate hash over 8 bytes at a time (as rustc's FxHash):
/// attribute texts and leaf HTML are short, and SipHash's setup, or FNV's
/// byte at a time, cost more than the string they would save.
#[derive(Default)]
pub struct Fast(u64);

/// FxHash's multiplier.
const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

impl Fast {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for Fast {
    fn finish(&self) -> u64 {
        // The multiplication leaves the high bits best mixed; the table
        // indexes by the low ones.
        self.0.rotate_left(26)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // Fixed-size loads (a copy of a variable length would call memcpy).
            let len = rest.len();
            let word = if len >= 4 {
                let half =
                    |at: usize| u32::from_le_bytes(rest[at..at + 4].try_into().unwrap_or_default());
                u64::from(half(0)) | u64::from(half(len - 4)) << 32
            } else {
                u64::from(rest[0]) | u64::from(rest[len / 2]) << 8 | u64::from(rest[len - 1]) << 16
            };
            self.add(word ^ (len as u64) << 56);
        }
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }
}

/// Strings of attribute keys, direct-mapped by a cheap hash of their text
/// (hashing keys for a map took about a tenth of a small post's build): a key
/// whose slot holds another key replaces it. Each string held is one
/// reference. Only the slots in use are ever read (and released): a call on
/// a small post pays nothing for the table.
struct KeyCache<'i> {
    slots: [MaybeUninit<(&'i [u8], *mut zend_string)>; KEY_SLOTS],
    /// Which slots hold a string (bit `n` for slot `n`).
    used: u64,
}

/// Slots of [`KeyCache`] (a power of two, as many as `used` has bits).
const KEY_SLOTS: usize = 64;

impl<'i> KeyCache<'i> {
    fn new() -> Self {
        KeyCache {
            slots: [const { MaybeUninit::uninit() }; KEY_SLOTS],
            used: 0,
        }
    }

    /// The string of `key` (the cache keeps its reference).
    #[inline]
    fn get(&mut self, key: &'i [u8]) -> *mut zend_string {
        let at = slot_of(key);
        if self.used & (1 << at) != 0 {
            // SAFETY: the slot's bit says it was written.
            let (known, string) = unsafe { self.slots[at].assume_init() };
            if known == key {
                return string;
            }
            zend::release(&mut zend::string_zval(string));
        }
        self.used |= 1 << at;
        let string = zend::new_string(key);
        self.slots[at].write((key, string));
        string
    }

    /// Releases every string.
    fn release(&mut self) {
        while self.used != 0 {
            let at = self.used.trailing_zeros() as usize;
            self.used &= self.used - 1;
            // SAFETY: the slot's bit says it was written.
            let (_, string) = unsafe { self.slots[at].assume_init() };
            zend::release(&mut zend::string_zval(string));
        }
    }

    /// Forgets every string without releasing it (see [`PhpBuilder::abandon`]).
    fn forget(&mut self) {
        self.used = 0;
    }
}

/// A key's slot: its length and up to 8 bytes from each end, mixed (loads of
/// fixed size: a copy of a variable length would call `memcpy`).
#[inline]
fn slot_of(key: &[u8]) -> usize {
    let len = key.len();
    let word = |at: usize| u64::from_le_bytes(key[at..at + 8].try_into().unwrap_or_default());
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            key[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    let (head, tail) = match len {
        8.. => (word(0), word(len - 8)),
        4.. => (half(0), half(len - 4)),
        1.. => (u64::from(key[0]) | u64::from(key[len - 1]) << 8, 0),
        0 => (0, 0),
    };
    let mixed = (head ^ tail.rotate_left(23) ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (64 - KEY_SLOTS.trailing_zeros())) as usize
}

/// Attribute texts and leaf HTML up to this many bytes are looked up to be
/// shared (longer ones rarely repeat, and hashing them costs).
const SHARE_UP_TO: usize = 32;

/// Blocks made key by key before a template is made for the rest.
const BLOCKS_BEFORE_TEMPLATE: usize = 4;

/// Buffers kept between calls (their capacity, empty), so that a call on a
/// small post allocates no Rust memory for them.
#[derive(Default)]
struct Buffers {
    stack: Vec<zend::Val>,
    names: Vec<*mut zend_string>,
    json: Vec<u8>,
    events: PhpEvents<'static>,
}

thread_local! {
    static BUFFERS: std::cell::Cell<Buffers> = const { std::cell::Cell::new(Buffers {
        stack: Vec::new(),
        names: Vec::new(),
        json: Vec::new(),
        events: PhpEvents::new(),
    }) };
}

/// Buffers larger than this many items are not kept.
const KEEP_UP_TO: usize = 1 << 16;

/// The core broke its protocol (a bug, not bad input).
#[derive(Debug)]
pub struct OutOfOrder;

type Result = std::result::Result<(), OutOfOrder>;

impl<'i> PhpBuilder<'i> {
    pub fn new(input: &'i Input<'i>, keys: &'static Keys, php_json: bool) -> Self {
        let Buffers {
            stack,
            names,
            json,
            events,
        } = BUFFERS.take();
        PhpBuilder {
            input,
            keys,
            stack,
            names,
            json,
            events: events.recycle(),
            php_json,
            block_template: std::ptr::null_mut(),
            blocks_made: 0,
            key_strings: KeyCache::new(),
            attrs_cache: HashMap::default(),
            leaf_cache: HashMap::default(),
            current: usize::MAX,
            last_attrs: None,
            last_attrs_error: None,
        }
    }

    /// Remembers what decoding `text` leaves in `json_last_error()` when a
    /// block's attributes are made from it: the last attribute text of the
    /// document (`Document::last_attrs`).
    pub fn watch_last_attrs(&mut self, text: Option<&'i str>) {
        self.last_attrs = text;
        self.last_attrs_error = None;
    }

    /// Leaves `json_last_error()` as `WP_Block_Parser` does after a parse: as
    /// decoding the document's last attribute text left it. Blocks are made
    /// in output order (blocks left open at the end come out innermost
    /// first), so the decoding made last need not be that one; a closer's
    /// attributes, which no block keeps, are decoded here.
    pub fn settle_json_error(&mut self) {
        let Some(text) = self.last_attrs else {
            return;
        };
        match self.last_attrs_error {
            Some(code) => zend::set_json_error(code),
            None => zend::release(&mut zend::json_decode(
                self.input.bytes(text),
                &mut self.json,
            )),
        }
    }

    /// The one value left once the core has built everything.
    pub fn finish(&mut self) -> std::result::Result<zend::Val, OutOfOrder> {
        match (self.stack.pop(), self.stack.is_empty()) {
            (Some(value), true) => Ok(value),
            (Some(mut value), false) => {
                zend::release(&mut value);
                Err(OutOfOrder)
            }
            _ => Err(OutOfOrder),
        }
    }

    /// Forgets every value without releasing it: after the engine bailed out
    /// of the request, which frees request memory itself.
    pub fn abandon(mut self) {
        self.stack.clear();
        self.names.clear();
        self.key_strings.forget();
        self.attrs_cache.clear();
        self.leaf_cache.clear();
        self.block_template = std::ptr::null_mut();
    }

    #[inline]
    fn push(&mut self, value: zend::Val) -> Result {
        self.stack.push(value);
        Ok(())
    }

    #[inline]
    fn start_of(&self, len: usize) -> std::result::Result<usize, OutOfOrder> {
        self.stack.len().checked_sub(len).ok_or(OutOfOrder)
    }

    /// Pops the top `len` values into a new list.
    fn pop_list(&mut self, len: usize) -> Result {
        let start = self.start_of(len)?;
        let list = zend::list(&self.stack[start..]);
        self.stack.truncate(start);
        self.push(list)
    }

    /// A block array of `values` (moved), in the order of `Keys::block`:
    /// the first few made key by key, the rest copied from a template (one
    /// allocation and a copy of the hash instead of five insertions), which
    /// pays for itself after a few blocks.
    fn block_array(&mut self, values: &mut [zend::Val; 5]) -> zend::Val {
        if self.block_template.is_null() {
            self.blocks_made += 1;
            if self.blocks_made <= BLOCKS_BEFORE_TEMPLATE {
                let table = zend::new_table(5);
                for (key, value) in self.keys.block.iter().zip(values.iter_mut()) {
                    // SAFETY: a new table; the keys are distinct and not integers.
                    unsafe { zend::insert_known(table, *key, value) };
                }
                return zend::array_zval(table);
            }
            self.block_template = zend::template(&self.keys.block);
        }
        // SAFETY: the template has the five block keys and nulls.
        unsafe { zend::dup_template(self.block_template, values) }
    }
}

impl<'i> PhpBuilder<'i> {
    /// The attributes decoded from `text`, shared when the same short text
    /// was decoded before; `json_last_error()` left as `json_decode` leaves it.
    fn attrs_value(&mut self, text: &'i str) -> std::result::Result<zend::Val, OutOfOrder> {
        let bytes = self.input.bytes(text);
        if bytes.len() > SHARE_UP_TO {
            return self.decode(text);
        }
        if let Some(shared) = self.attrs_cache.get(bytes) {
            zend::json_succeeded();
            return Ok(zend::copy(shared));
        }
        let value = self.decode(text)?;
        if zend::is_array(&value) {
            self.attrs_cache.insert(bytes, zend::copy(&value));
        }
        Ok(value)
    }

    /// `json_decode($text, true)` of attribute text `text`, leaving
    /// `json_last_error()` as it does: the core's quick decoder, PHP's own
    /// where the core leaves the text to us.
    fn decode(&mut self, text: &'i str) -> std::result::Result<zend::Val, OutOfOrder> {
        if !self.php_json && self.quick_decode(text)? {
            zend::json_succeeded();
            return self.stack.pop().ok_or(OutOfOrder);
        }
        Ok(zend::json_decode(self.input.bytes(text), &mut self.json))
    }

    /// Pushes `text` decoded by the core, when it decodes it.
    fn quick_decode(&mut self, text: &'i str) -> std::result::Result<bool, OutOfOrder> {
        let mut events = std::mem::take(&mut self.events);
        let quick = build_php_attrs(text, self, &mut events);
        self.events = events;
        quick
    }
}

/// A block's `attrs` as `gutenberg_post_parser_parse()` makes them from its
/// attribute text `text` (`[]` when absent), leaving `json_last_error()` as
/// `json_decode` does.
pub fn attrs_of<'i>(
    input: &'i Input<'i>,
    keys: &'static Keys,
    text: Option<&'i str>,
) -> std::result::Result<zend::Val, OutOfOrder> {
    match text {
        None => Ok(zend::empty_array()),
        Some(text) => PhpBuilder::new(input, keys, false).decode(text),
    }
}

impl Drop for PhpBuilder<'_> {
    fn drop(&mut self) {
        for value in &mut self.stack {
            zend::release(value);
        }
        for name in self.names.drain(..) {
            if !name.is_null() {
                zend::release(&mut zend::string_zval(name));
            }
        }
        if !self.block_template.is_null() {
            // SAFETY: the builder's own table, used by nothing else.
            unsafe { zend::destroy(self.block_template) };
        }
        self.key_strings.release();
        for (_, mut value) in self.attrs_cache.drain() {
            zend::release(&mut value);
        }
        for (_, mut value) in self.leaf_cache.drain() {
            zend::release(&mut value);
        }
        self.stack.clear();
        self.json.clear();
        if self
            .stack
            .capacity()
            .max(self.names.capacity())
            .max(self.json.capacity())
            .max(self.events.capacity())
            <= KEEP_UP_TO
        {
            BUFFERS.set(Buffers {
                stack: std::mem::take(&mut self.stack),
                names: std::mem::take(&mut self.names),
                json: std::mem::take(&mut self.json),
                events: std::mem::take(&mut self.events).recycle(),
            });
        }
    }
}

impl<'a> Builder<'a> for PhpBuilder<'a> {
    type Error = OutOfOrder;

    fn null(&mut self) -> Result {
        self.push(zend::null())
    }

    fn bool(&mut self, value: bool) -> Result {
        self.push(zend::boolean(value))
    }

    fn number(&mut self, value: f64) -> Result {
        // Not reached for PHP-dialect documents (their numbers come as `int`
        // and `float`).
        self.push(zend::double(value))
    }

    fn string(&mut self, value: &Str<'a>) -> Result {
        let bytes = match value.as_borrowed() {
            Some(text) => self.input.bytes(text),
            None => value.as_wtf8(),
        };
        self.push(zend::string(bytes))
    }

    fn key(&mut self, key: &Str<'a>) -> Result {
        let Some(text) = key.as_borrowed() else {
            return self.string(key);
        };
        let string = self.key_strings.get(self.input.bytes(text));
        let value = zend::copy(&zend::string_zval(string));
        self.push(value)
    }

    fn int(&mut self, value: i64) -> Result {
        self.push(zend::long(value))
    }

    fn float(&mut self, value: f64) -> Result {
        self.push(zend::double(value))
    }

    fn int_key(&mut self, key: i64) -> Result {
        self.push(zend::long(key))
    }

    fn array(&mut self, len: usize) -> Result {
        self.pop_list(len)
    }

    fn object(&mut self, len: usize) -> Result {
        let start = self.start_of(2 * len)?;
        if len == 0 {
            return self.push(zend::empty_array());
        }
        let table = zend::new_table(len);
        for pair in self.stack[start..].chunks_exact_mut(2) {
            let mut key = zend::bits(&pair[0]);
            // SAFETY: the key is an integer or a string the builder made;
            // insertion raises a string's count, so the builder's reference
            // is dropped after.
            unsafe {
                match zend::integer(&key) {
                    Some(index) => zend::insert_index(table, index, &mut pair[1]),
                    // The core's keys are unique and never integer-like
                    // (those come as `int_key`).
                    None => zend::insert_known(table, key.value.str_, &mut pair[1]),
                }
            }
            zend::release(&mut key);
        }
        self.stack.truncate(start);
        self.push(zend::array_zval(table))
    }

    fn raw_attrs(&mut self, text: Html<'a>) -> Result {
        let value = self.attrs_value(text.text)?;
        if self
            .last_attrs
            .is_some_and(|last| std::ptr::eq(last, text.text))
        {
            self.last_attrs_error = Some(zend::json_error());
        }
        self.push(value)
    }

    fn name(&mut self, name: Option<BlockName<'a>>, id: usize) -> Result {
        let Some(name) = name else {
            self.current = usize::MAX;
            return self.null();
        };
        self.current = id;
        if id >= self.names.len() {
            self.names.resize(id + 1, std::ptr::null_mut());
        }
        if self.names[id].is_null() {
            // The full name without formatting a String: `core/` is implied
            // when the name has no namespace.
            let written = name.as_written().as_bytes();
            self.names[id] = if name.has_namespace() {
                zend::new_string(written)
            } else {
                self.json.clear();
                self.json.extend_from_slice(b"core/");
                self.json.extend_from_slice(written);
                zend::new_string(&self.json)
            };
        }
        let value = zend::copy(&zend::string_zval(self.names[id]));
        self.push(value)
    }

    fn html(&mut self, html: Html<'a>) -> Result {
        let value = zend::string(self.input.bytes(html.text));
        self.push(value)
    }

    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> Result {
        self.json.clear();
        self.json.reserve(len);
        for piece in pieces {
            self.json.extend_from_slice(self.input.bytes(piece));
        }
        let value = zend::string(&self.json);
        self.push(value)
    }

    fn dup(&mut self, depth: usize) -> Result {
        let at = self.start_of(depth + 1)?;
        let value = zend::copy(&self.stack[at]);
        self.push(value)
    }

    fn leaf(&mut self, _id: NodeId, html: Html<'a>) -> Result {
        let start = self.start_of(2)?;
        let bytes = self.input.bytes(html.text);
        // Shared only without attributes: the name and the shared empty
        // array (absent attributes) are below the HTML.
        let shareable = bytes.len() <= SHARE_UP_TO && zend::is_empty_array(&self.stack[start + 1]);
        if shareable {
            if let Some(shared) = self.leaf_cache.get(&(self.current, bytes)) {
                let block = zend::copy(shared);
                for value in &mut self.stack[start..] {
                    zend::release(value);
                }
                self.stack.truncate(start);
                return self.push(block);
            }
        }
        let html = zend::string(bytes);
        let content = zend::list(&[zend::copy(&html)]);
        let mut values = [
            zend::bits(&self.stack[start]),
            zend::bits(&self.stack[start + 1]),
            zend::empty_array(),
            html,
            content,
        ];
        self.stack.truncate(start);
        let block = self.block_array(&mut values);
        if shareable {
            self.leaf_cache
                .insert((self.current, bytes), zend::copy(&block));
        }
        self.push(block)
    }

    fn block(&mut self, _id: NodeId) -> Result {
        let start = self.start_of(5)?;
        let mut values = [0, 1, 2, 3, 4].map(|at| zend::bits(&self.stack[start + at]));
        self.stack.truncate(start);
        let block = self.block_array(&mut values);
        self.push(block)
    }
}

impl<'a> WalkBuilder<'a> for PhpBuilder<'a> {
    /// `['blockName', 'attrs', 'depth', 'start', 'end', 'opener', 'closer',
    /// 'void']`, offsets in bytes, `opener`/`closer` as `[start, end]` or null.
    fn walk_entry(&mut self, entry: WalkEntry) -> Result {
        let start = self.start_of(2)?;
        let span = |range: Option<std::ops::Range<usize>>| match range {
            Some(range) => {
                zend::list(&[zend::long(range.start as i64), zend::long(range.end as i64)])
            }
            None => zend::null(),
        };
        let mut values = [
            zend::bits(&self.stack[start]),
            zend::bits(&self.stack[start + 1]),
            zend::long(entry.depth as i64),
            zend::long(entry.span.start as i64),
            zend::long(entry.span.end as i64),
            span(entry.opener),
            span(entry.closer),
            zend::boolean(entry.void),
        ];
        self.stack.truncate(start);
        let table = zend::new_table(values.len());
        for (key, value) in self.keys.walk.iter().zip(values.iter_mut()) {
            // SAFETY: a new table; the keys are distinct and not integers.
            unsafe { zend::insert_known(table, *key, value) };
        }
        self.push(zend::array_zval(table))
    }
}
