//! The blocks of many documents as one columnar table, for bulk work (site
//! audits, migrations, analytics) where building a tree per post is the cost.
//!
//! One row per block, depth-first in document order, documents in input
//! order; freeform HTML runs get rows too unless [`TableOptions::freeform`]
//! is off. Columns are plain vectors in Apache Arrow's memory layout, so a
//! binding hands them to Arrow without copying (no Arrow dependency here):
//! 64-bit integers, booleans and validity as LSB-first bitmaps, text as
//! 64-bit offsets into one UTF-8 buffer (Arrow's `large_utf8`).
//!
//! | column | type | null when |
//! |---|---|---|
//! | `document` | int64 | never: the document's index in the input |
//! | `ordinal` | int64 | error row; else the block's index in the document's depth-first walk, freeform runs counted even when left out |
//! | `parent` | int64 | top-level block or error row; else the parent's `ordinal` |
//! | `depth` | int64 | error row; else 0 for top-level blocks |
//! | `block_name` | text | freeform HTML or error row; else the full name (`core/paragraph`) |
//! | `attrs` | text | invalid attribute JSON or error row; else exactly the reference's `JSON.stringify(attrs)` (`{}` when the delimiter had none, and for freeform) |
//! | `inner_html` | text | error row; else the reference's `innerHTML` |
//! | `byte_start`, `byte_end` | int64 | error row; else the block's UTF-8 byte range in the document, delimiters included |
//! | `is_void` | bool | error row; else whether the block was `<!-- wp:name /-->` |
//! | `error` | text | every block row |
//!
//! A document that fails gets one error row instead of blocks: `document`
//! and `error` set, every other column null. It fails when its bytes are not
//! UTF-8, or when its rows would hold more text than [`TableOptions::limits`]
//! allows (the reference's recovery gives every unclosed block the rest of
//! the document, so a small hostile post can need gigabytes; see
//! [`crate::limits`]). A null document (see [`Source`]) has no rows.
//!
//! ```
//! use gutenberg_post_parser::table::{self, TableOptions};
//!
//! let posts = ["<!-- wp:group --><!-- wp:image {\"id\":7} /--><!-- /wp:group -->", "<p>hi</p>"];
//! let blocks = table::build(&posts, 0, &TableOptions::default());
//! assert_eq!(blocks.len(), 3);
//! assert_eq!(blocks.block_name().get(1), Some("core/image"));
//! assert_eq!(blocks.attrs().get(1), Some(r#"{"id":7}"#));
//! assert_eq!(blocks.parent().get(1), Some(0));
//! assert_eq!(blocks.document().get(2), Some(1));
//! assert_eq!(blocks.block_name().get(2), None); // freeform
//! ```

use crate::error::Utf8Error;
use crate::json::{self, Value};
use crate::limits::{Limits, Sharing};
use crate::tree::Document;

mod huge_pages;

/// Input bytes per row that [`build`] reserves room for: the 909 real posts
/// of `../shared/real-documents` have a row per 156 bytes, moby-dick one per
/// 244; a chunk with more rows grows its columns.
const BYTES_PER_ROW: usize = 128;

/// How documents become rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableOptions {
    /// Whether freeform HTML runs get rows (with a null `block_name`).
    /// Default: true.
    pub freeform: bool,
    /// The limit on the text of each document's rows. Default:
    /// [`Limits::default`].
    pub limits: Limits,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            freeform: true,
            limits: Limits::default(),
        }
    }
}

/// A document for the table: text, bytes still to be checked for UTF-8, or
/// nothing (`None`, a null in a database export: no rows).
pub trait Source {
    /// The document's text, or `None` for a null document.
    ///
    /// # Errors
    /// [`Utf8Error`] for bytes that are not UTF-8.
    fn text(&self) -> Option<Result<&str, Utf8Error>>;

    /// The document's size in bytes, used to share work out evenly.
    fn byte_len(&self) -> usize;
}

impl Source for str {
    fn text(&self) -> Option<Result<&str, Utf8Error>> {
        Some(Ok(self))
    }

    fn byte_len(&self) -> usize {
        self.len()
    }
}

impl Source for String {
    fn text(&self) -> Option<Result<&str, Utf8Error>> {
        Some(Ok(self))
    }

    fn byte_len(&self) -> usize {
        self.len()
    }
}

impl Source for [u8] {
    fn text(&self) -> Option<Result<&str, Utf8Error>> {
        Some(std::str::from_utf8(self).map_err(Utf8Error::from))
    }

    fn byte_len(&self) -> usize {
        self.len()
    }
}

impl Source for Vec<u8> {
    fn text(&self) -> Option<Result<&str, Utf8Error>> {
        self.as_slice().text()
    }

    fn byte_len(&self) -> usize {
        self.len()
    }
}

impl<S: Source + ?Sized> Source for &S {
    fn text(&self) -> Option<Result<&str, Utf8Error>> {
        (**self).text()
    }

    fn byte_len(&self) -> usize {
        (**self).byte_len()
    }
}

impl<S: Source> Source for Option<S> {
    fn text(&self) -> Option<Result<&str, Utf8Error>> {
        self.as_ref()?.text()
    }

    fn byte_len(&self) -> usize {
        self.as_ref().map_or(0, Source::byte_len)
    }
}

/// Bits in Arrow's layout: bit `i` is bit `i % 8` of byte `i / 8`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bitmap {
    bytes: Vec<u8>,
    len: usize,
}

impl Bitmap {
    /// `len` set bits.
    fn ones(len: usize) -> Self {
        let mut bytes = vec![0xff; len.div_ceil(8)];
        if len % 8 != 0 {
            bytes[len / 8] = (1u8 << (len % 8)) - 1;
        }
        Bitmap { bytes, len }
    }

    #[inline]
    fn push(&mut self, bit: bool) {
        if self.len % 8 == 0 {
            self.bytes.push(u8::from(bit));
        } else if let Some(last) = self.bytes.last_mut() {
            *last |= u8::from(bit) << (self.len % 8);
        }
        self.len += 1;
    }

    /// Bit `at`.
    ///
    /// # Panics
    /// When `at` is out of range.
    pub fn get(&self, at: usize) -> bool {
        assert!(at < self.len, "bit {at} out of range");
        self.bytes[at / 8] & (1 << (at % 8)) != 0
    }

    /// Number of bits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no bit.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of set bits.
    pub fn count_ones(&self) -> usize {
        // Unused high bits of the last byte are 0.
        self.bytes
            .iter()
            .map(|byte| byte.count_ones() as usize)
            .sum()
    }

    /// The bytes (unused high bits of the last one are 0).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, for handing over without a copy.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Which rows of a column hold a value. No bitmap is kept until the first
/// null. (The column knows its length: rows are pushed with their index.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validity {
    bits: Option<Bitmap>,
}

impl Validity {
    /// Records whether row `row`, the next one, holds a value.
    #[inline]
    fn push(&mut self, valid: bool, row: usize) {
        match &mut self.bits {
            Some(bits) => bits.push(valid),
            None if valid => {}
            None => self.first_null(row),
        }
    }

    /// Starts the bitmap at the first null, row `row`.
    #[cold]
    fn first_null(&mut self, row: usize) {
        let mut bits = Bitmap::ones(row);
        bits.push(false);
        self.bits = Some(bits);
    }

    /// Whether row `at` holds a value.
    pub fn is_valid(&self, at: usize) -> bool {
        match &self.bits {
            Some(bits) => bits.get(at),
            None => true,
        }
    }

    /// How many rows are null.
    pub fn null_count(&self) -> usize {
        self.bits
            .as_ref()
            .map_or(0, |bits| bits.len() - bits.count_ones())
    }

    /// The bitmap (set: valid), or `None` when no row is null.
    pub fn bitmap(&self) -> Option<&Bitmap> {
        self.bits.as_ref()
    }

    fn into_bitmap(self) -> Option<Bitmap> {
        self.bits
    }
}

/// A nullable column of 64-bit integers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Int64Column {
    values: Vec<i64>,
    validity: Validity,
}

impl Int64Column {
    fn push(&mut self, value: Option<i64>) {
        self.validity.push(value.is_some(), self.values.len());
        self.values.push(value.unwrap_or(0));
    }

    /// The value of row `at`, `None` when null.
    ///
    /// # Panics
    /// When `at` is out of range.
    pub fn get(&self, at: usize) -> Option<i64> {
        let value = self.values[at];
        self.validity.is_valid(at).then_some(value)
    }

    /// Every row's value (0 where null).
    pub fn values(&self) -> &[i64] {
        &self.values
    }

    /// Which rows are null.
    pub fn validity(&self) -> &Validity {
        &self.validity
    }

    /// The values and validity bitmap, for handing over without a copy.
    pub fn into_parts(self) -> (Vec<i64>, Option<Bitmap>) {
        (self.values, self.validity.into_bitmap())
    }
}

/// A nullable column of booleans.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoolColumn {
    values: Bitmap,
    validity: Validity,
}

impl BoolColumn {
    fn push(&mut self, value: Option<bool>) {
        self.validity.push(value.is_some(), self.values.len());
        self.values.push(value.unwrap_or(false));
    }

    /// The value of row `at`, `None` when null.
    ///
    /// # Panics
    /// When `at` is out of range.
    pub fn get(&self, at: usize) -> Option<bool> {
        let value = self.values.get(at);
        self.validity.is_valid(at).then_some(value)
    }

    /// Every row's value (false where null).
    pub fn values(&self) -> &Bitmap {
        &self.values
    }

    /// Which rows are null.
    pub fn validity(&self) -> &Validity {
        &self.validity
    }

    /// The values and validity bitmap, for handing over without a copy.
    pub fn into_parts(self) -> (Bitmap, Option<Bitmap>) {
        (self.values, self.validity.into_bitmap())
    }
}

/// A nullable column of text: row `i` is `text[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextColumn {
    offsets: Vec<i64>,
    text: String,
    validity: Validity,
}

impl Default for TextColumn {
    fn default() -> Self {
        TextColumn {
            offsets: vec![0],
            text: String::new(),
            validity: Validity::default(),
        }
    }
}

impl TextColumn {
    /// Ends a row whose text was appended to `self.text`.
    fn end_row(&mut self, valid: bool) {
        self.validity.push(valid, self.offsets.len() - 1);
        self.offsets.push(self.text.len() as i64);
    }

    fn push(&mut self, value: Option<&str>) {
        self.text.push_str(value.unwrap_or(""));
        self.end_row(value.is_some());
    }

    /// The text of row `at`, `None` when null.
    ///
    /// # Panics
    /// When `at` is out of range.
    pub fn get(&self, at: usize) -> Option<&str> {
        let (start, end) = (self.offsets[at] as usize, self.offsets[at + 1] as usize);
        self.validity.is_valid(at).then(|| &self.text[start..end])
    }

    /// One more offset than rows, from 0, never decreasing, each on a
    /// character boundary of [`TextColumn::text`] (empty where null).
    pub fn offsets(&self) -> &[i64] {
        &self.offsets
    }

    /// Every row's text, one after the other.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Which rows are null.
    pub fn validity(&self) -> &Validity {
        &self.validity
    }

    /// The offsets, text and validity bitmap, for handing over without a copy.
    pub fn into_parts(self) -> (Vec<i64>, String, Option<Bitmap>) {
        (self.offsets, self.text, self.validity.into_bitmap())
    }
}

/// One column of a [`BlockTable`], taken out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// `int64`.
    Int64(Int64Column),
    /// `bool`.
    Bool(BoolColumn),
    /// UTF-8 text with 64-bit offsets (`large_utf8`).
    Text(TextColumn),
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// [`Column::Int64`].
    Int64,
    /// [`Column::Bool`].
    Bool,
    /// [`Column::Text`].
    Text,
}

/// A column's name and type, as [`BlockTable::into_columns`] gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnSpec {
    /// The column's name.
    pub name: &'static str,
    /// What it holds.
    pub kind: ColumnKind,
    /// Whether it has nulls (only `document` never has).
    pub nullable: bool,
}

const fn spec(name: &'static str, kind: ColumnKind, nullable: bool) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        nullable,
    }
}

/// The table's columns, in order; see the [module documentation](self).
pub const COLUMNS: [ColumnSpec; 11] = [
    spec("document", ColumnKind::Int64, false),
    spec("ordinal", ColumnKind::Int64, true),
    spec("parent", ColumnKind::Int64, true),
    spec("depth", ColumnKind::Int64, true),
    spec("block_name", ColumnKind::Text, true),
    spec("attrs", ColumnKind::Text, true),
    spec("inner_html", ColumnKind::Text, true),
    spec("byte_start", ColumnKind::Int64, true),
    spec("byte_end", ColumnKind::Int64, true),
    spec("is_void", ColumnKind::Bool, true),
    spec("error", ColumnKind::Text, true),
];

/// What the table's rows hold of a document: each block's `innerHTML` once,
/// as new text, and no `innerContent`. (Names are counted as written; the
/// table adds `core/` to names without a namespace, 5 bytes a block.)
const SHARING: Sharing = Sharing {
    single_run: false,
    inner_content: false,
    ..Sharing::NOTHING
};

/// The blocks of many documents; see the [module documentation](self).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockTable {
    document: Int64Column,
    ordinal: Int64Column,
    parent: Int64Column,
    depth: Int64Column,
    block_name: TextColumn,
    attrs: TextColumn,
    inner_html: TextColumn,
    byte_start: Int64Column,
    byte_end: Int64Column,
    is_void: BoolColumn,
    error: TextColumn,
    /// The `ordinal`s of the current block's ancestors, outermost first
    /// (empty between documents).
    ancestors: Vec<i64>,
}

impl BlockTable {
    /// An empty table.
    pub fn new() -> Self {
        BlockTable::default()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.document.values.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends the rows of one document, as document number `index`: its
    /// blocks, an error row, or nothing for a null document.
    pub fn push_document<S: Source + ?Sized>(
        &mut self,
        index: i64,
        source: &S,
        options: &TableOptions,
    ) {
        let text = match source.text() {
            None => return,
            Some(Ok(text)) => text,
            Some(Err(error)) => return self.push_error(index, &error.to_string()),
        };
        let document = crate::parse(text);
        match options.limits.check_document(&document, SHARING) {
            Ok(()) => self.push_blocks(index, &document, options.freeform),
            Err(error) => self.push_error(index, &error.to_string()),
        }
    }

    /// Appends a row per block of `document` (freeform runs only when
    /// `freeform`), as document number `index`, without checking limits.
    pub fn push_blocks(&mut self, index: i64, document: &Document<'_>, freeform: bool) {
        self.reserve(document.node_count());
        for (ordinal, (block, depth)) in document.walk().enumerate() {
            let ordinal = ordinal as i64;
            self.ancestors.truncate(depth);
            let parent = self.ancestors.last().copied();
            self.ancestors.push(ordinal);
            let name = block.name();
            if name.is_none() && !freeform {
                continue;
            }
            self.document.push(Some(index));
            self.ordinal.push(Some(ordinal));
            self.parent.push(parent);
            self.depth.push(Some(depth as i64));
            match name {
                Some(name) => {
                    if !name.has_namespace() {
                        self.block_name.text.push_str("core/");
                    }
                    self.block_name.push(Some(name.as_written()));
                }
                None => self.block_name.push(None),
            }
            // `JSON.stringify(block.attrs())`, copied when already written so.
            match block.attrs_json().map(json::as_stringified) {
                None => self.attrs.push(Some("{}")),
                Some(Some(text)) => self.attrs.push(Some(text)),
                Some(None) => match block.attrs() {
                    Value::Null => self.attrs.push(None),
                    attrs => {
                        json::write_value(&mut self.attrs.text, &attrs);
                        self.attrs.end_row(true);
                    }
                },
            }
            // `inner_html()` without the copy that joins several runs.
            for html in block.html_pieces() {
                self.inner_html.text.push_str(html);
            }
            self.inner_html.end_row(true);
            let span = block.span();
            self.byte_start.push(Some(span.start as i64));
            self.byte_end.push(Some(span.end as i64));
            self.is_void.push(Some(block.is_void()));
            self.error.push(None);
        }
        // Scratch only: tables with the same rows compare equal.
        self.ancestors.clear();
    }

    /// Room for `rows` more rows in every column but the texts.
    fn reserve(&mut self, rows: usize) {
        for column in self.int64_columns() {
            column.values.reserve(rows);
        }
        for column in self.text_columns() {
            column.offsets.reserve(rows);
        }
        // Typical names and attributes, so that texts grow less often.
        self.block_name.text.reserve(rows * 16);
        self.attrs.text.reserve(rows * 32);
    }

    /// Room for the rows of `bytes` of input, in memory marked for huge
    /// pages: its blocks' HTML (most of a document; grown only by recovery)
    /// and typical rows, one per [`BYTES_PER_ROW`].
    fn reserve_for_input(&mut self, bytes: usize) {
        self.reserve(bytes / BYTES_PER_ROW + 1);
        self.inner_html.text.reserve(bytes);
        for column in self.int64_columns() {
            huge_pages::advise_vec(&column.values);
        }
        for column in self.text_columns() {
            huge_pages::advise_vec(&column.offsets);
            huge_pages::advise_string(&column.text, column.text.capacity());
        }
    }

    /// Every int64 column.
    fn int64_columns(&mut self) -> [&mut Int64Column; 6] {
        [
            &mut self.document,
            &mut self.ordinal,
            &mut self.parent,
            &mut self.depth,
            &mut self.byte_start,
            &mut self.byte_end,
        ]
    }

    /// Every text column.
    fn text_columns(&mut self) -> [&mut TextColumn; 4] {
        [
            &mut self.block_name,
            &mut self.attrs,
            &mut self.inner_html,
            &mut self.error,
        ]
    }

    /// Appends an error row for document number `index`.
    pub fn push_error(&mut self, index: i64, message: &str) {
        self.document.push(Some(index));
        for column in [
            &mut self.ordinal,
            &mut self.parent,
            &mut self.depth,
            &mut self.byte_start,
            &mut self.byte_end,
        ] {
            column.push(None);
        }
        for column in [&mut self.block_name, &mut self.attrs, &mut self.inner_html] {
            column.push(None);
        }
        self.is_void.push(None);
        self.error.push(Some(message));
    }

    /// The `document` column.
    pub fn document(&self) -> &Int64Column {
        &self.document
    }

    /// The `ordinal` column.
    pub fn ordinal(&self) -> &Int64Column {
        &self.ordinal
    }

    /// The `parent` column.
    pub fn parent(&self) -> &Int64Column {
        &self.parent
    }

    /// The `depth` column.
    pub fn depth(&self) -> &Int64Column {
        &self.depth
    }

    /// The `block_name` column.
    pub fn block_name(&self) -> &TextColumn {
        &self.block_name
    }

    /// The `attrs` column.
    pub fn attrs(&self) -> &TextColumn {
        &self.attrs
    }

    /// The `inner_html` column.
    pub fn inner_html(&self) -> &TextColumn {
        &self.inner_html
    }

    /// The `byte_start` column.
    pub fn byte_start(&self) -> &Int64Column {
        &self.byte_start
    }

    /// The `byte_end` column.
    pub fn byte_end(&self) -> &Int64Column {
        &self.byte_end
    }

    /// The `is_void` column.
    pub fn is_void(&self) -> &BoolColumn {
        &self.is_void
    }

    /// The `error` column.
    pub fn error(&self) -> &TextColumn {
        &self.error
    }

    /// The columns in [`COLUMNS`] order, each beside its spec.
    pub fn into_columns(self) -> [(ColumnSpec, Column); 11] {
        let columns = [
            Column::Int64(self.document),
            Column::Int64(self.ordinal),
            Column::Int64(self.parent),
            Column::Int64(self.depth),
            Column::Text(self.block_name),
            Column::Text(self.attrs),
            Column::Text(self.inner_html),
            Column::Int64(self.byte_start),
            Column::Int64(self.byte_end),
            Column::Bool(self.is_void),
            Column::Text(self.error),
        ];
        let mut specs = COLUMNS.into_iter();
        columns.map(|column| (specs.next().expect("one spec per column"), column))
    }
}

/// The rows of `documents`, numbered from `first_index`, in one table, on the
/// calling thread.
pub fn build<S: Source>(documents: &[S], first_index: i64, options: &TableOptions) -> BlockTable {
    let mut table = BlockTable::new();
    table.reserve_for_input(documents.iter().map(Source::byte_len).sum());
    for (at, source) in documents.iter().enumerate() {
        table.push_document(first_index.saturating_add(at as i64), source, options);
    }
    table
}

#[cfg(feature = "parallel")]
pub use parallel::{build_parallel, build_parallel_with};

#[cfg(feature = "parallel")]
mod parallel {
    use std::num::NonZeroUsize;
    use std::ops::Range;

    use rayon::prelude::*;

    use super::{build, BlockTable, Source, TableOptions};

    /// The least input a table of [`build_parallel`] is given, so that small
    /// batches are not cut up for nothing.
    const MIN_CHUNK_BYTES: usize = 1 << 20;
    /// The most input a table of [`build_parallel`] is given (unless one
    /// document is larger), so that each stays a moderate record batch.
    const MAX_CHUNK_BYTES: usize = 64 << 20;

    /// [`build`] across threads: `documents` cut into runs of consecutive
    /// documents (about four per thread, 1 to 64 MiB of input each), each run
    /// one table, in input order.
    ///
    /// `threads`: `None` runs on the current rayon pool (the global one: one
    /// thread per core, unless `RAYON_NUM_THREADS` says otherwise); `Some(1)`
    /// on the calling thread; `Some(n)` on a pool of `n` threads made for this
    /// call (or on the calling thread, if threads cannot be started).
    pub fn build_parallel<S: Source + Sync>(
        documents: &[S],
        first_index: i64,
        options: &TableOptions,
        threads: Option<NonZeroUsize>,
    ) -> Vec<BlockTable> {
        build_parallel_with(documents, first_index, options, threads, |table| table)
    }

    /// [`build_parallel`], each table handed to `finish` on the thread that
    /// built it: what a binding does with the tables (convert them to Arrow
    /// record batches, say) then runs across the threads too.
    pub fn build_parallel_with<S, T, F>(
        documents: &[S],
        first_index: i64,
        options: &TableOptions,
        threads: Option<NonZeroUsize>,
        finish: F,
    ) -> Vec<T>
    where
        S: Source + Sync,
        T: Send,
        F: Fn(BlockTable) -> T + Sync,
    {
        let run = |threads: usize| {
            let ranges = chunks(documents, threads);
            let one = |range: &Range<usize>| {
                let first = first_index.saturating_add(range.start as i64);
                finish(build(&documents[range.clone()], first, options))
            };
            if threads == 1 {
                ranges.iter().map(one).collect()
            } else {
                ranges.par_iter().map(one).collect()
            }
        };
        match threads.map(NonZeroUsize::get) {
            None => run(rayon::current_num_threads()),
            Some(1) => run(1),
            Some(count) => match rayon::ThreadPoolBuilder::new().num_threads(count).build() {
                Ok(pool) => pool.install(|| run(count)),
                Err(_) => run(1),
            },
        }
    }

    /// Consecutive runs of `documents` of about even input size, enough of
    /// them to keep `threads` busy.
    fn chunks<S: Source>(documents: &[S], threads: usize) -> Vec<Range<usize>> {
        let total: usize = documents.iter().map(Source::byte_len).sum();
        let target = if threads == 1 {
            MAX_CHUNK_BYTES
        } else {
            (total / (4 * threads)).clamp(MIN_CHUNK_BYTES, MAX_CHUNK_BYTES)
        };
        let mut ranges = Vec::new();
        let (mut start, mut bytes) = (0, 0);
        for (at, document) in documents.iter().enumerate() {
            bytes += document.byte_len();
            if bytes >= target {
                ranges.push(start..at + 1);
                (start, bytes) = (at + 1, 0);
            }
        }
        if start < documents.len() || ranges.is_empty() {
            ranges.push(start..documents.len());
        }
        ranges
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn chunks_cover_every_document_in_order() {
            let documents: Vec<String> = (0..100).map(|i| "x".repeat(i * 10_000)).collect();
            for threads in [1, 2, 3, 8] {
                let ranges = chunks(&documents, threads);
                assert_eq!(ranges.first().unwrap().start, 0);
                assert_eq!(ranges.last().unwrap().end, 100);
                assert!(ranges.windows(2).all(|pair| pair[0].end == pair[1].start));
                assert!(threads == 1 || ranges.len() > threads, "{ranges:?}");
            }
            let none = chunks::<&str>(&[], 2);
            assert!(none.len() == 1 && none[0].is_empty());
        }

        #[test]
        fn threads_give_the_same_rows() {
            let documents: Vec<String> = (0..3000)
                .map(|i| {
                    format!(
                        "<!-- wp:p {{\"i\":{i}}} --><p>{}</p><!-- /wp:p -->",
                        "x".repeat(i)
                    )
                })
                .collect();
            let options = TableOptions::default();
            let one = build(&documents, 5, &options);
            for threads in [None, NonZeroUsize::new(1), NonZeroUsize::new(3)] {
                let tables = build_parallel(&documents, 5, &options, threads);
                assert!(threads != NonZeroUsize::new(3) || tables.len() > 3);
                let mut row = 0;
                for table in &tables {
                    for at in 0..table.len() {
                        assert_eq!(table.document().get(at), one.document().get(row));
                        assert_eq!(table.attrs().get(at), one.attrs().get(row));
                        assert_eq!(table.inner_html().get(at), one.inner_html().get(row));
                        row += 1;
                    }
                }
                assert_eq!(row, one.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_walk() {
        let post = "a<!-- wp:group {\"x\":[1e21]} --><!-- wp:my/card /-->b<!-- wp:p -->c<!-- /wp:p --><!-- /wp:group -->";
        let table = build(&[post], 0, &TableOptions::default());
        assert_eq!(table.len(), 4);
        let names: Vec<_> = (0..4).map(|at| table.block_name().get(at)).collect();
        assert_eq!(
            names,
            [None, Some("core/group"), Some("my/card"), Some("core/p")]
        );
        let parents: Vec<_> = (0..4).map(|at| table.parent().get(at)).collect();
        assert_eq!(parents, [None, None, Some(1), Some(1)]);
        let depths: Vec<_> = (0..4).map(|at| table.depth().get(at)).collect();
        assert_eq!(depths, [Some(0), Some(0), Some(1), Some(1)]);
        assert_eq!(table.attrs().get(0), Some("{}"));
        assert_eq!(table.attrs().get(1), Some("{\"x\":[1e+21]}"));
        assert_eq!(table.inner_html().get(1), Some("b"));
        assert_eq!(table.inner_html().get(0), Some("a"));
        assert_eq!(table.is_void().get(2), Some(true));
        assert_eq!(table.is_void().get(3), Some(false));
        let span = |at| {
            table.byte_start().get(at).unwrap() as usize..table.byte_end().get(at).unwrap() as usize
        };
        assert_eq!(&post[span(2)], "<!-- wp:my/card /-->");
        assert_eq!(&post[span(3)], "<!-- wp:p -->c<!-- /wp:p -->");
        assert_eq!(table.error().validity().null_count(), 4);
        assert!(table.block_name().validity().bitmap().is_some());
        assert_eq!(table.document().validity().bitmap(), None);
    }

    #[test]
    fn freeform_rows_can_be_left_out_keeping_ordinals() {
        let options = TableOptions {
            freeform: false,
            ..TableOptions::default()
        };
        let table = build(&["x<!-- wp:a /-->y<!-- wp:b /-->"], 0, &options);
        assert_eq!(table.len(), 2);
        assert_eq!(table.ordinal().get(0), Some(1));
        assert_eq!(table.ordinal().get(1), Some(3));
        assert_eq!(table.block_name().validity().bitmap(), None);
    }

    #[test]
    fn invalid_attrs_are_null() {
        let table = build(&["<!-- wp:a {\"x\":} /-->"], 0, &TableOptions::default());
        assert_eq!(table.attrs().get(0), None);
        assert_eq!(table.block_name().get(0), Some("core/a"));
    }

    #[test]
    fn failed_documents_get_one_error_row() {
        let hostile = "<!-- wp:group -->x".repeat(2_000);
        let documents: [&[u8]; 4] = [b"<!-- wp:a /-->", b"\xff", hostile.as_bytes(), b""];
        let options = TableOptions {
            limits: Limits {
                max_output_bytes: Some(1 << 20),
            },
            ..TableOptions::default()
        };
        let table = build(&documents, 10, &options);
        assert_eq!(table.len(), 3);
        let documents: Vec<_> = (0..3).map(|at| table.document().get(at)).collect();
        assert_eq!(documents, [Some(10), Some(11), Some(12)]);
        assert!(table.error().get(1).unwrap().starts_with("invalid UTF-8"));
        assert!(table.error().get(2).unwrap().contains("over the limit"));
        for at in 1..3 {
            assert_eq!(table.ordinal().get(at), None);
            assert_eq!(table.inner_html().get(at), None);
            assert_eq!(table.is_void().get(at), None);
        }
        let unlimited = TableOptions {
            limits: Limits::UNLIMITED,
            ..options
        };
        assert_eq!(build(&[hostile.as_str()], 0, &unlimited).len(), 3_999);
    }

    #[test]
    fn null_documents_have_no_rows() {
        let table = build(&[None, Some("<!-- wp:a /-->")], 0, &TableOptions::default());
        assert_eq!(table.len(), 1);
        assert_eq!(table.document().get(0), Some(1));
    }

    #[test]
    fn columns_come_out_in_spec_order() {
        let table = build(&["<!-- wp:a /-->"], 0, &TableOptions::default());
        let columns = table.into_columns();
        for ((spec, column), expected) in columns.iter().zip(COLUMNS) {
            assert_eq!(*spec, expected);
            let kind = match column {
                Column::Int64(_) => ColumnKind::Int64,
                Column::Bool(_) => ColumnKind::Bool,
                Column::Text(_) => ColumnKind::Text,
            };
            assert_eq!(kind, spec.kind);
        }
    }

    #[test]
    fn bitmaps_keep_arrow_layout() {
        let mut validity = Validity::default();
        for at in 0..20 {
            validity.push(at != 9, at);
        }
        let bits = validity.bitmap().unwrap();
        assert_eq!(bits.as_bytes(), [0xff, 0xfd, 0x0f]);
        assert_eq!(validity.null_count(), 1);
        assert!(!validity.is_valid(9) && validity.is_valid(19));
        assert_eq!(Bitmap::ones(8).as_bytes(), [0xff]);
    }
}
