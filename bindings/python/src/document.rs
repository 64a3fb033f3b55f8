//! `Document`, `BlockView` and `Editor`: finding and editing blocks without
//! building every block as Python objects.
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
use crate::input::{parse_detached, str_of, Input};
use crate::reader::{invalid_error, PyReader};
use crate::splice::splice;

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
    fn block(&self, id: NodeId) -> BlockRef<'_, 'static> {
        self.parsed.block(id)
    }

    fn parent_of(&self, id: NodeId) -> Option<NodeId> {
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
        let owner = slf.clone().unbind();
        let found: Vec<_> = py.detach(|| {
            document
                .parsed
                .find(&query)
                .map(|found| (found.block.id(), found.depth, found.parent))
                .collect()
        });
        let views = found
            .into_iter()
            .map(|(id, depth, parent)| {
                let view = BlockView {
                    document: owner.clone_ref(py),
                    id,
                    depth,
                    parent,
                };
                Bound::new(py, view)
            })
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

/// One block of a `Document`, read on demand.
#[pyclass(frozen, freelist = 4096, module = "gutenberg_post_parser._native")]
pub(crate) struct BlockView {
    document: Py<Document>,
    id: NodeId,
    depth: usize,
    parent: Option<NodeId>,
}

#[pymethods]
impl BlockView {
    /// The full block name (`core/paragraph`), or None for freeform HTML.
    #[getter]
    fn name(&self) -> Option<String> {
        let block = self.document.get().block(self.id);
        block.name().map(|name| name.full().into_owned())
    }

    /// The attributes, decoded as the reference decodes them: `{}` when the
    /// block has none, None when their JSON is invalid. A new dict each time.
    #[getter]
    fn attrs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let block = self.document.get().block(self.id);
        if block.attrs_json().is_none() {
            return Ok(PyDict::new(py).into_any());
        }
        python_value(py, &block.attrs())
    }

    /// One attribute, as `view.attrs.get(key, default)` gives it, without
    /// making a dict of the others: `default` when the block has no such
    /// attribute or its attributes are invalid JSON (`attrs` is None).
    #[pyo3(signature = (key, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyString>,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let block = self.document.get().block(self.id);
        let default = || default.unwrap_or_else(|| py.None().into_bound(py));
        if block.attrs_json().is_none() {
            return Ok(default());
        }
        // A key with a lone surrogate (from a `\ud800` escape) is named by
        // its WTF-8 bytes, which `surrogatepass` gives.
        let encoded;
        let key = match str_of(key) {
            Ok(text) => text.as_bytes(),
            Err(_) => {
                encoded = key.call_method1("encode", ("utf-8", "surrogatepass"))?;
                encoded.cast::<PyBytes>()?.as_bytes()
            }
        };
        let attrs = block.attrs();
        let Some(value) = attrs.as_object().and_then(|attrs| attrs.get_wtf8(key)) else {
            return Ok(default());
        };
        python_value(py, value)
    }

    /// The reference's `innerHTML`: the HTML runs joined, inner blocks left out.
    #[getter]
    fn inner_html(&self) -> String {
        self.document.get().block(self.id).inner_html().into_owned()
    }

    /// `(start, end)`: the whole block in the document's UTF-8 bytes.
    #[getter]
    fn span(&self) -> (usize, usize) {
        let span = self.document.get().block(self.id).span();
        (span.start, span.end)
    }

    /// Nesting depth: 0 for a top-level block.
    #[getter]
    fn depth(&self) -> usize {
        self.depth
    }

    /// The enclosing block, or None at the top level.
    #[getter]
    fn parent(&self, py: Python<'_>) -> PyResult<Option<Py<BlockView>>> {
        let Some(parent) = self.parent else {
            return Ok(None);
        };
        let grandparent = self.document.get().parent_of(parent);
        let view = BlockView {
            document: self.document.clone_ref(py),
            id: parent,
            depth: self.depth - 1,
            parent: grandparent,
        };
        Py::new(py, view).map(Some)
    }

    /// The document this block belongs to.
    #[getter]
    fn document(&self, py: Python<'_>) -> Py<Document> {
        self.document.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        let block = self.document.get().block(self.id);
        let name = block.name().map_or("freeform".into(), |name| name.full());
        let span = block.span();
        format!("<BlockView {name} {}..{}>", span.start, span.end)
    }
}

/// `value` as Python objects (the core's walk, Python's constructors).
fn python_value<'py>(py: Python<'py>, value: &Value<'_>) -> PyResult<Bound<'py, PyAny>> {
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
    /// The view's block id, after checking that it belongs to this document.
    fn target(&self, view: &Bound<'_, BlockView>) -> PyResult<NodeId> {
        let view = view.get();
        if !view.document.is(&self.document) {
            return Err(PyValueError::new_err(
                "the block belongs to another Document",
            ));
        }
        Ok(view.id)
    }

    fn apply(
        &mut self,
        view: &Bound<'_, BlockView>,
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
    fn set_attrs(&mut self, view: &Bound<'_, BlockView>, attrs: &Bound<'_, PyAny>) -> PyResult<()> {
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
    fn replace(&mut self, view: &Bound<'_, BlockView>, markup: &str) -> PyResult<()> {
        self.apply(view, |edits, document, id| {
            edits.replace(document, id, markup)
        })
    }

    /// Replaces what lies between the block's delimiters with `html`.
    fn replace_inner_html(&mut self, view: &Bound<'_, BlockView>, html: &str) -> PyResult<()> {
        self.apply(view, |edits, document, id| {
            edits.replace_inner_html(document, id, html)
        })
    }

    /// Deletes the block, delimiters included.
    fn remove(&mut self, view: &Bound<'_, BlockView>) -> PyResult<()> {
        self.apply(view, |edits, document, id| edits.remove(document, id))
    }

    /// Inserts `markup` just before the block.
    fn insert_before(&mut self, view: &Bound<'_, BlockView>, markup: &str) -> PyResult<()> {
        self.apply(view, |edits, document, id| {
            edits.insert_before(document, id, markup)
        })
    }

    /// Inserts `markup` just after the block.
    fn insert_after(&mut self, view: &Bound<'_, BlockView>, markup: &str) -> PyResult<()> {
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
