//! `parse_table`: the blocks of many documents as Arrow record batches (the
//! core's [`table`](gutenberg_post_parser::table)), built and converted across
//! cores with the GIL released and handed to pyarrow, Polars or DuckDB
//! through the Arrow PyCapsule interface without a copy. Documents come from
//! a Python iterable of `str`/`bytes`/`None`, or from any Arrow string or
//! binary array or stream (pyarrow, Polars, ...).

use std::num::NonZeroUsize;

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchIterator};
use arrow_schema::{DataType, SchemaRef};
use gutenberg_post_parser::limits::Limits;
use gutenberg_post_parser::table::{Source, TableOptions};
use gutenberg_post_parser::Utf8Error;
use gutenberg_post_parser_arrow::{record_batches, schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyString, PyTuple};

use crate::input::Input;

const SCHEMA_CAPSULE: &std::ffi::CStr = c"arrow_schema";
const ARRAY_CAPSULE: &std::ffi::CStr = c"arrow_array";
const STREAM_CAPSULE: &std::ffi::CStr = c"arrow_array_stream";

/// The blocks of many documents as Arrow record batches, one row per block.
/// Pass it to `pyarrow.table()`, `polars.DataFrame()` or a DuckDB query (it
/// has `__arrow_c_stream__`); each export shares the same memory.
#[pyclass(frozen, module = "gutenberg_post_parser")]
pub(crate) struct BlockTable {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

#[pymethods]
impl BlockTable {
    /// Number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn __len__(&self) -> usize {
        self.num_rows()
    }

    /// The schema, as an `arrow_schema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref()).map_err(arrow_error)?;
        PyCapsule::new_with_value(py, schema, SCHEMA_CAPSULE)
    }

    /// The record batches, as an `arrow_array_stream` capsule. A requested
    /// schema is not applied (the interface allows that): cast afterwards.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches = self.batches.clone().into_iter().map(Ok);
        let reader = RecordBatchIterator::new(batches, self.schema.clone());
        PyCapsule::new_with_value(
            py,
            FFI_ArrowArrayStream::new(Box::new(reader)),
            STREAM_CAPSULE,
        )
    }
}

/// The rows of `documents` as a `BlockTable`; the package's `parse_table`
/// documents the arguments.
#[pyfunction]
#[pyo3(signature = (
    documents,
    *,
    freeform = true,
    max_output_bytes = Some(gutenberg_post_parser::limits::DEFAULT_MAX_OUTPUT_BYTES),
    threads = None,
))]
pub(crate) fn parse_table(
    documents: &Bound<'_, PyAny>,
    freeform: bool,
    max_output_bytes: Option<u64>,
    threads: Option<usize>,
) -> PyResult<BlockTable> {
    let threads = match threads {
        None => None,
        Some(count) => Some(
            NonZeroUsize::new(count)
                .ok_or_else(|| PyValueError::new_err("threads must be at least 1, or None"))?,
        ),
    };
    let options = TableOptions {
        freeform,
        limits: Limits { max_output_bytes },
    };
    let py = documents.py();
    let build =
        |sources: &[Option<Input<'_>>]| py.detach(|| record_batches(sources, 0, &options, threads));
    let batches = match arrow_arrays(documents)? {
        Some(arrays) => build(&arrow_sources(&arrays)?),
        None => {
            let objects = python_documents(documents)?;
            let sources = objects
                .iter()
                .map(|object| match object.is_none() {
                    true => Ok(None),
                    false => Input::from_object(object).map(Some),
                })
                .collect::<PyResult<Vec<_>>>()?;
            build(&sources)
        }
    };
    Ok(BlockTable {
        schema: schema(),
        batches,
    })
}

impl Source for Input<'_> {
    fn text(&self) -> Option<Result<&str, Utf8Error>> {
        match self {
            Input::Text(text) => Some(Ok(text)),
            Input::Bytes(bytes) => bytes.text(),
        }
    }

    fn byte_len(&self) -> usize {
        match self {
            Input::Text(text) => text.len(),
            Input::Bytes(bytes) => bytes.len(),
        }
    }
}

/// The items of a Python iterable of documents, kept alive while borrowed.
fn python_documents<'py>(documents: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if documents.is_instance_of::<PyString>() || documents.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "documents must be a sequence of documents (or an Arrow array), not one document",
        ));
    }
    documents.try_iter()?.collect()
}

/// The arrays of an object with `__arrow_c_stream__` or `__arrow_c_array__`
/// (a pyarrow `Array` or `ChunkedArray`, a Polars `Series`, ...), or `None`
/// for other objects.
fn arrow_arrays(documents: &Bound<'_, PyAny>) -> PyResult<Option<Vec<ArrayRef>>> {
    let py = documents.py();
    if documents.hasattr(pyo3::intern!(py, "__arrow_c_stream__"))? {
        let capsule = documents.call_method0(pyo3::intern!(py, "__arrow_c_stream__"))?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let stream = capsule.pointer_checked(Some(STREAM_CAPSULE))?;
        // SAFETY: the capsule holds an `ArrowArrayStream`, as its name says;
        // `from_raw` moves it out and marks the capsule's copy released.
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(stream.cast().as_ptr()) };
        let reader = ArrayStreamReader::try_new(stream).map_err(arrow_error)?;
        let arrays = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_error)?;
        return Ok(Some(arrays));
    }
    if documents.hasattr(pyo3::intern!(py, "__arrow_c_array__"))? {
        let pair = documents.call_method0(pyo3::intern!(py, "__arrow_c_array__"))?;
        let pair = pair.cast::<PyTuple>()?;
        let schema = pair.get_item(0)?;
        let schema = schema
            .cast::<PyCapsule>()?
            .pointer_checked(Some(SCHEMA_CAPSULE))?;
        let array = pair.get_item(1)?;
        let array = array
            .cast::<PyCapsule>()?
            .pointer_checked(Some(ARRAY_CAPSULE))?;
        // SAFETY: the capsules hold an `ArrowSchema` and an `ArrowArray`, as
        // their names say; the array is moved out and marked released there,
        // the schema only read.
        let data = unsafe {
            let array = FFI_ArrowArray::from_raw(array.cast().as_ptr());
            from_ffi(array, schema.cast::<FFI_ArrowSchema>().as_ref())
        };
        return Ok(Some(vec![arrow_array::make_array(
            data.map_err(arrow_error)?,
        )]));
    }
    Ok(None)
}

/// One document per entry of string or binary `arrays` (`None` for nulls).
fn arrow_sources(arrays: &[ArrayRef]) -> PyResult<Vec<Option<Input<'_>>>> {
    let mut sources = Vec::with_capacity(arrays.iter().map(|array| array.len()).sum());
    for array in arrays {
        // Imports skip validation: check offsets, views and UTF-8 here, once.
        array.to_data().validate_data().map_err(arrow_error)?;
        match array.data_type() {
            DataType::Utf8 => sources.extend(array.as_string::<i32>().iter().map(text)),
            DataType::LargeUtf8 => sources.extend(array.as_string::<i64>().iter().map(text)),
            DataType::Utf8View => sources.extend(array.as_string_view().iter().map(text)),
            DataType::Binary => sources.extend(array.as_binary::<i32>().iter().map(bytes)),
            DataType::LargeBinary => sources.extend(array.as_binary::<i64>().iter().map(bytes)),
            DataType::BinaryView => sources.extend(array.as_binary_view().iter().map(bytes)),
            other => {
                return Err(PyTypeError::new_err(format!(
                    "documents must be an Arrow array of strings or binary, not {other} \
                     (pass one column of a table)"
                )))
            }
        }
    }
    Ok(sources)
}

fn text(value: Option<&str>) -> Option<Input<'_>> {
    value.map(Input::Text)
}

fn bytes(value: Option<&[u8]>) -> Option<Input<'_>> {
    value.map(Input::Bytes)
}

/// Wraps an Arrow error as `ValueError`.
fn arrow_error(error: arrow_schema::ArrowError) -> PyErr {
    PyValueError::new_err(format!("Arrow: {error}"))
}
