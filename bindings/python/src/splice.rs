//! Building an edited `str` from the original `str` and the core's segments.
//!
//! The limited API (abi3) cannot fill a new `str` in place, so kept runs are
//! sliced out of the original object by code point (no UTF-8 is decoded
//! again). A single splice, the usual edit, is grown in place from its first
//! slice with `PyUnicode_Append` (CPython reallocates a `str` that nothing
//! else references, and the allocator extends the block where it lies), so
//! the prefix is copied once; a single splice near the start is a
//! `str.replace` of a unique anchor (one copy); longer lists of pieces are
//! joined, each piece copied twice.

use std::ops::Range;

use gutenberg_post_parser::edit::Segment;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

/// A splice starting in the first 1/`NEAR_START` of the text is done by
/// `str.replace`, whose search of the text before it costs less than the
/// second copy of the text after it.
const NEAR_START: usize = 8;

/// How far past a splice its anchor for `str.replace` may reach, tried in
/// turn: of the 287 paragraphs in moby-dick's first eighth, 248 openers are
/// unique with the 16 bytes after them, all with 256.
const ANCHOR_LENGTHS: [usize; 3] = [16, 256, 4096];

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
    let segments: Vec<Segment<'e>> = segments.collect();
    if let Some((start, end, text)) = single_splice(&segments, source.len()) {
        if start < source.len() / NEAR_START {
            if let Some(result) = replace_near_start(original, source, start..end, text)? {
                return Ok(result);
            }
        }
    }
    let mut chars = CharOffsets::new(source, original.len()?);
    let pieces: Vec<Piece<'e>> = segments
        .into_iter()
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

/// The edit `start..end` → text when `segments` make one splice of a
/// `len`-byte source: the text before it, new text, the text after it.
fn single_splice<'e>(segments: &[Segment<'e>], len: usize) -> Option<(usize, usize, &'e str)> {
    let (mut start, mut end, mut text) = (0, len, "");
    for segment in segments {
        match segment {
            Segment::Source(range) if range.start == 0 && text.is_empty() && start == 0 => {
                start = range.end;
            }
            Segment::Source(range) if range.end == len && end == len => end = range.start,
            Segment::Text(new) if text.is_empty() => text = new,
            _ => return None,
        }
    }
    (start <= end).then_some((start, end, text))
}

/// `original.replace(old, new, 1)` for a splice near the start, which
/// CPython does in one copy: `old` is the spliced bytes, extended with the
/// text after them until their first occurrence is the splice's. `None`
/// when no short extension is unique.
fn replace_near_start<'py>(
    original: &Bound<'py, PyString>,
    source: &str,
    splice: Range<usize>,
    text: &str,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let py = original.py();
    for extra in ANCHOR_LENGTHS {
        let mut end = (splice.end + extra).min(source.len());
        while !source.is_char_boundary(end) {
            end += 1;
        }
        let old = &source[splice.start..end];
        let searched = &source.as_bytes()[..splice.start + old.len()];
        if !old.is_empty() && memchr::memmem::find(searched, old.as_bytes()) == Some(splice.start) {
            let old = PyString::new(py, old);
            let new = PyString::new(py, &[text, &source[splice.end..end]].concat());
            // SAFETY: three live `str`s; the call returns a new reference or
            // NULL with an error set.
            return unsafe {
                let result =
                    ffi::PyUnicode_Replace(original.as_ptr(), old.as_ptr(), new.as_ptr(), 1);
                Bound::from_owned_ptr_or_err(py, result).map(Some)
            };
        }
        if end == source.len() {
            break;
        }
    }
    Ok(None)
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
