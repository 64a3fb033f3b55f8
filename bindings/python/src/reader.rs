//! Python's readers for the core's `serialize`: what each value is, and the
//! errors users get for values of the wrong shape.

use gutenberg_post_parser::json::Str;
use gutenberg_post_parser::read::{Field, Host, Invalid, Problem, Reader};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::input::str_of;

/// Reads Python values: `None`, `bool`, `int`, `float`, `str`, `list` and
/// `tuple` (lists), `dict`. Strings are copied, so nothing borrows from a
/// Python object.
pub(crate) struct PyReader<'py>(pub Python<'py>);

impl<'py> Reader<'static> for PyReader<'py> {
    type Value = Bound<'py, PyAny>;
    type Error = PyErr;

    fn read(&mut self, value: &Bound<'py, PyAny>) -> PyResult<Host<'static, Bound<'py, PyAny>>> {
        let id = value.as_ptr() as usize;
        Ok(if value.is_none() {
            Host::Null
        } else if let Ok(flag) = value.cast::<PyBool>() {
            Host::Bool(flag.is_true())
        } else if value.is_instance_of::<PyInt>() {
            // SAFETY: `value` is an `int`; the call sets OverflowError on -1.0.
            let number = unsafe { ffi::PyLong_AsDouble(value.as_ptr()) };
            if number == -1.0 {
                if let Some(error) = PyErr::take(value.py()) {
                    return Err(error);
                }
            }
            Host::Number(number)
        } else if let Ok(number) = value.cast::<PyFloat>() {
            Host::Number(number.value())
        } else if let Ok(text) = value.cast::<PyString>() {
            Host::String(string_of(text)?)
        } else if let Ok(list) = value.cast::<PyList>() {
            Host::List {
                id,
                items: list.iter().collect(),
            }
        } else if let Ok(tuple) = value.cast::<PyTuple>() {
            Host::List {
                id,
                items: tuple.iter().collect(),
            }
        } else if let Ok(dict) = value.cast::<PyDict>() {
            Host::Map {
                id,
                entries: dict.iter().collect(),
            }
        } else {
            Host::Other
        })
    }

    fn type_name(&mut self, value: &Bound<'py, PyAny>) -> String {
        type_name(value)
    }
}

/// The name of `value`'s type, for error messages.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |name| name.to_string())
}

/// A copy of a `str`, lone surrogates kept (as WTF-8), so that `parse`'s
/// output serializes back whatever its strings hold.
fn string_of(text: &Bound<'_, PyString>) -> PyResult<Str<'static>> {
    if let Ok(utf8) = str_of(text) {
        return Ok(Str::new(utf8.to_owned()));
    }
    // SAFETY: `text` is a live `str`; the call returns a new `bytes` or NULL
    // with an error set.
    let bytes = unsafe {
        let ptr = ffi::PyUnicode_AsEncodedString(
            text.as_ptr(),
            c"utf-8".as_ptr(),
            c"surrogatepass".as_ptr(),
        );
        Bound::from_owned_ptr_or_err(text.py(), ptr)?.cast_into::<PyBytes>()?
    };
    Str::from_wtf8(bytes.as_bytes().to_vec()).ok_or_else(|| {
        PyValueError::new_err("a str holds a surrogate pair written as two surrogates")
    })
}

/// The Python exception for a block value of the wrong shape.
pub(crate) fn invalid_error(invalid: Invalid) -> PyErr {
    let Invalid {
        block,
        path,
        problem,
    } = invalid;
    let (value_error, message) = match problem {
        Problem::NotABlock { found } => (false, format!("expected a dict, not {found}")),
        Problem::Missing(field) => (false, format!("missing key '{}'", field.key())),
        Problem::WrongType { field, found } => {
            let expected = match field {
                Field::BlockName => "str or None",
                Field::Attrs => "a dict or None",
                Field::InnerBlocks | Field::InnerContent => "a list",
            };
            (false, format!("{} must be {expected}, not {found}", field.key()))
        }
        Problem::ContentEntry { found } => {
            (false, format!("innerContent items must be str or None, not {found}"))
        }
        Problem::AttrsKey { found } => (false, format!("attrs: keys must be str, not {found}")),
        Problem::AttrsValue { found } => (
            false,
            format!(
                "attrs: values must be None, bool, int, float, str, list, tuple or dict, not {found}"
            ),
        ),
        Problem::Placeholders { nulls, blocks } => (
            true,
            format!("innerContent has {nulls} None entries for {blocks} innerBlocks"),
        ),
        Problem::BlockCycle => (true, "a block contains itself".to_owned()),
        Problem::AttrsCycle => (true, "attrs: circular reference".to_owned()),
        Problem::InvalidName(name) => (
            true,
            format!(
                "invalid blockName {name:?}: expected [namespace/]name, each part a lowercase \
                 letter followed by lowercase letters, digits, - or _"
            ),
        ),
        Problem::LoneSurrogate(field) => (
            true,
            format!("{} cannot hold a lone surrogate (only attrs strings can)", field.key()),
        ),
    };
    let message = format!("block {block}: {message} (at blocks{path})");
    if value_error {
        PyValueError::new_err(message)
    } else {
        PyTypeError::new_err(message)
    }
}
