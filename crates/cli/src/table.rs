//! `table`: the blocks of many posts as one Parquet file, one row per block
//! (the core's `table` module), for DuckDB, Spark, Polars or pandas.
//!
//! Posts come from HTML files (one post each, `id` = the path) or from
//! exports of posts with `id` and `post_content`: JSON Lines (one object per
//! line) or CSV (a header row; quoted fields may hold commas, quotes and
//! newlines). They are read in runs of about 64 MiB, each run parsed across
//! every core and written as one row group by a second thread while the
//! next run is read and parsed: memory stays bounded whatever the input.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::num::NonZeroUsize;
use std::sync::mpsc;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use gutenberg_post_parser::json::{self, Value};
use gutenberg_post_parser::limits::Limits;
use gutenberg_post_parser::table::{self as blocks, BlockTable, TableOptions};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use crate::input;

/// Input read before a run is parsed and written.
const RUN_BYTES: usize = 64 << 20;
/// Most posts in a run (many tiny posts would make huge runs of rows).
const RUN_POSTS: usize = 100_000;

/// What the input files hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One post per file.
    #[default]
    Html,
    /// One JSON object per line, with `id` and `post_content`.
    JsonLines,
    /// CSV with a header row naming `id` and `post_content`.
    Csv,
}

impl Format {
    /// The format named on the command line.
    pub fn named(name: &str) -> Option<Format> {
        match name {
            "html" => Some(Format::Html),
            "jsonl" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// The `table` command's own options.
#[derive(Debug, Default)]
pub struct Flags {
    pub format: Format,
    /// The Parquet file to write (required).
    pub output: Option<String>,
    /// `--no-freeform`: no rows for freeform HTML.
    pub no_freeform: bool,
    /// Parsing threads; `None`: one per core.
    pub threads: Option<NonZeroUsize>,
}

impl Flags {
    /// Reads `flag` (and its value from `args`) when it is one of `table`'s
    /// options: `Ok(false)` when it is not.
    pub fn read(
        &mut self,
        flag: &str,
        args: &mut dyn Iterator<Item = String>,
    ) -> Result<bool, String> {
        let mut value = |what: &str| args.next().ok_or(format!("{flag} needs {what}"));
        match flag {
            "--format" => {
                let name = value("html, jsonl or csv")?;
                self.format = Format::named(&name)
                    .ok_or(format!("--format is html, jsonl or csv, not `{name}`"))?;
            }
            "-o" | "--output" => self.output = Some(value("a file name")?),
            "--no-freeform" => self.no_freeform = true,
            "--threads" => {
                let count = value("a number of threads")?;
                self.threads = Some(
                    count
                        .parse()
                        .map_err(|_| format!("--threads needs a number above 0, not `{count}`"))?,
                );
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// What went wrong with the run as a whole.
#[derive(Debug)]
pub enum TableError {
    /// The output could not be created or written.
    Output(String),
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::Output(message) => f.write_str(message),
        }
    }
}

/// A reader of an export of posts: hands each post, or why a record is not
/// one, to the callback, and goes on.
type PostReader = fn(Box<dyn Read + '_>, &mut dyn FnMut(Result<Post, String>)) -> io::Result<()>;

/// One post: its id (the file's path for HTML files) and its content, if
/// the export had one.
struct Post {
    id: Option<String>,
    content: Option<Vec<u8>>,
}

/// The posts read so far, not yet parsed.
#[derive(Default)]
struct Run {
    ids: Vec<Option<String>>,
    contents: Vec<Option<Vec<u8>>>,
    bytes: usize,
}

/// Writes the table of every post of `files` to `flags.output`;
/// `Ok(true)` when some input could not be read (reported on standard error
/// as it happens). Posts that are not UTF-8 or over `limits` get an error
/// row, not a failure.
pub fn run(flags: &Flags, limits: Limits, files: &[String]) -> Result<bool, TableError> {
    let path = flags.output.as_deref().unwrap_or("-");
    let output =
        File::create(path).map_err(|error| TableError::Output(format!("{path}: {error}")))?;
    let options = TableOptions {
        freeform: !flags.no_freeform,
        limits,
    };
    let schema = schema();
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        // Names repeat; HTML and attributes hardly ever do.
        .set_dictionary_enabled(false)
        .set_column_dictionary_enabled(ColumnPath::from("block_name"), true)
        .build();
    let writer = ArrowWriter::try_new(output, schema.clone(), Some(properties))
        .map_err(|error| TableError::Output(error.to_string()))?;
    // One run is written while the next is read and parsed.
    let (send, receive) = mpsc::sync_channel::<Vec<RecordBatch>>(1);
    std::thread::scope(|scope| {
        let writing = scope.spawn(move || write_runs(writer, receive));
        let mut reading = Reading {
            flags,
            options,
            schema,
            send,
            run: Run::default(),
            next_index: 0,
            failed: false,
            writer_failed: false,
            documents: 0,
            rows: 0,
            errors: 0,
        };
        for path in files {
            reading.read_file(path);
        }
        reading.finish_run();
        let Reading {
            failed,
            documents,
            rows,
            errors,
            send,
            ..
        } = reading;
        drop(send);
        let written = writing.join().expect("the writing thread does not panic");
        written.map_err(|error| TableError::Output(error.to_string()))?;
        eprintln!(
            "gutenberg-post-parser: {documents} posts, {rows} rows, {errors} with an error \
             (see the error column) -> {path}"
        );
        Ok(failed)
    })
}

/// The written file's schema: the post's `id`, then the blocks table's.
fn schema() -> SchemaRef {
    let mut fields = vec![Field::new("id", DataType::Utf8, true)];
    fields.extend(gutenberg_post_parser_arrow::fields());
    Arc::new(Schema::new(fields))
}

/// Writes each run's batches as one row group, then the file's footer.
fn write_runs(
    mut writer: ArrowWriter<File>,
    runs: mpsc::Receiver<Vec<RecordBatch>>,
) -> parquet::errors::Result<()> {
    for batches in runs {
        for batch in &batches {
            writer.write(batch)?;
        }
        writer.flush()?;
    }
    writer.close().map(drop)
}

/// Reading posts into runs and handing each run's batches to the writer.
struct Reading<'s> {
    flags: &'s Flags,
    options: TableOptions,
    schema: SchemaRef,
    send: mpsc::SyncSender<Vec<RecordBatch>>,
    run: Run,
    /// The `document` number of the run's first post.
    next_index: i64,
    failed: bool,
    writer_failed: bool,
    documents: usize,
    rows: usize,
    errors: usize,
}

impl Reading<'_> {
    fn read_file(&mut self, path: &str) {
        if self.writer_failed {
            return;
        }
        let result = match self.flags.format {
            Format::Html => input::read_bytes(path)
                .map(|content| {
                    self.push(Post {
                        id: Some(input::display(path).to_owned()),
                        content: Some(content),
                    })
                })
                .map_err(|error| error.to_string()),
            Format::JsonLines => self.read_posts(path, json_lines),
            Format::Csv => self.read_posts(path, csv_posts),
        };
        if let Err(message) = result {
            self.failed = true;
            eprintln!("gutenberg-post-parser: {message}");
        }
    }

    /// Reads an export with `posts`, which reports each bad record (and
    /// goes on) through the callback's `Err`.
    fn read_posts(&mut self, path: &str, posts: PostReader) -> Result<(), String> {
        let name = input::display(path).to_owned();
        let file: Box<dyn Read> = if path == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).map_err(|error| format!("cannot read {name}: {error}"))?)
        };
        posts(file, &mut |post| match post {
            Ok(post) => self.push(post),
            Err(message) => {
                self.failed = true;
                eprintln!("gutenberg-post-parser: {name}: {message}");
            }
        })
        .map_err(|error| format!("cannot read {name}: {error}"))
    }

    fn push(&mut self, post: Post) {
        self.run.bytes += post.content.as_ref().map_or(0, Vec::len);
        self.run.ids.push(post.id);
        self.run.contents.push(post.content);
        if self.run.bytes >= RUN_BYTES || self.run.ids.len() >= RUN_POSTS {
            self.finish_run();
        }
    }

    /// Parses the run across threads and sends its batches to the writer.
    fn finish_run(&mut self) {
        let run = std::mem::take(&mut self.run);
        if run.ids.is_empty() {
            return;
        }
        let tables = blocks::build_parallel(
            &run.contents,
            self.next_index,
            &self.options,
            self.flags.threads,
        );
        let batches = tables
            .into_iter()
            .map(|table| self.batch(&run.ids, table))
            .collect();
        self.documents += run.ids.len();
        self.next_index += run.ids.len() as i64;
        // A closed channel means the writer failed: reading stops, and its
        // error is reported when it is joined.
        if self.send.send(batches).is_err() {
            self.writer_failed = true;
        }
    }

    /// One record batch: each row's post `id`, then the table's columns.
    fn batch(&mut self, ids: &[Option<String>], table: BlockTable) -> RecordBatch {
        self.rows += table.len();
        self.errors += table.len() - table.error().validity().null_count();
        let first = self.next_index;
        let id: StringArray = table
            .document()
            .values()
            .iter()
            .map(|&index| ids[(index - first) as usize].as_deref())
            .collect();
        let mut columns: Vec<ArrayRef> = vec![Arc::new(id)];
        columns.extend(gutenberg_post_parser_arrow::arrays(table));
        RecordBatch::try_new(self.schema.clone(), columns).expect("columns fit the schema")
    }
}

/// Reads JSON Lines: each non-blank line an object with `post_content` (a
/// string, or null) and `id` (any JSON value; strings as they are, others
/// as JSON text). A lone surrogate in `post_content` becomes U+FFFD.
fn json_lines(
    file: Box<dyn Read + '_>,
    post: &mut dyn FnMut(Result<Post, String>),
) -> io::Result<()> {
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = match std::str::from_utf8(&line) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => text,
            Err(_) => {
                post(Err(format!("line {number}: not UTF-8")));
                continue;
            }
        };
        post(json_post(text).map_err(|message| format!("line {number}: {message}")));
    }
    Ok(())
}

/// The post in one JSON line.
fn json_post(line: &str) -> Result<Post, String> {
    let value = json::parse(line.trim_end()).map_err(|error| error.to_string())?;
    let Value::Object(object) = value else {
        return Err("not a JSON object".into());
    };
    let content = match object.get("post_content") {
        Some(Value::String(text)) => Some(text.to_str_lossy().into_owned().into_bytes()),
        Some(Value::Null) => None,
        Some(_) => return Err("post_content is not a string".into()),
        None => return Err("no post_content".into()),
    };
    let id = match object.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.to_str_lossy().into_owned()),
        Some(other) => {
            let mut text = String::new();
            json::write_value(&mut text, other);
            Some(text)
        }
    };
    Ok(Post { id, content })
}

/// Reads CSV: a header row naming `post_content` (and `id`), then one post
/// per record. An empty `post_content` is an empty post.
fn csv_posts(
    file: Box<dyn Read + '_>,
    post: &mut dyn FnMut(Result<Post, String>),
) -> io::Result<()> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers = reader.byte_headers().map_err(csv_error)?.clone();
    let column = |name: &str| headers.iter().position(|header| header == name.as_bytes());
    let Some(content_at) = column("post_content") else {
        post(Err("the header row names no post_content column".into()));
        return Ok(());
    };
    let id_at = column("id");
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(0, csv::Position::line);
        let Some(content) = record.get(content_at) else {
            post(Err(format!("line {line}: no post_content field")));
            continue;
        };
        let id = id_at
            .and_then(|at| record.get(at))
            .map(|id| String::from_utf8_lossy(id).into_owned());
        post(Ok(Post {
            id,
            content: Some(content.to_vec()),
        }));
    }
    Ok(())
}

fn csv_error(error: csv::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A post as `(id, content)`, or the message for a bad record.
    type Found = Result<(Option<String>, Option<String>), String>;

    fn posts(read: PostReader, text: &str) -> Vec<Found> {
        let mut found = Vec::new();
        read(Box::new(text.as_bytes()), &mut |post| {
            found.push(post.map(|post| {
                let content = post.content.map(|bytes| String::from_utf8(bytes).unwrap());
                (post.id, content)
            }))
        })
        .unwrap();
        found
    }

    fn ok(id: &str, content: &str) -> Found {
        Ok((Some(id.into()), Some(content.into())))
    }

    #[test]
    fn reads_json_lines() {
        let text = "{\"id\":7,\"post_content\":\"<p>a\\n\\\"b\\\"</p>\"}\n\n\
                    {\"post_content\":null,\"id\":\"x\"}\r\n\
                    {\"id\":1}\n[1]\nnot json\n{\"id\":2.5,\"post_content\":\"\"}";
        let found = posts(json_lines, text);
        assert_eq!(found[0], ok("7", "<p>a\n\"b\"</p>"));
        assert_eq!(found[1], Ok((Some("x".into()), None)));
        assert_eq!(found[2], Err("line 4: no post_content".into()));
        assert_eq!(found[3], Err("line 5: not a JSON object".into()));
        assert!(found[4]
            .as_ref()
            .unwrap_err()
            .starts_with("line 6: invalid JSON"));
        assert_eq!(found[5], ok("2.5", ""));
        assert_eq!(found.len(), 6);
    }

    #[test]
    fn reads_csv_with_quotes_commas_and_newlines() {
        let text = "post_content,id,title\r\n\
                    \"<!-- wp:p --><p>a, \"\"b\"\"\nc</p><!-- /wp:p -->\",1,x\r\n\
                    plain,2,y\n\
                    \"\",3,z\n\
                    short\n";
        let found = posts(csv_posts, text);
        assert_eq!(
            found[0],
            ok("1", "<!-- wp:p --><p>a, \"b\"\nc</p><!-- /wp:p -->")
        );
        assert_eq!(found[1], ok("2", "plain"));
        assert_eq!(found[2], ok("3", ""));
        assert_eq!(found[3], Ok((None, Some("short".into()))));
        assert_eq!(found.len(), 4);
        let missing = posts(csv_posts, "id,content\n1,x\n");
        assert_eq!(
            missing,
            [Err("the header row names no post_content column".into())]
        );
    }
}
