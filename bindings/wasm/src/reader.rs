//! JavaScript's readers for the core's `serialize`: what one JavaScript value
//! is, asked of `lib/core.mjs` through the module's imports.
//!
//! The JavaScript side keeps the values being read in a table; a value is its
//! index there. Reading a list or an object puts its items (or its keys and
//! values, alternately) at the end of the table and says where they start, so
//! the core walks the blocks with its own explicit stack, at any depth, and
//! JavaScript only ever looks at one value at a time. Strings come over as
//! UTF-16 units, lone surrogates kept.

use gutenberg_post_parser::json::Str;
use gutenberg_post_parser::read::{Field, Host, Invalid, Problem, Reader};

/// What the `read` import says a value is.
mod kind {
    pub(super) const NULL: i32 = 0;
    pub(super) const FALSE: i32 = 1;
    pub(super) const TRUE: i32 = 2;
    /// The number is in `reply[0]`.
    pub(super) const NUMBER: i32 = 3;
    /// `reply[0]` units long; the `read_string` import writes them.
    pub(super) const STRING: i32 = 4;
    /// An array: identity in `reply[0]`, `reply[1]` items from handle `reply[2]`.
    pub(super) const LIST: i32 = 5;
    /// A plain object: identity in `reply[0]`, `reply[1]` entries as
    /// key/value handle pairs from handle `reply[2]`.
    pub(super) const MAP: i32 = 6;
    /// Anything else (undefined, functions, symbols, bigints, class instances).
    pub(super) const OTHER: i32 = 7;
    // Any other answer (-1): reading threw, and the JavaScript side keeps the
    // exception to rethrow.
}

#[link(wasm_import_module = "gpp")]
extern "C" {
    /// Says what the value `handle` is ([`kind`]), with details in `reply`.
    fn read(handle: u32, reply: *mut f64) -> i32;
    /// Writes the UTF-16 units of the string `handle` at `to`.
    fn read_string(handle: u32, to: *mut u16);
    /// Adds the JavaScript name of the type of `handle` to the table, as a
    /// string, and returns its handle.
    fn type_name(handle: u32) -> u32;
}

/// The JavaScript side threw while a value was read (a getter, a proxy); it
/// keeps the exception.
#[derive(Debug)]
pub(crate) struct Threw;

/// Reads JavaScript values by handle.
#[derive(Default)]
pub(crate) struct JsReader {
    /// Reused for each string's units.
    units: Vec<u16>,
}

impl JsReader {
    /// Asks what `handle` is.
    fn kind(&self, handle: u32) -> (i32, [f64; 3]) {
        let mut reply = [0.0; 3];
        // SAFETY: the import writes at most three doubles to `reply`.
        let kind = unsafe { read(handle, reply.as_mut_ptr()) };
        (kind, reply)
    }

    /// The string `handle`, `len` units long.
    fn string(&mut self, handle: u32, len: usize) -> Result<Str<'static>, Threw> {
        self.units.clear();
        self.units.reserve(len);
        // SAFETY: `units` has room for `len` units, and the import writes
        // exactly the string's `len` units there; they are then all set.
        unsafe {
            read_string(handle, self.units.as_mut_ptr());
            self.units.set_len(len);
        }
        match String::from_utf16(&self.units) {
            Ok(text) => Ok(Str::new(text)),
            Err(_) => Ok(Str::from_wtf8(wtf8(&self.units))
                .expect("decode_utf16 pairs every surrogate pair, so this is WTF-8")),
        }
    }

    /// `count` consecutive handles from `first`.
    fn handles(first: f64, count: f64) -> impl Iterator<Item = u32> {
        let first = first as u32;
        first..first + count as u32
    }
}

/// `units` as WTF-8: UTF-8, with each lone surrogate encoded as if it were a
/// code point.
fn wtf8(units: &[u16]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(units.len() * 3);
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok(c) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(lone) => {
                let unit = lone.unpaired_surrogate();
                bytes.extend_from_slice(&[
                    0xe0 | (unit >> 12) as u8,
                    0x80 | ((unit >> 6) & 0x3f) as u8,
                    0x80 | (unit & 0x3f) as u8,
                ]);
            }
        }
    }
    bytes
}

impl Reader<'static> for JsReader {
    type Value = u32;
    type Error = Threw;

    fn read(&mut self, handle: &u32) -> Result<Host<'static, u32>, Threw> {
        let (kind, reply) = self.kind(*handle);
        Ok(match kind {
            kind::NULL => Host::Null,
            kind::FALSE => Host::Bool(false),
            kind::TRUE => Host::Bool(true),
            kind::NUMBER => Host::Number(reply[0]),
            kind::STRING => Host::String(self.string(*handle, reply[0] as usize)?),
            kind::LIST => Host::List {
                id: reply[0] as usize,
                items: Self::handles(reply[2], reply[1]).collect(),
            },
            kind::MAP => {
                let mut handles = Self::handles(reply[2], 2.0 * reply[1]);
                let entries = std::iter::from_fn(|| Some((handles.next()?, handles.next()?)));
                Host::Map {
                    id: reply[0] as usize,
                    entries: entries.collect(),
                }
            }
            kind::OTHER => Host::Other,
            _ => return Err(Threw),
        })
    }

    fn type_name(&mut self, handle: &u32) -> String {
        // SAFETY: the import only adds a string to the JavaScript table.
        let name = unsafe { type_name(*handle) };
        match self.kind(name) {
            (kind::STRING, reply) => self.string(name, reply[0] as usize).map_or_else(
                |_| "a value".to_owned(),
                |name| name.to_str_lossy().into_owned(),
            ),
            _ => "a value".to_owned(),
        }
    }
}

/// The message of the error `serialize` throws for `invalid`, in
/// JavaScript's words.
pub(crate) fn message(invalid: &Invalid) -> String {
    let Invalid {
        block,
        path,
        problem,
    } = invalid;
    format!(
        "block {block}: {} (at blocks{path})",
        problem_message(problem)
    )
}

/// The message of the `TypeError` for attributes JSON cannot hold (of
/// `find` or `Editor.setAttrs`), `invalid` from `read_attrs`.
pub(crate) fn attrs_message(invalid: &Invalid) -> String {
    let path = invalid.path.strip_prefix('.').unwrap_or(&invalid.path);
    format!("{} (at {path})", problem_message(&invalid.problem))
}

/// What is wrong, in JavaScript's words.
fn problem_message(problem: &Problem) -> String {
    match problem {
        Problem::NotABlock { found } => format!("expected a block object, not {found}"),
        Problem::Missing(field) => format!("missing property {}", field.key()),
        Problem::WrongType { field, found } => {
            let expected = match field {
                Field::BlockName => "a string or null",
                Field::Attrs => "an object or null",
                Field::InnerBlocks | Field::InnerContent => "an array",
            };
            format!("{} must be {expected}, not {found}", field.key())
        }
        Problem::ContentEntry { found } => {
            format!("innerContent entries must be strings or null, not {found}")
        }
        Problem::AttrsKey { found } => format!("attrs keys must be strings, not {found}"),
        Problem::AttrsValue { found } => format!(
            "attrs values must be null, booleans, numbers, strings, arrays or plain objects, \
             not {found}"
        ),
        Problem::Placeholders { nulls, blocks } => {
            format!("innerContent has {nulls} null entries for {blocks} innerBlocks")
        }
        Problem::BlockCycle => "a block contains itself".to_owned(),
        Problem::AttrsCycle => "attrs contain an array or object inside itself".to_owned(),
        Problem::InvalidName(name) => format!(
            "invalid blockName {name:?}: expected [namespace/]name, each part a lowercase \
             letter followed by lowercase letters, digits, - or _"
        ),
        Problem::LoneSurrogate(field) => format!(
            "{} cannot hold a lone surrogate (only attrs strings can)",
            field.key()
        ),
    }
}
