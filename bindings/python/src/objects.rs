//! Thin, checked constructors for the Python objects the converters build in
//! bulk. Each returns an owned [`Bound`], so nothing leaks on an early return,
//! and reports allocation failure as `MemoryError` instead of panicking.

use libc::wchar_t;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// From this size on, non-ASCII text is made into a `str` through `wchar_t`
/// (see [`new_str`]).
const WIDEN_FROM: usize = 64 * 1024;

/// A new `str` holding `text`.
///
/// CPython decodes UTF-8 fast while it is ASCII; once it meets a wider
/// character it goes character by character and regrows its buffer, which
/// for long text costs more than the decoding (fresh memory for each regrowth).
/// Long text with non-ASCII characters is therefore widened here to `wchar_t`
/// (in `scratch`, reused between calls), from which CPython sizes the string
/// exactly and copies it in one pass. Short text is faster the direct way.
pub(crate) fn new_str<'py>(
    py: Python<'py>,
    text: &str,
    scratch: &mut Vec<wchar_t>,
) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: each constructor reads exactly the given initialized buffer and
    // returns a new reference or NULL with an error set.
    unsafe {
        let ptr = if text.len() < WIDEN_FROM || text.is_ascii() {
            ffi::PyUnicode_FromStringAndSize(text.as_ptr().cast(), text.len() as isize)
        } else {
            widen_into(text, scratch);
            ffi::PyUnicode_FromWideChar(scratch.as_ptr(), scratch.len() as isize)
        };
        Bound::from_owned_ptr_or_err(py, ptr)
    }
}

/// Replaces the contents of `out` with `text` as `wchar_t`: code points where
/// it has 32 bits, UTF-16 code units on Windows.
fn widen_into(text: &str, out: &mut Vec<wchar_t>) {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    out.clear();
    out.reserve(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        // A run of ASCII, checked eight bytes at a time, widened in one go.
        let start = at;
        while let Some(chunk) = bytes.get(at..at + 8) {
            if u64::from_ne_bytes(chunk.try_into().expect("eight bytes")) & HIGH_BITS != 0 {
                break;
            }
            at += 8;
        }
        while at < bytes.len() && bytes[at] < 0x80 {
            at += 1;
        }
        out.extend(bytes[start..at].iter().map(|&byte| wchar_t::from(byte)));
        // Then one wider character.
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        push_wide(out, c);
        at += c.len_utf8();
    }
}

#[cfg(not(windows))]
fn push_wide(out: &mut Vec<wchar_t>, c: char) {
    out.push(u32::from(c) as wchar_t);
}

#[cfg(windows)]
fn push_wide(out: &mut Vec<wchar_t>, c: char) {
    out.extend_from_slice(c.encode_utf16(&mut [0; 2]));
}

/// A new empty `dict`.
pub(crate) fn new_dict(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    // SAFETY: `PyDict_New` returns a new reference or NULL with an error set.
    unsafe { Ok(Bound::from_owned_ptr_or_err(py, ffi::PyDict_New())?.cast_into_unchecked()) }
}

/// `dict[key] = value`, both borrowed.
pub(crate) fn set_item(
    dict: &Bound<'_, PyDict>,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    // SAFETY: all three are live objects; `PyDict_SetItem` borrows key and value.
    let status = unsafe { ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) };
    check(dict.py(), status)
}

/// `Ok` for a C API status of 0, the pending Python error otherwise.
fn check(py: Python<'_>, status: std::os::raw::c_int) -> PyResult<()> {
    if status == 0 {
        Ok(())
    } else {
        Err(PyErr::fetch(py))
    }
}
