//! The parse tree in the reference's shape as Python objects: a `list` of
//! `dict`s with `blockName`, `attrs`, `innerBlocks`, `innerHTML` and
//! `innerContent`, built straight from the borrowed tree (no JSON in between).
//!
//! Blocks are built bottom-up over node ids (a child's id is greater than its
//! parent's), so no depth of nesting recurses. Objects are shared where that
//! cannot be observed: the five keys are interned, each block name is one `str`
//! per call, and a block with a single HTML run uses the same `str` for
//! `innerHTML` and `innerContent[0]`.

use gutenberg_post_parser::json::{self, Value};
use gutenberg_post_parser::{Content, Document};
use pyo3::exceptions::PySystemError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::gc_pause::GcPause;
use crate::json_to_python::json_to_python;
use crate::objects::{new_dict, set_item, List};
use crate::shared_strings::Strings;

/// A parsed document with every attribute group decoded: the part of the work
/// that needs no Python objects, done with the GIL released.
pub(crate) struct Decoded<'a> {
    document: Document<'a>,
    /// Decoded attributes of the nodes that have an attribute group, in id
    /// order; `Value::Null` where the JSON is invalid.
    attrs: Vec<Value<'a>>,
}

impl<'a> Decoded<'a> {
    /// Decodes the attributes of every block of `document`.
    pub(crate) fn new(document: Document<'a>) -> Self {
        let attrs = (0..document.node_count())
            .filter_map(|id| document.block(id).attrs_json())
            .map(|text| json::parse(text).unwrap_or(Value::Null))
            .collect();
        Decoded { document, attrs }
    }

    /// The blocks as a Python `list` of block `dict`s.
    pub(crate) fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let document = &self.document;
        let keys = Keys::new(py);
        let _pause = GcPause::for_nodes(py, document.node_count())?;
        let mut strings = Strings::new(py);
        let none = py.None().into_bound(py);
        let empty = strings.new_str("")?;
        let mut attrs = self.attrs.iter().rev();
        // Finished blocks waiting for their parent (or the root list).
        let mut built: Vec<Option<Bound<'py, PyAny>>> = Vec::new();
        built.resize_with(document.node_count(), || None);

        for id in (0..document.node_count()).rev() {
            let block = document.block(id);
            let name = strings.name(block.name())?;
            let block_attrs = match block.attrs_json() {
                None => new_dict(py)?.into_any(),
                Some(_) => json_to_python(&mut strings, attrs.next().ok_or_else(missing)?)?,
            };

            let content = block.inner_content();
            let mut inner_blocks = List::with_len(py, block.inner_block_count())?;
            let mut inner_content = List::with_len(py, content.len())?;
            let mut html_runs = 0;
            let mut first_html = None;
            for entry in content {
                match entry {
                    Content::Html(html) => {
                        let object = strings.html(html)?;
                        html_runs += 1;
                        if html_runs == 1 {
                            first_html = Some(object.clone());
                        }
                        inner_content.push(object)?;
                    }
                    Content::Block(child) => {
                        inner_content.push(none.clone())?;
                        inner_blocks.push(built[child.id()].take().ok_or_else(missing)?)?;
                    }
                }
            }
            let inner_html = match (html_runs, first_html) {
                (1, Some(only)) => only,
                (0, _) => empty.clone(),
                _ => strings.new_str(&block.inner_html())?,
            };

            let dict = new_dict(py)?;
            set_item(&dict, &keys.block_name, &name)?;
            set_item(&dict, &keys.attrs, &block_attrs)?;
            set_item(&dict, &keys.inner_blocks, inner_blocks.finish()?.as_any())?;
            set_item(&dict, &keys.inner_html, &inner_html)?;
            set_item(&dict, &keys.inner_content, inner_content.finish()?.as_any())?;
            built[id] = Some(dict.into_any());
        }

        let mut roots = List::with_len(py, document.len())?;
        for root in document.blocks() {
            roots.push(built[root.id()].take().ok_or_else(missing)?)?;
        }
        roots.finish()
    }
}

/// The five keys of a block `dict`, interned once per interpreter.
struct Keys<'py> {
    block_name: Bound<'py, PyAny>,
    attrs: Bound<'py, PyAny>,
    inner_blocks: Bound<'py, PyAny>,
    inner_html: Bound<'py, PyAny>,
    inner_content: Bound<'py, PyAny>,
}

impl<'py> Keys<'py> {
    fn new(py: Python<'py>) -> Self {
        let key = |name: &Bound<'py, PyString>| name.clone().into_any();
        Keys {
            block_name: key(intern!(py, "blockName")),
            attrs: key(intern!(py, "attrs")),
            inner_blocks: key(intern!(py, "innerBlocks")),
            inner_html: key(intern!(py, "innerHTML")),
            inner_content: key(intern!(py, "innerContent")),
        }
    }
}

/// The error for a tree that breaks the core's guarantees (a bug, not bad input).
fn missing() -> PyErr {
    PySystemError::new_err("internal error: parse tree out of order")
}
