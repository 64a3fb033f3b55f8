//! The blocks table of `gutenberg-post-parser` ([`table`]) as Apache Arrow
//! record batches: each column's buffers move into arrow-rs arrays without a
//! copy. Shared by the Python package (Arrow's C data interface) and the
//! command line (Parquet).
//!
//! ```
//! use gutenberg_post_parser::table::{self, TableOptions};
//!
//! let blocks = table::build(&["<!-- wp:image {\"id\":7} /-->"], 0, &TableOptions::default());
//! let batch = gutenberg_post_parser_arrow::record_batch(blocks);
//! assert_eq!(batch.num_rows(), 1);
//! assert_eq!(batch.schema().field(4).name(), "block_name");
//! ```

use std::num::NonZeroUsize;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Int64Array, LargeStringArray, RecordBatch};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use gutenberg_post_parser::table::{
    self, Bitmap, Column, ColumnKind, Source, TableOptions, COLUMNS,
};

/// The Arrow schema of the table's [`COLUMNS`]: `int64`, `bool`, and
/// `large_utf8` for text.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(fields()))
}

/// The fields of [`schema`], for a host that adds columns of its own.
pub fn fields() -> Vec<Field> {
    COLUMNS
        .iter()
        .map(|spec| {
            let data_type = match spec.kind {
                ColumnKind::Int64 => DataType::Int64,
                ColumnKind::Bool => DataType::Boolean,
                ColumnKind::Text => DataType::LargeUtf8,
            };
            Field::new(spec.name, data_type, spec.nullable)
        })
        .collect()
}

/// The table's columns as arrays, in [`COLUMNS`] order.
pub fn arrays(table: table::BlockTable) -> Vec<ArrayRef> {
    table
        .into_columns()
        .into_iter()
        .map(|(_, column)| array(column))
        .collect()
}

/// The table as one record batch of [`schema`].
pub fn record_batch(table: table::BlockTable) -> RecordBatch {
    let rows = table.len();
    let columns = arrays(table);
    debug_assert!(columns.iter().all(|column| column.len() == rows));
    // Every column has one entry per row and its type in `schema`: all that
    // `try_new` checks.
    RecordBatch::try_new(schema(), columns).expect("the table's columns fit its schema")
}

/// The rows of `documents` as record batches, built across threads as
/// [`table::build_parallel`] builds its tables (same arguments), each table
/// converted on the thread that built it.
pub fn record_batches<S: Source + Sync>(
    documents: &[S],
    first_index: i64,
    options: &TableOptions,
    threads: Option<NonZeroUsize>,
) -> Vec<RecordBatch> {
    table::build_parallel_with(documents, first_index, options, threads, record_batch)
}

fn array(column: Column) -> ArrayRef {
    match column {
        Column::Int64(column) => {
            let (values, validity) = column.into_parts();
            Arc::new(Int64Array::new(ScalarBuffer::from(values), nulls(validity)))
        }
        Column::Bool(column) => {
            let (values, validity) = column.into_parts();
            Arc::new(BooleanArray::new(bits(values), nulls(validity)))
        }
        Column::Text(column) => {
            let (offsets, text, validity) = column.into_parts();
            // Checks that the offsets never decrease.
            let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
            // What `LargeStringArray::new` would check besides: offsets on
            // character boundaries of the text, a validity bit per row. It
            // would also check the text is UTF-8, which a `String` is: that
            // pass over every byte ran on one thread after a parallel build.
            let on_boundaries = offsets
                .iter()
                .all(|&at| usize::try_from(at).is_ok_and(|at| text.is_char_boundary(at)));
            let nulls = nulls(validity);
            let rows = offsets.len() - 1;
            assert!(
                on_boundaries && nulls.as_ref().is_none_or(|nulls| nulls.len() == rows),
                "a text column's offsets or validity do not fit its text"
            );
            let text = Buffer::from_vec(text.into_bytes());
            // SAFETY: `text` was a `String` (UTF-8), every offset is a
            // character boundary of it (checked above) and never decreases
            // (checked by `OffsetBuffer::new`), and `nulls` has one bit per row.
            Arc::new(unsafe { LargeStringArray::new_unchecked(offsets, text, nulls) })
        }
    }
}

fn bits(bitmap: Bitmap) -> BooleanBuffer {
    let len = bitmap.len();
    BooleanBuffer::new(Buffer::from_vec(bitmap.into_bytes()), 0, len)
}

fn nulls(validity: Option<Bitmap>) -> Option<NullBuffer> {
    validity.map(|bitmap| NullBuffer::new(bits(bitmap)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use gutenberg_post_parser::table::TableOptions;

    #[test]
    fn columns_keep_values_and_nulls() {
        let documents: [&[u8]; 2] = [b"x<!-- wp:a {\"b\":1} /-->", b"\xff"];
        let batch = record_batch(table::build(&documents, 3, &TableOptions::default()));
        assert_eq!(batch.num_rows(), 3);
        let names = batch
            .column(4)
            .as_any()
            .downcast_ref::<LargeStringArray>()
            .unwrap();
        assert!(names.is_null(0));
        assert_eq!(names.value(1), "core/a");
        assert!(names.is_null(2));
        let attrs = batch
            .column(5)
            .as_any()
            .downcast_ref::<LargeStringArray>()
            .unwrap();
        assert_eq!(attrs.value(1), "{\"b\":1}");
        let void = batch
            .column(9)
            .as_any()
            .downcast_ref::<BooleanArray>()
            .unwrap();
        assert!(!void.value(0) && void.value(1) && void.is_null(2));
        let document = batch
            .column(0)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap();
        assert_eq!(document.values().as_ref(), [3, 3, 4]);
        assert_eq!(document.null_count(), 0);
        let errors = batch
            .column(10)
            .as_any()
            .downcast_ref::<LargeStringArray>()
            .unwrap();
        assert!(errors.value(2).starts_with("invalid UTF-8"));
    }

    #[test]
    fn batches_built_across_threads_hold_the_rows_of_one_table() {
        // Over 1 MiB, so that two threads get more than one run of documents.
        let documents: Vec<String> = (0..4000)
            .map(|i| {
                format!(
                    "<!-- wp:p {{\"i\":{i}}} --><p>{}</p><!-- /wp:p -->",
                    "x".repeat(i % 700)
                )
            })
            .collect();
        let options = TableOptions::default();
        let whole = record_batch(table::build(&documents, 5, &options));
        for threads in [1, 2] {
            let batches = record_batches(&documents, 5, &options, NonZeroUsize::new(threads));
            assert!(
                threads == 1 || batches.len() > 1,
                "{} batches",
                batches.len()
            );
            let mut offset = 0;
            for batch in &batches {
                assert_eq!(
                    *batch,
                    whole.slice(offset, batch.num_rows()),
                    "{threads} threads"
                );
                offset += batch.num_rows();
            }
            assert_eq!(offset, whole.num_rows());
        }
    }
}
