//! Building an edited `str` from the original `str` and the core's segments.
//!
//! The limited API (abi3) cannot fill a new `str` in place, so kept runs are
//! sliced out of the original object by code point (no UTF-8 is decoded
//! again). A single splice, the usual edit, is grown in place from its first
//! slice with `PyUnicode_Append` (CPython reallocates a `str` that nothing
//! else references, and the allocator extends the block where it lies), so
//! the prefix is copied once; longer lists of pieces are joined, each piece
//! copied twice.

use gutenberg_post_parser::edit::Segment;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

/// At most this many pieces are appended one by one; more are joined, so
/// that the reallocations stay a constant number whatever the edits.
const MAX_APPENDED: usize = 3;

/// The edited text: `segments` of `source` (the UTF-8 of `original`).
pub fn splice<'py, 'e>(
    original: &Bound<'py, PyString>,
    source: &str,
    segments: impl Iterator<Item = Segment<'e>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = original.py();
    let mut chars = CharOffsets::new(source, original.len()?);
    let pieces: Vec<Piece<'e>> = segments
        .map(|segment| match segment {
            Segment::Source(range) => {
                let start = chars.at(range.start);
                Piece::Kept(start, chars.at(range.end))
            }
            Segment::Text(text) => Piece::New(text),
        })
        .collect();
    let object = |piece: &Piece<'_>| match *piece {
        Piece::Kept(start, end) => substring(original, start, end),
        Piece::New(text) => Ok(PyString::new(py, text).into_any()),
    };
    let Some((first, rest)) = pieces.split_first() else {
        return Ok(PyString::new(py, "").into_any());
    };
    if pieces.len() > MAX_APPENDED {
        let list = PyList::empty(py);
        for piece in &pieces {
            list.append(object(piece)?)?;
        }
        return PyString::new(py, "").call_method1("join", (list,));
    }
    // The first piece is made last, so that it is the newest allocation
    // (usually at the top of the heap) and the appends grow it in place.
    let rest = rest.iter().map(object).collect::<PyResult<Vec<_>>>()?;
    let mut text = object(first)?;
    for piece in &rest {
        text = append(text, piece)?;
    }
    Ok(text)
}

/// A run of the edited text.
enum Piece<'e> {
    /// Code points `start..end` of the original.
    Kept(usize, usize),
    /// New text.
    New(&'e str),
}

/// `left + right`, in place when CPython can resize `left`.
fn append<'py>(left: Bound<'py, PyAny>, right: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = left.py();
    let mut pointer = left.into_ptr();
    // SAFETY: `pointer` is an owned reference to a `str`, which
    // `PyUnicode_Append` consumes, leaving in its place an owned reference to
    // the result, or NULL with an error set.
    unsafe {
        ffi::PyUnicode_Append(&mut pointer, right.as_ptr());
        Bound::from_owned_ptr_or_err(py, pointer)
    }
}

/// `text[start:end]`, by code point.
fn substring<'py>(
    text: &Bound<'py, PyString>,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: `text` is a live `str`; the call returns a new reference or
    // NULL with an error set.
    unsafe {
        let slice = ffi::PyUnicode_Substring(
            text.as_ptr(),
            start as ffi::Py_ssize_t,
            end as ffi::Py_ssize_t,
        );
        Bound::from_owned_ptr_or_err(text.py(), slice)
    }
}

/// Code-point offsets of increasing byte offsets of a UTF-8 text whose
/// length in code points is known: each offset counts from the previous one
/// or back from the end, whichever is nearer, so a splice near the end of a
/// long text counts only the bytes after it.
struct CharOffsets<'s> {
    source: &'s str,
    chars: usize,
    byte: usize,
    char: usize,
}

impl<'s> CharOffsets<'s> {
    fn new(source: &'s str, chars: usize) -> Self {
        CharOffsets {
            source,
            chars,
            byte: 0,
            char: 0,
        }
    }

    /// The code-point offset of `byte`, at or after the previous one asked.
    fn at(&mut self, byte: usize) -> usize {
        let char = if byte - self.byte <= self.source.len() - byte {
            self.char + count_chars(&self.source[self.byte..byte])
        } else {
            self.chars - count_chars(&self.source[byte..])
        };
        (self.byte, self.char) = (byte, char);
        char
    }
}

/// Number of characters (code points) in `text` (the standard library's
/// count is vectorized: about 20 GB/s).
fn count_chars(text: &str) -> usize {
    text.chars().count()
}
