//! `Document` and `Editor`: finding and editing blocks without building
//! every block as Python objects (the views `find` returns are in `view`).
//!
//! A `Document` keeps the caller's `str` or `bytes` object referenced and its
//! parse borrows that object's UTF-8 buffer (CPython keeps a `str`'s UTF-8
//! form for as long as the string lives, and both types are immutable), so
//! nothing is copied. The parse runs with the GIL released. A `BlockView` is
//! an index into its document: names, attributes and HTML become Python
//! objects only when asked for. An `Editor` holds the core's edits and
//! splices them into the text once.

use std::sync::OnceLock;

use gutenberg_post_parser::build::{build_value, Scratch};
use gutenberg_post_parser::edit::{EditError as CoreEditError, Edits, Segment};
use gutenberg_post_parser::json::Value;
use gutenberg_post_parser::query::{AttrTest, Query};
use gutenberg_post_parser::read::read_attrs;
use gutenberg_post_parser::{BlockRef, Document as Parsed, NodeId};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyEllipsis, PyList, PyString};

use crate::builder::PyBuilder;
use crate::input::{parse_detached, Input};
use crate::reader::{invalid_error, PyReader};
use crate::splice::splice;
use crate::view::{new_view, view_of};

create_exception!(
    gutenberg_post_parser,
    EditError,
    PyValueError,
    "An edit was refused: it overlaps an earlier edit of the same editor, it \
     sets attributes of freeform HTML or attributes that are not a dict, or its \
     markup would change the blocks around it. The message names the edit and, \
     for an overlap, the earlier one."
);

/// A parsed document for `find` and `edit`.
#[pyclass(frozen, module = "gutenberg_post_parser._native")]
pub(crate) struct Document {
    /// Borrows the buffer of `source`; declared first, so dropped first.
    parsed: Parsed<'static>,
    /// The `str` or `bytes` given, which owns the text.
    source: Py<PyAny>,
    /// The enclosing block of each node, made on first use.
    parents: OnceLock<Vec<Option<NodeId>>>,
}

impl Document {
    /// Block `id`.
    pub(crate) fn block(&self, id: NodeId) -> BlockRef<'_, 'static> {
        self.parsed.block(id)
    }

    /// The enclosing block of block `id`, `None` at the top level.
    pub(crate) fn parent_of(&self, id: NodeId) -> Option<NodeId> {
        self.parents.get_or_init(|| self.parsed.parents())[id]
    }
}

#[pymethods]
impl Document {
    /// Parses `text` (`str`, or UTF-8 `bytes`) with the GIL released.
    #[new]
    fn new(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = text.py();
        let input = Input::from_object(text)?;
        // SAFETY: the text lives in `text`'s buffer, which stays allocated
        // and unchanged while `source` keeps the object alive; the parse
        // that borrows it is dropped first.
        let input: Input<'static> =
            unsafe { std::mem::transmute::<Input<'_>, Input<'static>>(input) };
        let parsed = parse_detached(py, input, |parsed| parsed)?;
        Ok(Document {
            parsed,
            source: text.clone().unbind(),
            parents: OnceLock::new(),
        })
    }

    /// The text this document was parsed from (the object given).
    #[getter]
    fn text(&self, py: Python<'_>) -> Py<PyAny> {
        self.source.clone_ref(py)
    }

    /// The blocks named `name` whose attributes equal each keyword argument
    /// (`...` for "present with any value"), depth-first in document order.
    #[pyo3(signature = (name = "*", **attrs))]
    fn find<'py>(
        slf: &Bound<'py, Self>,
        name: &str,
        attrs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        let document = slf.get();
        let mut present = Vec::new();
        let equal = PyDict::new(py);
        if let Some(attrs) = attrs {
            for (key, value) in attrs.iter() {
                let key: String = key.extract()?;
                if value.is_instance_of::<PyEllipsis>() {
                    present.push(key);
                } else {
                    equal.set_item(key, value)?;
                }
            }
        }
        let values = read_attrs(&mut PyReader(py), equal.as_any())
            .map_err(|error| error.into_host(invalid_error))?;
        let mut query = Query::name(name);
        for key in present {
            query = query.attr(key, AttrTest::Present);
        }
        if let Value::Object(entries) = &values {
            for (key, value) in entries.iter() {
                let key = key.to_str_lossy().into_owned();
                query = query.attr(key, AttrTest::Equals(value.clone()));
            }
        }
        // The walk costs far less than the views it makes (about 10 ns a
        // block), so it runs with the GIL held, making each view as found.
        let views = document
            .parsed
            .find(&query)
            .map(|found| new_view(slf, found.block.id(), found.depth, found.parent))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, views)
    }

    /// An editor over this document, with no edits yet.
    fn edit(slf: &Bound<'_, Self>) -> Editor {
        Editor {
            document: slf.clone().unbind(),
            edits: Edits::new(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<Document: {} bytes, {} blocks>",
            self.parsed.source().len(),
            self.parsed.node_count()
        )
    }
}

/// `value` as Python objects (the core's walk, Python's constructors).
pub(crate) fn python_value<'py>(py: Python<'py>, value: &Value<'_>) -> PyResult<Bound<'py, PyAny>> {
    let mut builder = PyBuilder::new(py);
    build_value(value, &mut builder, &mut Scratch::default())?;
    builder.finish::<PyAny>()
}

/// Edits of one `Document`, spliced into its text by `text()`.
#[pyclass(module = "gutenberg_post_parser._native")]
pub(crate) struct Editor {
    document: Py<Document>,
    edits: Edits,
}

impl Editor {
    /// The view's block id, after checking that it is a view of this
    /// document.
    fn target(&self, view: &Bound<'_, PyAny>) -> PyResult<NodeId> {
        let (document, id) = view_of(view)?;
        if !document.is(&self.document) {
            return Err(PyValueError::new_err(
                "the block belongs to another Document",
            ));
        }
        Ok(id)
    }

    fn apply(
        &mut self,
        view: &Bound<'_, PyAny>,
        change: impl FnOnce(&mut Edits, &Parsed<'static>, NodeId) -> Result<(), CoreEditError>,
    ) -> PyResult<()> {
        let id = self.target(view)?;
        let document = self.document.get();
        change(&mut self.edits, &document.parsed, id)
            .map_err(|error| EditError::new_err(error.to_string()))
    }
}

#[pymethods]
impl Editor {
    /// Rewrites the block's opening delimiter with `attrs` (a dict), written
    /// as WordPress writes attributes.
    fn set_attrs(&mut self, view: &Bound<'_, PyAny>, attrs: &Bound<'_, PyAny>) -> PyResult<()> {
        if !attrs.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err(format!(
                "attrs must be a dict, not {}",
                attrs.get_type().name()?
            )));
        }
        let value = read_attrs(&mut PyReader(attrs.py()), attrs)
            .map_err(|error| error.into_host(invalid_error))?;
        self.apply(view, |edits, document, id| {
            edits.set_attrs(document, id, &value)
        })
    }

    /// Replaces the whole block, delimiters included, with `markup`.
    fn replace(&mut self, view: &Bound<'_, PyAny>, markup: &str) -> PyResult<()> {
        self.apply(view, |edits, document, id| {
            edits.replace(document, id, markup)
        })
    }

    /// Replaces what lies between the block's delimiters with `html`.
    fn replace_inner_html(&mut self, view: &Bound<'_, PyAny>, html: &str) -> PyResult<()> {
        self.apply(view, |edits, document, id| {
            edits.replace_inner_html(document, id, html)
        })
    }

    /// Deletes the block, delimiters included.
    fn remove(&mut self, view: &Bound<'_, PyAny>) -> PyResult<()> {
        self.apply(view, |edits, document, id| edits.remove(document, id))
    }

    /// Inserts `markup` just before the block.
    fn insert_before(&mut self, view: &Bound<'_, PyAny>, markup: &str) -> PyResult<()> {
        self.apply(view, |edits, document, id| {
            edits.insert_before(document, id, markup)
        })
    }

    /// Inserts `markup` just after the block.
    fn insert_after(&mut self, view: &Bound<'_, PyAny>, markup: &str) -> PyResult<()> {
        self.apply(view, |edits, document, id| {
            edits.insert_after(document, id, markup)
        })
    }

    /// The edited text: `str` for a document made from `str`, else `bytes`.
    /// Made from pieces of the original object and the new text (see
    /// `splice` for how few copies a `str` takes).
    fn text<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let document = self.document.get();
        let source = document.parsed.source();
        let original = document.source.bind(py);
        let Ok(original) = original.cast::<PyString>() else {
            let len = self.edits.applied_len(source);
            let bytes = PyBytes::new_with(py, len, |buffer| {
                let mut at = 0;
                for segment in self.edits.segments(source) {
                    let piece = match segment {
                        Segment::Source(range) => &source[range],
                        Segment::Text(text) => text,
                    };
                    buffer[at..at + piece.len()].copy_from_slice(piece.as_bytes());
                    at += piece.len();
                }
                Ok(())
            })?;
            return Ok(bytes.into_any());
        };
        if self.edits.is_empty() {
            return Ok(original.clone().into_any());
        }
        splice(original, source, self.edits.segments(source))
    }

    /// Number of edits made.
    fn __len__(&self) -> usize {
        self.edits.len()
    }
}
