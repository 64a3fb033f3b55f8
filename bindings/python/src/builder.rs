//! Python's constructors for the core's tree builder: the reference's `list`
//! of block `dict`s (and `walk`'s tuples), made bottom-up as the core drives.
//!
//! Objects are shared where that cannot be observed: the five block keys are
//! interned, each block name is one `str` per call (by the core's name id),
//! short HTML runs and attribute keys are shared through [`Strings`], and a
//! block with a single HTML run gets the same `str` for `innerHTML` and
//! `innerContent[0]` (the core's `dup`).

use std::ffi::CString;

use gutenberg_post_parser::build::{Builder, Html, WalkBuilder, WalkEntry};
use gutenberg_post_parser::json::{self, Str};
use gutenberg_post_parser::{BlockName, NodeId};
use pyo3::exceptions::PySystemError;
use pyo3::prelude::*;
use pyo3::type_object::PyTypeCheck;
use pyo3::types::{PyBool, PyString};
use pyo3::{ffi, intern};

use crate::objects::{new_dict, set_item};
use crate::shared_strings::Strings;

/// Largest magnitude up to which every integer is a double: 2^53.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

/// From this magnitude on, JavaScript prints numbers with an exponent.
const EXPONENT_FROM: f64 = 1e21;

/// The values being built, and what they share.
pub(crate) struct PyBuilder<'a, 'py> {
    py: Python<'py>,
    stack: Vec<Bound<'py, PyAny>>,
    strings: Strings<'a, 'py>,
    /// Each block name made so far, by the core's name id.
    names: Vec<Option<Bound<'py, PyAny>>>,
    keys: Keys<'py>,
    none: Bound<'py, PyAny>,
}

impl<'a, 'py> PyBuilder<'a, 'py> {
    pub(crate) fn new(py: Python<'py>) -> Self {
        PyBuilder {
            py,
            stack: Vec::new(),
            strings: Strings::new(py),
            names: Vec::new(),
            keys: Keys::new(py),
            none: py.None().into_bound(py),
        }
    }

    /// The one value left once the core has built everything.
    pub(crate) fn finish<T: PyTypeCheck>(mut self) -> PyResult<Bound<'py, T>> {
        match (self.stack.pop(), self.stack.is_empty()) {
            (Some(result), true) => Ok(result.cast_into::<T>()?),
            _ => Err(out_of_order()),
        }
    }

    /// A `str` for a JSON string; one holding lone surrogates keeps them, as
    /// `json.loads` does.
    fn new_string(&mut self, value: &Str<'_>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(text) = value.as_str() {
            return self.strings.new_str(text);
        }
        let wtf8 = value.as_wtf8();
        // SAFETY: the decoder reads exactly `wtf8` and returns a new reference
        // or NULL with an error set; "surrogatepass" decodes the WTF-8 form of
        // a surrogate to that surrogate.
        unsafe {
            let ptr = ffi::PyUnicode_DecodeUTF8(
                wtf8.as_ptr().cast(),
                wtf8.len() as isize,
                c"surrogatepass".as_ptr(),
            );
            Bound::from_owned_ptr_or_err(self.py, ptr)
        }
    }

    #[inline]
    fn push(&mut self, value: Bound<'py, PyAny>) -> PyResult<()> {
        self.stack.push(value);
        Ok(())
    }

    #[inline]
    fn pop(&mut self) -> PyResult<Bound<'py, PyAny>> {
        self.stack.pop().ok_or_else(out_of_order)
    }

    /// The top `len` values as a new list, in the order they were pushed.
    fn pop_list(&mut self, len: usize) -> PyResult<Bound<'py, PyAny>> {
        let start = self.stack.len().checked_sub(len).ok_or_else(out_of_order)?;
        // SAFETY: `PyList_New` returns a new reference or NULL with an error
        // set; `PyList_SetItem` steals each item into a slot of the new list,
        // and every slot is filled.
        unsafe {
            let list = Bound::from_owned_ptr_or_err(self.py, ffi::PyList_New(len as isize))?;
            for (at, item) in self.stack.drain(start..).enumerate() {
                ffi::PyList_SetItem(list.as_ptr(), at as isize, item.into_ptr());
            }
            Ok(list)
        }
    }
}

impl<'a, 'py> Builder<'a> for PyBuilder<'a, 'py> {
    type Error = PyErr;

    fn null(&mut self) -> PyResult<()> {
        let none = self.none.clone();
        self.push(none)
    }

    fn bool(&mut self, value: bool) -> PyResult<()> {
        let flag = PyBool::new(self.py, value).to_owned().into_any();
        self.push(flag)
    }

    fn number(&mut self, value: f64) -> PyResult<()> {
        let number = number_to_python(self.py, value)?;
        self.push(number)
    }

    fn string(&mut self, value: &Str<'a>) -> PyResult<()> {
        let text = self.new_string(value)?;
        self.push(text)
    }

    fn key(&mut self, key: &Str<'a>) -> PyResult<()> {
        let key = match key.as_borrowed() {
            Some(key) => self.strings.shared(key)?,
            None => self.new_string(key)?,
        };
        self.push(key)
    }

    fn array(&mut self, len: usize) -> PyResult<()> {
        let list = self.pop_list(len)?;
        self.push(list)
    }

    #[inline]
    fn object(&mut self, len: usize) -> PyResult<()> {
        if len == 0 {
            // Most blocks: attributes absent (`{}`).
            let dict = new_dict(self.py)?;
            return self.push(dict.into_any());
        }
        let start = self
            .stack
            .len()
            .checked_sub(2 * len)
            .ok_or_else(out_of_order)?;
        let dict = new_dict(self.py)?;
        for pair in self.stack[start..].chunks_exact(2) {
            set_item(&dict, &pair[0], &pair[1])?;
        }
        self.stack.truncate(start);
        self.push(dict.into_any())
    }

    #[inline]
    fn name(&mut self, name: Option<BlockName<'a>>, id: usize) -> PyResult<()> {
        let Some(name) = name else {
            return self.null();
        };
        if id >= self.names.len() {
            self.names.resize(id + 1, None);
        }
        let object = match &self.names[id] {
            Some(object) => object.clone(),
            None => {
                let object = self.strings.new_str(&name.full())?;
                self.names[id] = Some(object.clone());
                object
            }
        };
        self.push(object)
    }

    fn html(&mut self, html: Html<'a>) -> PyResult<()> {
        let text = self.strings.html(html.text)?;
        self.push(text)
    }

    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> PyResult<()> {
        let mut joined = String::with_capacity(len);
        pieces.iter().for_each(|piece| joined.push_str(piece));
        let text = self.strings.new_str(&joined)?;
        self.push(text)
    }

    fn dup(&mut self, depth: usize) -> PyResult<()> {
        let at = self
            .stack
            .len()
            .checked_sub(depth + 1)
            .ok_or_else(out_of_order)?;
        let copy = self.stack[at].clone();
        self.push(copy)
    }

    fn leaf(&mut self, _id: NodeId, html: Html<'a>) -> PyResult<()> {
        let start = self.stack.len().checked_sub(2).ok_or_else(out_of_order)?;
        let html = self.strings.html(html.text)?;
        // SAFETY: as in `pop_list`, for an empty list and a list of one.
        let (inner_blocks, inner_content) = unsafe {
            let empty = Bound::from_owned_ptr_or_err(self.py, ffi::PyList_New(0))?;
            let content = Bound::from_owned_ptr_or_err(self.py, ffi::PyList_New(1))?;
            ffi::PyList_SetItem(content.as_ptr(), 0, html.clone().into_ptr());
            (empty, content)
        };
        let dict = new_dict(self.py)?;
        let [name_key, attrs_key, blocks_key, html_key, content_key] = self.keys.all();
        set_item(&dict, name_key, &self.stack[start])?;
        set_item(&dict, attrs_key, &self.stack[start + 1])?;
        set_item(&dict, blocks_key, &inner_blocks)?;
        set_item(&dict, html_key, &html)?;
        set_item(&dict, content_key, &inner_content)?;
        self.stack.truncate(start);
        self.push(dict.into_any())
    }

    fn block(&mut self, _id: NodeId) -> PyResult<()> {
        let start = self.stack.len().checked_sub(5).ok_or_else(out_of_order)?;
        let dict = new_dict(self.py)?;
        for (key, value) in self.keys.all().iter().zip(&self.stack[start..]) {
            set_item(&dict, key, value)?;
        }
        self.stack.truncate(start);
        self.push(dict.into_any())
    }
}

impl<'a> WalkBuilder<'a> for PyBuilder<'a, '_> {
    /// `(depth, block_name, attrs, span, opener_span, closer_span, void)`,
    /// spans as `(start, end)` byte offsets.
    fn walk_entry(&mut self, entry: WalkEntry) -> PyResult<()> {
        let attrs = self.pop()?;
        let name = self.pop()?;
        let pair = |range: std::ops::Range<usize>| (range.start, range.end);
        let tuple = (
            entry.depth,
            name,
            attrs,
            pair(entry.span),
            entry.opener.map(pair),
            entry.closer.map(pair),
            entry.void,
        );
        let tuple = tuple.into_pyobject(self.py)?.into_any();
        self.push(tuple)
    }
}

/// The five keys of a block `dict`, interned once per interpreter.
struct Keys<'py>([Bound<'py, PyAny>; 5]);

impl<'py> Keys<'py> {
    fn new(py: Python<'py>) -> Self {
        let key = |name: &Bound<'py, PyString>| name.clone().into_any();
        Keys([
            key(intern!(py, "blockName")),
            key(intern!(py, "attrs")),
            key(intern!(py, "innerBlocks")),
            key(intern!(py, "innerHTML")),
            key(intern!(py, "innerContent")),
        ])
    }

    /// In the order the core pushes the values.
    fn all(&self) -> &[Bound<'py, PyAny>; 5] {
        &self.0
    }
}

/// A JSON number as Python gets it. JavaScript has only doubles, and
/// `JSON.stringify` prints integral ones below 10^21 as integers: those become
/// `int`, with the digits JavaScript prints (2^64 becomes
/// 18446744073709552000, `-0` becomes 0); other finite numbers become `float`,
/// and non-finite ones (`1e400`) `None`, which is what the reference's JSON
/// holds. So `json.dumps` of the result equals the reference's JSON as data.
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

/// The core broke its own protocol: a bug, not bad input.
fn out_of_order() -> PyErr {
    PySystemError::new_err("internal error: values built out of order")
}
