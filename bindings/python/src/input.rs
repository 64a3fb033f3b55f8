//! The `str | bytes` argument of every parsing function, borrowed from its
//! Python object, and its parse with the GIL released.

use std::os::raw::c_char;

use gutenberg_post_parser::limits::{ExpansionLimitError as Limit, OutputError, AMPLIFICATION};
use gutenberg_post_parser::{parse, parse_bytes, Document, Utf8Error};
use pyo3::exceptions::{PyMemoryError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use pyo3::{create_exception, ffi};

create_exception!(
    gutenberg_post_parser,
    InvalidUtf8Error,
    PyValueError,
    "The document (bytes) is not valid UTF-8. `position` is the byte offset of the \
     first byte that is not part of valid UTF-8."
);

create_exception!(
    gutenberg_post_parser,
    ExpansionLimitError,
    PyValueError,
    "The result would hold more text than `max_output_bytes` allows: unclosed blocks \
     each hold the rest of the document, so a small post can need gigabytes. \
     `output_bytes` is how much it would hold, `limit` the limit. Pass a larger \
     `max_output_bytes`, or None for no limit."
);

/// The Python exception for a result that cannot be made.
pub(crate) fn output_error(py: Python<'_>, error: OutputError) -> PyErr {
    match error {
        OutputError::TooLarge(limit) => expansion_limit(py, limit),
        OutputError::OutOfMemory(memory) => PyMemoryError::new_err(memory.to_string()),
    }
}

/// An [`ExpansionLimitError`] with the sizes as attributes.
pub(crate) fn expansion_limit(py: Python<'_>, error: Limit) -> PyErr {
    let message = format!(
        "the result would hold {} bytes of text, over the limit of {} bytes (the larger of \
         max_output_bytes and {AMPLIFICATION} times the document's {} bytes): unclosed blocks \
         each hold the rest of the document; pass a larger max_output_bytes, or None for no limit",
        error.output_bytes, error.limit, error.document_bytes
    );
    let err = ExpansionLimitError::new_err(message);
    let value = err.value(py);
    for (name, size) in [("output_bytes", error.output_bytes), ("limit", error.limit)] {
        if let Err(failed) = value.setattr(name, size) {
            return failed;
        }
    }
    err
}

extern "C" {
    // Part of the limited API since 3.10 and exported with this signature by
    // every CPython since 3.3, so an abi3 (3.9+) module may call it. pyo3-ffi
    // hides it when targeting the 3.9 limited API.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut ffi::PyObject,
        size: *mut ffi::Py_ssize_t,
    ) -> *const c_char;
}

/// The UTF-8 text of a Python `str`, without copying when CPython already holds
/// it (ASCII strings, or any string whose UTF-8 form was asked for before).
///
/// # Errors
/// `UnicodeEncodeError` for strings holding lone surrogates.
pub(crate) fn str_of<'a>(string: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    let mut size: ffi::Py_ssize_t = 0;
    // SAFETY: `string` is a live `str`; CPython keeps the UTF-8 buffer it returns
    // for as long as the string object lives, which `'a` covers.
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(string.as_ptr(), &mut size);
        if data.is_null() {
            return Err(PyErr::fetch(string.py()));
        }
        let bytes = std::slice::from_raw_parts(data.cast::<u8>(), size as usize);
        Ok(std::str::from_utf8_unchecked(bytes))
    }
}

/// A document as given by the caller: text, or bytes still to be checked.
#[derive(Clone, Copy)]
pub(crate) enum Input<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'a> Input<'a> {
    /// Borrows the document out of a `str` or `bytes` object.
    ///
    /// # Errors
    /// `TypeError` for any other type; `UnicodeEncodeError` for a `str` holding
    /// lone surrogates.
    pub(crate) fn from_object(document: &'a Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(text) = document.cast::<PyString>() {
            return str_of(text).map(Input::Text);
        }
        if let Ok(bytes) = document.cast::<PyBytes>() {
            return Ok(Input::Bytes(bytes.as_bytes()));
        }
        Err(PyTypeError::new_err(format!(
            "document must be str or bytes, not {}",
            document.get_type().name()?
        )))
    }

    /// Parses the document; the caller decides whether the GIL is held.
    pub(crate) fn parse(self) -> Result<Document<'a>, Utf8Error> {
        match self {
            Input::Text(text) => Ok(parse(text)),
            Input::Bytes(bytes) => parse_bytes(bytes),
        }
    }
}

/// Runs `work` on the parsed document with the GIL released: parsing and any
/// GIL-free preparation happen there, while other Python threads run.
///
/// # Errors
/// [`InvalidUtf8Error`] when bytes are not UTF-8.
pub(crate) fn parse_detached<'a, T, F>(py: Python<'_>, input: Input<'a>, work: F) -> PyResult<T>
where
    T: Send,
    F: Send + FnOnce(Document<'a>) -> T,
{
    match py.detach(move || input.parse().map(work)) {
        Ok(done) => Ok(done),
        Err(error) => Err(invalid_utf8(py, error)),
    }
}

/// An [`InvalidUtf8Error`] with the offset in `.position` and in the message.
fn invalid_utf8(py: Python<'_>, error: Utf8Error) -> PyErr {
    let err = InvalidUtf8Error::new_err(error.to_string());
    if let Err(failed) = err.value(py).setattr("position", error.valid_up_to) {
        return failed;
    }
    err
}
