//! The native part of the `gutenberg_post_parser` Python package
//! (`gutenberg_post_parser._native`). The public API and its documentation
//! live in the Python package, which re-exports these functions.
//!
//! Every function parses with the GIL released (the core also decodes every
//! attribute group there), then lets the core build its Python result with
//! the GIL held, through this crate's constructors (`builder`). `serialize`
//! lets the core read the caller's dicts through `reader`.

mod arrow;
mod builder;
mod document;
mod gc_pause;
mod input;
mod objects;
mod reader;
mod shared_strings;
mod splice;
mod view;

use pyo3::prelude::*;

/// Parsing and serializing of WordPress block markup, in Rust.
#[pymodule(name = "_native")]
mod native {
    use gutenberg_post_parser::build::{Prepared, Scratch};
    use gutenberg_post_parser::limits::{self, Limits, Sharing};
    use gutenberg_post_parser::read::{serialize_host, Required};
    use pyo3::prelude::*;
    use pyo3::types::PyList;

    #[pymodule_export]
    use crate::arrow::{parse_table, BlockTable};
    use crate::builder::PyBuilder;
    #[pymodule_export]
    use crate::document::{Document, EditError, Editor};
    use crate::gc_pause::GcPause;
    use crate::input::{expansion_limit, output_error, parse_detached, Input};
    #[pymodule_export]
    use crate::input::{ExpansionLimitError, InvalidUtf8Error};

    /// Adds the types made without `#[pyclass]` (`BlockView`).
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        crate::view::add_type(module)
    }

    /// The default `max_output_bytes`: 64 MiB.
    #[pymodule_export]
    const DEFAULT_MAX_OUTPUT_BYTES: u64 = limits::DEFAULT_MAX_OUTPUT_BYTES;
    use crate::objects::new_str;
    use crate::reader::{invalid_error, PyReader};

    /// The blocks of `document` (`str`, or UTF-8 `bytes`), exactly as the
    /// reference parser returns them: a list of dicts with `blockName`, `attrs`,
    /// `innerBlocks`, `innerHTML` and `innerContent`.
    ///
    /// Never fails on broken markup (it gets the reference's recovery). Raises
    /// `InvalidUtf8Error` for bytes that are not UTF-8, `UnicodeEncodeError`
    /// for a `str` holding lone surrogates, `TypeError` for other types, and
    /// `ExpansionLimitError` when the result would hold more text than
    /// `max_output_bytes` allows (`None` or 0: no limit).
    #[pyfunction]
    #[pyo3(signature = (document, *, max_output_bytes = Some(DEFAULT_MAX_OUTPUT_BYTES)))]
    fn parse<'py>(
        document: &Bound<'py, PyAny>,
        max_output_bytes: Option<u64>,
    ) -> PyResult<Bound<'py, PyList>> {
        let limits = Limits { max_output_bytes };
        build(document, &limits, |prepared, builder, scratch| {
            prepared.build(builder, scratch)
        })
    }

    /// The reference parser's output as JSON text: byte for byte what
    /// `JSON.stringify(parse(document))` prints in JavaScript. Written by Rust
    /// directly; raises as `parse` does, and `MemoryError` when the text does
    /// not fit in memory.
    #[pyfunction]
    #[pyo3(signature = (document, *, max_output_bytes = Some(DEFAULT_MAX_OUTPUT_BYTES)))]
    fn parse_json<'py>(
        document: &Bound<'py, PyAny>,
        max_output_bytes: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = document.py();
        let limits = Limits { max_output_bytes };
        let json = parse_detached(py, Input::from_object(document)?, |parsed| {
            parsed.to_json_with(&limits)
        })?
        .map_err(|error| output_error(py, error))?;
        new_str(py, &json, &mut Vec::new())
    }

    /// Every block depth-first, as `(depth, block_name, attrs, span,
    /// opener_span, closer_span, void)` tuples; spans are UTF-8 byte offsets.
    /// The package's `walk` wraps these in `BlockSpan`.
    #[pyfunction]
    fn walk<'py>(document: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        // Entries hold names and attributes only: linear in the document.
        build(
            document,
            &Limits::UNLIMITED,
            |prepared, builder, scratch| prepared.build_walk(builder, scratch),
        )
    }

    /// Parses `document` with the GIL released (checking `limits` and
    /// decoding attributes there), then runs `make` with the GIL held and the
    /// garbage collector paused, and returns the list it built.
    fn build<'py>(
        document: &Bound<'py, PyAny>,
        limits: &Limits,
        make: impl for<'v, 'a> FnOnce(
            &'v Prepared<'a>,
            &mut PyBuilder<'a, 'py>,
            &mut Scratch<'v, 'a>,
        ) -> PyResult<()>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = document.py();
        let prepared = parse_detached(py, Input::from_object(document)?, |document| {
            Prepared::new(document, limits, Sharing::TREE)
        })?
        .map_err(|error| expansion_limit(py, error))?;
        let _pause = GcPause::for_nodes(py, prepared.document().node_count())?;
        let mut builder = PyBuilder::new(py);
        make(&prepared, &mut builder, &mut Scratch::default())?;
        builder.finish()
    }

    /// Block markup for blocks in the shape `parse` returns, in canonical
    /// delimiter form. Parsing it gives the same blocks back, except that None
    /// attrs come back as `{}`, and HTML that itself reads as delimiters (which
    /// only recovery from broken markup produces) cannot be written back as is.
    ///
    /// Reads `blockName`, `attrs`, `innerBlocks` and `innerContent` (not
    /// `innerHTML`). Raises `TypeError` for a block of the wrong shape or
    /// attributes JSON cannot hold, `ValueError` for a block containing itself,
    /// an invalid block name, or an `innerContent` without one `None` per
    /// inner block; each message names the block and where it sits.
    #[pyfunction]
    fn serialize(blocks: &Bound<'_, PyAny>) -> PyResult<String> {
        let roots = blocks.try_iter()?.collect::<PyResult<Vec<_>>>()?;
        let required = Required {
            attrs: true,
            inner_blocks: true,
        };
        serialize_host(&mut PyReader(blocks.py()), roots, required)
            .map_err(|error| error.into_host(invalid_error))
    }

    /// Private, for benchmarks: parses with the GIL released, builds nothing,
    /// and returns the number of nodes.
    #[pyfunction]
    fn _parse_only(document: &Bound<'_, PyAny>) -> PyResult<usize> {
        parse_detached(document.py(), Input::from_object(document)?, |parsed| {
            parsed.node_count()
        })
    }
}
