//! Python attribute values as JSON values, for `serialize`. Iterative, so any
//! depth converts; cycles and values JSON cannot hold raise instead.

use std::borrow::Cow;
use std::collections::HashSet;
use std::vec;

use gutenberg_post_parser::json::{Array, Value};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::input::str_of;

/// What a Python value is, for JSON.
enum Kind<'py> {
    Scalar(Value<'static>),
    Array(Vec<Bound<'py, PyAny>>),
    Object(Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>),
}

/// A list or dict whose items are being converted.
enum Open<'py> {
    Array {
        rest: vec::IntoIter<Bound<'py, PyAny>>,
        done: Vec<Value<'static>>,
    },
    Object {
        rest: vec::IntoIter<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
        done: Vec<(Cow<'static, str>, Value<'static>)>,
        key: Option<String>,
    },
}

impl<'py> Open<'py> {
    /// Stores the converted value of the item last handed out.
    fn accept(&mut self, value: Value<'static>) {
        match self {
            Open::Array { done, .. } => done.push(value),
            Open::Object { done, key, .. } => {
                if let Some(key) = key.take() {
                    done.push((Cow::Owned(key), value));
                }
            }
        }
    }

    /// The next item to convert, if any.
    fn next_item(&mut self) -> PyResult<Option<Bound<'py, PyAny>>> {
        match self {
            Open::Array { rest, .. } => Ok(rest.next()),
            Open::Object { rest, key, .. } => {
                let Some((name, value)) = rest.next() else {
                    return Ok(None);
                };
                let Ok(name) = name.cast::<PyString>() else {
                    return Err(PyTypeError::new_err(format!(
                        "keys must be str, not {}",
                        name.get_type().name()?
                    )));
                };
                *key = Some(str_of(name)?.to_owned());
                Ok(Some(value))
            }
        }
    }

    /// The finished container.
    fn finish(self) -> Value<'static> {
        match self {
            Open::Array { done, .. } => Value::Array(Array::from_vec(done)),
            Open::Object { done, .. } => Value::Object(done.into_iter().collect()),
        }
    }
}

/// `value` (`None`, `bool`, `int`, `float`, `str`, `list`, `tuple` or `dict`
/// with `str` keys, nested to any depth) as a JSON value.
///
/// # Errors
/// `TypeError` for any other type, `ValueError` for a container that contains
/// itself, `OverflowError` for an `int` too large for a double.
pub(crate) fn json_from_python(value: &Bound<'_, PyAny>) -> PyResult<Value<'static>> {
    let mut stack: Vec<(Open<'_>, *mut ffi::PyObject)> = Vec::new();
    // Containers on the path from the root to the current one.
    let mut path: HashSet<*mut ffi::PyObject> = HashSet::new();
    let mut next = value.clone();
    loop {
        let mut finished = match classify(&next)? {
            Kind::Scalar(scalar) => Some(scalar),
            Kind::Array(items) => {
                enter(&mut path, &next)?;
                let done = Vec::with_capacity(items.len());
                let rest = items.into_iter();
                stack.push((Open::Array { rest, done }, next.as_ptr()));
                None
            }
            Kind::Object(entries) => {
                enter(&mut path, &next)?;
                let done = Vec::with_capacity(entries.len());
                let rest = entries.into_iter();
                stack.push((
                    Open::Object {
                        rest,
                        done,
                        key: None,
                    },
                    next.as_ptr(),
                ));
                None
            }
        };
        // Hand finished values up until some container has an item left.
        loop {
            let Some((open, _)) = stack.last_mut() else {
                return Ok(finished.unwrap_or(Value::Null));
            };
            if let Some(value) = finished.take() {
                open.accept(value);
            }
            if let Some(item) = open.next_item()? {
                next = item;
                break;
            }
            if let Some((open, ptr)) = stack.pop() {
                path.remove(&ptr);
                finished = Some(open.finish());
            }
        }
    }
}

/// Marks a container as being converted, refusing one already on the path.
fn enter(path: &mut HashSet<*mut ffi::PyObject>, container: &Bound<'_, PyAny>) -> PyResult<()> {
    if path.insert(container.as_ptr()) {
        Ok(())
    } else {
        Err(PyValueError::new_err("circular reference"))
    }
}

fn classify<'py>(value: &Bound<'py, PyAny>) -> PyResult<Kind<'py>> {
    if value.is_none() {
        return Ok(Kind::Scalar(Value::Null));
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Kind::Scalar(Value::Bool(flag.is_true())));
    }
    if value.is_instance_of::<PyInt>() {
        // SAFETY: `value` is an `int`; the call sets an error (OverflowError) on -1.0.
        let number = unsafe { ffi::PyLong_AsDouble(value.as_ptr()) };
        if number == -1.0 {
            if let Some(error) = PyErr::take(value.py()) {
                return Err(error);
            }
        }
        return Ok(Kind::Scalar(Value::Number(number)));
    }
    if let Ok(number) = value.cast::<PyFloat>() {
        return Ok(Kind::Scalar(Value::Number(number.value())));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Kind::Scalar(Value::String(Cow::Owned(
            str_of(text)?.to_owned(),
        ))));
    }
    if let Ok(list) = value.cast::<PyList>() {
        return Ok(Kind::Array(list.iter().collect()));
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return Ok(Kind::Array(tuple.iter().collect()));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return Ok(Kind::Object(dict.iter().collect()));
    }
    Err(PyTypeError::new_err(format!(
        "values must be None, bool, int, float, str, list, tuple or dict, not {}",
        value.get_type().name()?
    )))
}
