//! The WebAssembly module of the `gutenberg-post-parser` npm package: the core
//! behind raw exports, which `lib/core.mjs` wraps in the package's API.
//!
//! `parse` and `walk`: JavaScript copies the string into the module, and the
//! module narrows it to one byte per UTF-16 unit (`narrow`). Node writes its
//! UTF-16 units with `Buffer` a chunk at a time ([`gpp_units`]) and
//! [`gpp_narrow`] narrows each chunk into the document ([`gpp_input`];
//! chunks that fit the CPU's cache make this about as cheap as one copy).
//! When the first chunk has no unit above 0xff ([`gpp_narrow`] says), the
//! units after it up to the first one above 0xff (all of them, for V8's
//! one-byte strings) go in as Latin-1, a plain copy, narrowed in place
//! ([`gpp_narrow_latin1`]). Browsers have no fast way to UTF-16 but
//! `TextEncoder.encodeInto`, fastest on the whole string: they write UTF-8
//! into the document ([`gpp_input_utf8`]) and [`gpp_narrow_utf8`] narrows it
//! in place. [`gpp_parse`] parses the document and has the core build the
//! result onto a tape of constructor calls (`tape`), attributes included,
//! which JavaScript replays with slices of its own string. `serialize`: the
//! core reads the JavaScript values through the module's imports (`reader`)
//! and writes the markup. Built with the `find` feature (the package's second
//! module), it also keeps parsed documents for `Document`'s find and edit
//! (`document`).
//!
//! Buffers are kept and reused, so linear memory grows to what the largest
//! document needed and no further. A panic traps (the module is built with
//! `panic = "abort"`); the JavaScript side then makes a new instance.

#[cfg(feature = "find")]
mod document;
mod keys;
mod narrow;
mod reader;
mod tape;

use std::cell::RefCell;

use gutenberg_post_parser::build::{Prepared, Scratch};
use gutenberg_post_parser::json::JsEvents;
use gutenberg_post_parser::limits::{
    ExpansionLimitError, Limits, Sharing, AMPLIFICATION, DEFAULT_MAX_OUTPUT_BYTES,
};
use gutenberg_post_parser::read::{serialize_host, ReadError, Required};

use crate::keys::Keys;
use crate::reader::JsReader;
use crate::tape::Tape;

/// How many UTF-16 units JavaScript copies in at a time.
const CHUNK: usize = 16 * 1024;

/// What the module keeps between calls.
#[derive(Default)]
struct State {
    /// One chunk of the document as UTF-16 units ([`CHUNK`] of them).
    units: Vec<u16>,
    /// The document, narrowed; before [`gpp_narrow_utf8`], its UTF-8. ASCII
    /// only once narrowed: [`gpp_parse`] takes it as a `&str`.
    document: Vec<u8>,
    /// Whether the document may hold bytes that are not narrowed (UTF-8
    /// written since the last [`gpp_narrow_utf8`]).
    raw: bool,
    /// The last parse's tape.
    tape: Vec<u32>,
    /// Which name ids the tape has made (reused by each parse).
    names: Vec<bool>,
    /// The attribute keys JavaScript has made (kept across parses).
    keys: Keys,
    /// The tape's working memory for attributes (reused by each parse).
    events: JsEvents<'static>,
    /// The last call's text results: `serialize`'s markup, or an error's
    /// message (and, for an invalid block, its path).
    texts: [String; 2],
    /// The last error's numbers (see [`gpp_number`]).
    numbers: [f64; 3],
    /// Where the last parse's tape starts, and how many words it holds (see
    /// [`gpp_result`]).
    result: [u32; 2],
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// `gpp_parse` and `gpp_serialize`: it worked.
const OK: u32 = 0;
/// `gpp_parse`: over the expansion limit (numbers: output units, limit,
/// document units; text 0: the message).
const TOO_LARGE: u32 = 1;
/// `gpp_serialize`: a value that is not a block of the reference's shape
/// (number 0: the block's index; texts: message, path).
const INVALID: u32 = 1;
/// `gpp_serialize`: JavaScript threw while a value was read.
const THREW: u32 = 2;
/// `gpp_parse`: an attribute string or key that is not a slice of the
/// document reached the tape (never expected; JavaScript then makes a new
/// instance, as the module's attribute keys may be ahead of its own).
const INTERNAL: u32 = 9;

/// Makes room for a document of `len` UTF-16 units and returns where it goes:
/// JavaScript writes its units a chunk at a time into [`gpp_units`]'s
/// buffer, each chunk followed by [`gpp_narrow`], and may write a run of
/// units below 0x100 here as Latin-1, one byte each, for
/// [`gpp_narrow_latin1`].
#[no_mangle]
pub extern "C" fn gpp_input(len: usize) -> *mut u8 {
    STATE.with_borrow_mut(|state| {
        grow(&mut state.document, len);
        state.document.as_mut_ptr()
    })
}

/// The buffer for [`CHUNK`] UTF-16 units of the document, which JavaScript
/// fills before each [`gpp_narrow`].
#[no_mangle]
pub extern "C" fn gpp_units() -> *mut u16 {
    STATE.with_borrow_mut(|state| {
        grow(&mut state.units, CHUNK);
        state.units.as_mut_ptr()
    })
}

/// Makes room for the UTF-8 of a document of `len` UTF-16 units (3 bytes
/// each) and returns where it goes: JavaScript writes it there, then calls
/// [`gpp_narrow_utf8`].
#[no_mangle]
pub extern "C" fn gpp_input_utf8(len: usize) -> *mut u8 {
    STATE.with_borrow_mut(|state| {
        grow(&mut state.document, 3 * len);
        state.raw = true;
        state.document.as_mut_ptr()
    })
}

/// Makes `buffer` at least `len` long; buffers never shrink.
fn grow<T: Copy + Default>(buffer: &mut Vec<T>, len: usize) {
    if buffer.len() < len {
        buffer.resize(len, T::default());
    }
}

/// [`CHUNK`], for JavaScript.
#[no_mangle]
pub extern "C" fn gpp_chunk() -> usize {
    CHUNK
}

/// Seeds the hash of the attribute key table with random bits from
/// JavaScript (`keys`), which calls this once per instance, before any
/// parse.
#[no_mangle]
pub extern "C" fn gpp_seed(low: u32, high: u32) {
    STATE.with_borrow_mut(|state| {
        state.keys = Keys::with_seed(u64::from(high) << 32 | u64::from(low))
    });
}

/// Narrows the first `len` units of [`gpp_units`]'s buffer into the document
/// from unit `at` on; returns whether any of them is above 0xff (if none of
/// a document's first chunk is, the rest may be a V8 one-byte string's,
/// which JavaScript then copies as Latin-1).
#[no_mangle]
pub extern "C" fn gpp_narrow(at: usize, len: usize) -> bool {
    STATE.with_borrow_mut(|state| {
        narrow::utf16(&state.units[..len], &mut state.document[at..at + len])
    })
}

/// Narrows, in place, the `len` bytes written as Latin-1 at unit `at` of the
/// document.
#[no_mangle]
pub extern "C" fn gpp_narrow_latin1(at: usize, len: usize) {
    STATE.with_borrow_mut(|state| narrow::latin1_in_place(&mut state.document[at..at + len]));
}

/// Narrows, in place, the `len` bytes of UTF-8 written at
/// [`gpp_input_utf8`]'s buffer, and returns how many UTF-16 units they were.
#[no_mangle]
pub extern "C" fn gpp_narrow_utf8(len: usize) -> usize {
    STATE.with_borrow_mut(|state| {
        let units = narrow::utf8_in_place(&mut state.document, len);
        // What lies past the narrowed units is bytes of the UTF-8 text.
        state.document[units..len].fill(0);
        state.raw = false;
        units
    })
}

/// Parses the first `len` units of the document and writes the tape of the
/// reference's blocks (`walk == 0`) or of the walk's entries.
///
/// `max_output`: the expansion limit in UTF-16 units of text; 0 for none.
/// Returns [`OK`], [`TOO_LARGE`] or [`INTERNAL`].
#[no_mangle]
pub extern "C" fn gpp_parse(len: usize, max_output: f64, walk: u32) -> u32 {
    STATE.with_borrow_mut(|state| parse(state, len, max_output, walk))
}

/// [`gpp_narrow`] of the first `len` units of [`gpp_units`]'s buffer (at
/// most [`CHUNK`]) into the document, then [`gpp_parse`], in one call: for
/// short documents, where each call into the module counts.
#[no_mangle]
pub extern "C" fn gpp_parse_units(len: usize, max_output: f64, walk: u32) -> u32 {
    STATE.with_borrow_mut(|state| {
        grow(&mut state.document, len);
        narrow::utf16(&state.units[..len], &mut state.document[..len]);
        parse(state, len, max_output, walk)
    })
}

/// See [`gpp_parse`].
fn parse(state: &mut State, len: usize, max_output: f64, walk: u32) -> u32 {
    assert!(!state.raw, "gpp_narrow_utf8 must follow gpp_input_utf8");
    let State {
        document,
        tape,
        names,
        keys,
        events,
        texts,
        numbers,
        result,
        ..
    } = state;
    // SAFETY: the document holds only ASCII once narrowed (see
    // `State::document`), which it is: `raw` is false.
    let source = unsafe { std::str::from_utf8_unchecked(&document[..len]) };
    let document = gutenberg_post_parser::parse(source);
    // The walk holds names and attributes only: linear in the document.
    let limits = match walk {
        0 => Limits {
            max_output_bytes: Some(max_output as u64),
        },
        _ => Limits::UNLIMITED,
    };
    // V8's slices share the string they come from (and `+` makes ropes),
    // so only joined `innerHTML`s are new text.
    let sharing = Sharing {
        all_runs: true,
        ..Sharing::TREE
    };
    let prepared = match Prepared::with_raw_attrs(document, &limits, sharing) {
        Ok(prepared) => prepared,
        Err(error) => {
            *numbers = [
                error.output_bytes as f64,
                error.limit as f64,
                error.document_bytes as f64,
            ];
            texts[0] = limit_message(&error);
            return TOO_LARGE;
        }
    };
    let mut builder = Tape::new(tape, names, keys, std::mem::take(events).recycle(), source);
    let built = match walk {
        0 => prepared.build(&mut builder, &mut Scratch::default()),
        _ => prepared.build_walk(&mut builder, &mut Scratch::default()),
    };
    *events = builder.into_events().recycle();
    *result = [tape.as_ptr() as u32, tape.len() as u32];
    match built {
        Ok(()) => OK,
        Err(_) => INTERNAL,
    }
}

/// The message of `ExpansionLimitError`, in the package's words.
fn limit_message(error: &ExpansionLimitError) -> String {
    format!(
        "the result would hold {} UTF-16 units of text, over the limit of {} (the larger of \
         maxOutputBytes and {AMPLIFICATION} times the document's length, {}): unclosed blocks \
         each hold the rest of the document; raise maxOutputBytes, or pass null for no limit",
        error.output_bytes, error.limit, error.document_bytes
    )
}

/// Where two words lie that say where the last parse's tape starts and how
/// many words it holds; the same place for the instance's life, so
/// JavaScript asks once.
#[no_mangle]
pub extern "C" fn gpp_result() -> *const u32 {
    STATE.with_borrow(|state| state.result.as_ptr())
}

/// Block markup for the `roots` blocks at handles `0..roots` of the
/// JavaScript side's table, read through the imports. Returns [`OK`] (text 0:
/// the markup), [`INVALID`] or [`THREW`].
#[no_mangle]
pub extern "C" fn gpp_serialize(roots: u32) -> u32 {
    let required = Required {
        attrs: true,
        inner_blocks: true,
    };
    let result = serialize_host(&mut JsReader::default(), (0..roots).collect(), required);
    STATE.with_borrow_mut(|state| match result {
        Ok(markup) => {
            state.texts[0] = markup;
            OK
        }
        Err(ReadError::Host(_)) => THREW,
        Err(ReadError::Invalid(invalid)) => {
            state.texts[0] = reader::message(&invalid);
            state.numbers[0] = invalid.block as f64;
            state.texts[1] = invalid.path;
            INVALID
        }
    })
}

/// Where text `at` of the last call starts (UTF-8).
#[no_mangle]
pub extern "C" fn gpp_text(at: usize) -> *const u8 {
    STATE.with_borrow(|state| state.texts[at].as_ptr())
}

/// How many bytes text `at` of the last call holds.
#[no_mangle]
pub extern "C" fn gpp_text_len(at: usize) -> usize {
    STATE.with_borrow(|state| state.texts[at].len())
}

/// Number `at` of the last error.
#[no_mangle]
pub extern "C" fn gpp_number(at: usize) -> f64 {
    STATE.with_borrow(|state| state.numbers[at])
}

/// The core's default expansion limit, which the JavaScript side also states.
#[no_mangle]
pub extern "C" fn gpp_default_max_output_bytes() -> f64 {
    DEFAULT_MAX_OUTPUT_BYTES as f64
}

/// Panics, so trapping: for the test that a trap leaves the package usable.
#[no_mangle]
pub extern "C" fn gpp_trap() {
    panic!("gpp_trap: a trap on purpose");
}
