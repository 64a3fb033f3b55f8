//! Block `dict`s (the shape `parse` returns) as the core's [`Block`] tree, for
//! `serialize`. The dicts are read in pre-order with an explicit stack and the
//! blocks assembled bottom-up, so any depth converts; cycles raise.

use std::borrow::Cow;
use std::collections::HashSet;

use gutenberg_post_parser::json::Value;
use gutenberg_post_parser::{Block, BlockName};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use pyo3::{ffi, intern};

use crate::input::str_of;
use crate::python_to_json::json_from_python;

/// The text of every block read, in pre-order (a block before its inner
/// blocks), for [`BlockTexts::assemble`] to borrow.
pub(crate) struct BlockTexts {
    parents: Vec<Option<usize>>,
    names: Vec<Option<String>>,
    contents: Vec<Vec<Option<String>>>,
}

/// Reads every block of `blocks` (an iterable of block dicts): their texts, and
/// their attributes in the same order.
///
/// # Errors
/// `TypeError` naming the first block (by depth-first position) that is not a
/// dict of the expected shape; `ValueError` for a block that contains itself or
/// whose `innerContent` has not one `None` per inner block.
pub(crate) fn read_blocks(
    blocks: &Bound<'_, PyAny>,
) -> PyResult<(BlockTexts, Vec<Value<'static>>)> {
    let mut texts = BlockTexts {
        parents: Vec::new(),
        names: Vec::new(),
        contents: Vec::new(),
    };
    let mut attrs = Vec::new();
    // Dicts to visit with their parent and depth, next one last.
    let mut stack: Vec<(Bound<'_, PyAny>, Option<usize>, usize)> = Vec::new();
    let roots: Vec<_> = blocks.try_iter()?.collect::<PyResult<_>>()?;
    stack.extend(roots.into_iter().rev().map(|block| (block, None, 0)));
    // Dicts from the root to the one being read, to refuse cycles.
    let mut path: Vec<*mut ffi::PyObject> = Vec::new();
    let mut on_path: HashSet<*mut ffi::PyObject> = HashSet::new();

    while let Some((object, parent, depth)) = stack.pop() {
        for left in path.drain(depth..) {
            on_path.remove(&left);
        }
        let at = texts.names.len();
        let fail = |message: String| PyTypeError::new_err(format!("block {at}: {message}"));
        let dict = object
            .cast::<PyDict>()
            .map_err(|_| fail(format!("expected a dict, not {}", type_name(&object))))?;
        if !on_path.insert(dict.as_ptr()) {
            return Err(PyValueError::new_err(format!(
                "block {at}: a block contains itself"
            )));
        }
        path.push(dict.as_ptr());

        let py = dict.py();
        let name = field(dict, intern!(py, "blockName"), &fail)?;
        let name = match name.is_none() {
            true => None,
            false => Some(text(&name, "blockName", &fail)?),
        };
        let block_attrs = field(dict, intern!(py, "attrs"), &fail)?;
        if !block_attrs.is_none() && !block_attrs.is_instance_of::<PyDict>() {
            return Err(fail(format!(
                "attrs must be a dict or None, not {}",
                type_name(&block_attrs)
            )));
        }
        let block_attrs = json_from_python(&block_attrs)
            .map_err(|error| prefix(py, error, &format!("block {at}: attrs: ")))?;
        let content = field(dict, intern!(py, "innerContent"), &fail)?;
        let mut inner_content = Vec::new();
        for entry in items(&content, "innerContent", &fail)? {
            inner_content.push(match entry.is_none() {
                true => None,
                false => Some(text(&entry, "innerContent items", &fail)?),
            });
        }
        let children = items(
            &field(dict, intern!(py, "innerBlocks"), &fail)?,
            "innerBlocks",
            &fail,
        )?;
        let slots = inner_content.iter().filter(|entry| entry.is_none()).count();
        if slots != children.len() {
            return Err(PyValueError::new_err(format!(
                "block {at}: innerContent has {slots} None entries for {} innerBlocks",
                children.len()
            )));
        }
        stack.extend(
            children
                .into_iter()
                .rev()
                .map(|child| (child, Some(at), depth + 1)),
        );
        texts.parents.push(parent);
        texts.names.push(name);
        texts.contents.push(inner_content);
        attrs.push(block_attrs);
    }
    Ok((texts, attrs))
}

impl BlockTexts {
    /// The block tree, borrowing these texts; `attrs` as returned with them.
    pub(crate) fn assemble(&self, attrs: Vec<Value<'static>>) -> Vec<Block<'_>> {
        // A block's inner blocks come after it in pre-order: finish from the
        // end, each parent collecting its inner blocks last one first.
        let mut inner: Vec<Vec<Block<'_>>> = Vec::new();
        inner.resize_with(self.names.len(), Vec::new);
        let mut roots = Vec::new();
        for (at, attrs) in attrs.into_iter().enumerate().rev() {
            let mut inner_blocks = std::mem::take(&mut inner[at]);
            inner_blocks.reverse();
            let content = &self.contents[at];
            let block = Block {
                block_name: self.names[at].as_deref().map(BlockName::new),
                attrs,
                inner_blocks,
                inner_html: content.iter().flatten().map(String::as_str).collect(),
                inner_content: content
                    .iter()
                    .map(|html| html.as_deref().map(Cow::Borrowed))
                    .collect(),
            };
            match self.parents[at] {
                Some(parent) => inner[parent].push(block),
                None => roots.push(block),
            }
        }
        roots.reverse();
        roots
    }
}

/// The value of a required key.
fn field<'py>(
    dict: &Bound<'py, PyDict>,
    key: &Bound<'py, PyString>,
    fail: &impl Fn(String) -> PyErr,
) -> PyResult<Bound<'py, PyAny>> {
    dict.get_item(key)?
        .ok_or_else(|| fail(format!("missing key '{key}'")))
}

/// The items of a list or tuple.
fn items<'py>(
    value: &Bound<'py, PyAny>,
    what: &str,
    fail: &impl Fn(String) -> PyErr,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = value.cast::<PyList>() {
        return Ok(list.iter().collect());
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return Ok(tuple.iter().collect());
    }
    Err(fail(format!(
        "{what} must be a list, not {}",
        type_name(value)
    )))
}

/// The text of a `str`.
fn text(value: &Bound<'_, PyAny>, what: &str, fail: &impl Fn(String) -> PyErr) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(string) => Ok(str_of(string)?.to_owned()),
        Err(_) => Err(fail(format!(
            "{what} must be str or None, not {}",
            type_name(value)
        ))),
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |name| name.to_string())
}

/// The same kind of error with `context` before its message.
fn prefix(py: Python<'_>, error: PyErr, context: &str) -> PyErr {
    let message = format!("{context}{}", error.value(py));
    if error.is_instance_of::<PyTypeError>(py) {
        PyTypeError::new_err(message)
    } else if error.is_instance_of::<PyValueError>(py) {
        PyValueError::new_err(message)
    } else {
        error
    }
}
