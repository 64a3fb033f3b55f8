//! Every block of a document, depth-first, with its byte offsets: the data of
//! the Python package's `walk`.

use std::ops::Range;

use gutenberg_post_parser::json::Value;
use gutenberg_post_parser::{BlockName, Document};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::gc_pause::GcPause;
use crate::json_to_python::json_to_python;
use crate::objects::List;
use crate::shared_strings::Strings;

/// One block met by the walk, before it becomes a Python tuple.
struct Entry<'a> {
    depth: usize,
    name: Option<BlockName<'a>>,
    attrs: Value<'a>,
    span: Range<usize>,
    opener_span: Option<Range<usize>>,
    closer_span: Option<Range<usize>>,
    void: bool,
}

/// The walk of one document, gathered with the GIL released.
pub(crate) struct Walked<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> Walked<'a> {
    /// Walks `document`, decoding each block's attributes.
    pub(crate) fn new(document: Document<'a>) -> Self {
        let entries = document
            .walk()
            .map(|(block, depth)| Entry {
                depth,
                name: block.name(),
                attrs: block.attrs(),
                span: block.span(),
                opener_span: block.opener_span(),
                closer_span: block.closer_span(),
                void: block.is_void(),
            })
            .collect();
        Walked { entries }
    }

    /// A list of `(depth, block_name, attrs, span, opener_span, closer_span,
    /// void)` tuples, spans as `(start, end)` byte offsets.
    pub(crate) fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let _pause = GcPause::for_nodes(py, self.entries.len())?;
        let mut strings = Strings::new(py);
        let mut list = List::with_len(py, self.entries.len())?;
        for entry in &self.entries {
            let pair = |range: &Range<usize>| (range.start, range.end);
            let tuple = (
                entry.depth,
                strings.name(entry.name)?,
                json_to_python(&mut strings, &entry.attrs)?,
                pair(&entry.span),
                entry.opener_span.as_ref().map(pair),
                entry.closer_span.as_ref().map(pair),
                entry.void,
            );
            list.push(tuple.into_pyobject(py)?.into_any())?;
        }
        list.finish()
    }
}
