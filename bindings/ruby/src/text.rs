//! Ruby strings as UTF-8 text, both ways.

use std::os::raw::c_long;

use gutenberg_post_parser::Utf8Error;
use magnus::encoding::{EncodingCapable, RbEncoding};
use magnus::{Error, RString, Ruby};
use rb_sys::VALUE;

use crate::errors;

/// Whether strings in `string`'s encoding hold UTF-8 bytes as they are: UTF-8,
/// US-ASCII (a subset) and binary (ASCII-8BIT, raw bytes).
fn holds_utf8(ruby: &Ruby, string: RString) -> bool {
    let index = string.enc_get();
    index == ruby.utf8_encindex()
        || index == ruby.usascii_encindex()
        || index == ruby.ascii8bit_encindex()
}

/// Checks that `string`'s encoding holds UTF-8 bytes; `what` names the string in
/// the error message.
pub fn check_encoding(ruby: &Ruby, string: RString, what: &str) -> Result<(), Error> {
    if holds_utf8(ruby, string) {
        return Ok(());
    }
    let encoding = RbEncoding::from(string.enc_get());
    Err(errors::error(
        ruby,
        format!(
            "{what} must be UTF-8 text (a UTF-8, US-ASCII or binary String), got {}; \
             convert it with String#encode(\"UTF-8\")",
            encoding.name()
        ),
    ))
}

/// The error for text whose bytes are not UTF-8, giving the byte offset.
pub fn invalid_utf8(ruby: &Ruby, what: &str, error: Utf8Error) -> Error {
    errors::error(ruby, format!("{what}: {error}"))
}

/// `bytes` as text, or the error naming `what` and the offset of the first
/// byte that is not UTF-8.
pub fn utf8<'b>(ruby: &Ruby, bytes: &'b [u8], what: &str) -> Result<&'b str, Error> {
    std::str::from_utf8(bytes).map_err(|error| invalid_utf8(ruby, what, error.into()))
}

/// The text of `string`, borrowed without a copy. Its encoding must hold UTF-8
/// bytes and its bytes must be UTF-8; `what` names it in the error otherwise.
///
/// # Safety
/// The borrow must end before the string can change or move: hold a
/// [`crate::no_gc::NoGc`] and run no Ruby code for `'r`.
pub unsafe fn borrow<'r>(ruby: &Ruby, string: RString, what: &str) -> Result<&'r str, Error> {
    check_encoding(ruby, string, what)?;
    // SAFETY: the caller keeps the bytes in place for `'r`.
    let bytes: &'r [u8] = unsafe {
        let bytes = string.as_slice();
        std::slice::from_raw_parts(bytes.as_ptr(), bytes.len())
    };
    utf8(ruby, bytes, what)
}

/// A new UTF-8 Ruby string holding a copy of `text`.
///
/// # Safety
/// Raw C API: call with the GVL held, inside [`crate::protected::protected`].
pub unsafe fn new_utf8(text: &str) -> VALUE {
    // SAFETY: `text` is valid for `text.len()` bytes.
    unsafe { rb_sys::rb_utf8_str_new(text.as_ptr().cast(), text.len() as c_long) }
}
