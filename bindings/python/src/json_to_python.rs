//! Decoded attribute JSON as native Python objects, built without recursion.
//!
//! Numbers: JavaScript has only doubles, and `JSON.stringify` prints integral
//! ones below 10^21 as integers. Those become `int`, with the digits JavaScript
//! prints (2^64 becomes 18446744073709552000, `-0` becomes 0); other finite
//! numbers become `float`, and non-finite ones (`1e400`) `None`, which is what
//! the reference's JSON holds. So `json.dumps` of the result equals the
//! reference's JSON as data (integers even as text), and never needs `allow_nan`.

use std::borrow::Cow;
use std::ffi::CString;
use std::slice;

use gutenberg_post_parser::json::{self, Value};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict};

use crate::objects::{new_dict, set_item, List};
use crate::shared_strings::Strings;

/// Largest magnitude up to which every integer is a double: 2^53.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

/// From this magnitude on, JavaScript prints numbers with an exponent.
const EXPONENT_FROM: f64 = 1e21;

/// A container being filled: what is left of its source, and its Python object.
enum Frame<'v, 'a, 'py> {
    Array(slice::Iter<'v, Value<'a>>, List<'py>),
    Object(
        slice::Iter<'v, (Cow<'a, str>, Value<'a>)>,
        Bound<'py, PyDict>,
    ),
}

/// `value` as `None`, `bool`, `int`, `float`, `str`, `list` or `dict`; object
/// keys are shared through `strings`.
pub(crate) fn json_to_python<'v, 'a: 'v, 'py>(
    strings: &mut Strings<'v, 'py>,
    value: &'v Value<'a>,
) -> PyResult<Bound<'py, PyAny>> {
    let (root, frame) = open(strings, value)?;
    let mut stack: Vec<Frame<'v, 'a, 'py>> = frame.into_iter().collect();
    while let Some(frame) = stack.last_mut() {
        let child = match frame {
            Frame::Array(items, list) => match items.next() {
                Some(item) => {
                    let (object, child) = open(strings, item)?;
                    list.push(object)?;
                    child
                }
                None => {
                    if let Some(Frame::Array(_, list)) = stack.pop() {
                        list.finish()?;
                    }
                    None
                }
            },
            Frame::Object(entries, dict) => match entries.next() {
                Some((key, item)) => {
                    let key = strings.shared(key)?;
                    let (object, child) = open(strings, item)?;
                    set_item(dict, &key, &object)?;
                    child
                }
                None => {
                    stack.pop();
                    None
                }
            },
        };
        stack.extend(child);
    }
    Ok(root)
}

/// The Python object for `value`: complete for a scalar; for a container,
/// empty, with the frame that fills it.
#[allow(clippy::type_complexity)]
fn open<'v, 'a: 'v, 'py>(
    strings: &mut Strings<'v, 'py>,
    value: &'v Value<'a>,
) -> PyResult<(Bound<'py, PyAny>, Option<Frame<'v, 'a, 'py>>)> {
    let py = strings.py();
    let scalar = match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => number_to_python(py, *number)?,
        Value::String(text) => strings.new_str(text)?,
        Value::Array(items) => {
            let list = List::with_len(py, items.len())?;
            let object = list.as_any().clone();
            return Ok((object, Some(Frame::Array(items.iter(), list))));
        }
        Value::Object(entries) => {
            let dict = new_dict(py)?;
            let object = dict.clone().into_any();
            return Ok((object, Some(Frame::Object(entries.iter(), dict))));
        }
    };
    Ok((scalar, None))
}

/// A JSON number as `int`, `float` or `None`; see the module documentation.
fn number_to_python(py: Python<'_>, number: f64) -> PyResult<Bound<'_, PyAny>> {
    if !number.is_finite() {
        return Ok(py.None().into_bound(py));
    }
    // SAFETY: each constructor returns a new reference or NULL with an error set;
    // `digits` is NUL-terminated and outlives the call.
    unsafe {
        let ptr = if number.fract() != 0.0 || number.abs() >= EXPONENT_FROM {
            ffi::PyFloat_FromDouble(number)
        } else if number.abs() <= MAX_SAFE_INTEGER {
            ffi::PyLong_FromLongLong(number as i64)
        } else {
            let mut text = String::new();
            json::write_number(&mut text, number);
            let digits = CString::new(text).expect("digits have no NUL");
            ffi::PyLong_FromString(digits.as_ptr(), std::ptr::null_mut(), 10)
        };
        Bound::from_owned_ptr_or_err(py, ptr)
    }
}
