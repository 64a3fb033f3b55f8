//! `table`: Parquet of the blocks of HTML files and of JSON Lines and CSV
//! exports, read back and checked row by row against the core's table
//! (which is checked against the reference in the core's tests).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, RecordBatch};
use gutenberg_post_parser::table::{self, TableOptions};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gpp-table-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gutenberg-post-parser"))
        .args(args)
        .output()
        .unwrap()
}

/// A Parquet file's rows, column by column, as text (`None` for null).
fn read(path: &Path) -> (Vec<String>, Vec<Vec<Option<String>>>, usize) {
    let file = fs::File::open(path).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let row_groups = builder.metadata().num_row_groups();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    let schema = batches[0].schema();
    let names = schema.fields().iter().map(|f| f.name().clone()).collect();
    let mut columns = vec![Vec::new(); schema.fields().len()];
    for batch in &batches {
        for (column, array) in columns.iter_mut().zip(batch.columns()) {
            for row in 0..array.len() {
                column.push((!array.is_null(row)).then(|| text(array, row)));
            }
        }
    }
    (names, columns, row_groups)
}

fn text(array: &dyn Array, row: usize) -> String {
    use arrow_schema::DataType;
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).to_owned(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).to_owned(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Boolean => array.as_boolean().value(row).to_string(),
        other => panic!("unexpected column type {other}"),
    }
}

/// The core's table of `posts` as columns of text, `ids` first.
fn expected(posts: &[Option<Vec<u8>>], ids: &[Option<&str>]) -> Vec<Vec<Option<String>>> {
    let blocks = table::build(posts, 0, &TableOptions::default());
    let batch = gutenberg_post_parser_arrow::record_batch(blocks);
    let documents = batch.column(0).as_primitive::<Int64Type>();
    let id_column = (0..batch.num_rows())
        .map(|row| ids[documents.value(row) as usize].map(str::to_owned))
        .collect();
    let mut columns = vec![id_column];
    for array in batch.columns() {
        let column = (0..array.len())
            .map(|row| (!array.is_null(row)).then(|| text(array, row)))
            .collect();
        columns.push(column);
    }
    columns
}

#[test]
fn html_files_become_rows() {
    let dir = folder("html");
    let cases = repo_root().join("fixtures/cases");
    let mut paths: Vec<String> = fs::read_dir(&cases)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    paths.sort();
    let broken = dir.join("broken.html");
    fs::write(&broken, b"<!-- wp:a /-->\xff").unwrap();
    paths.push(broken.to_string_lossy().into_owned());
    let out = dir.join("blocks.parquet");
    let mut args = vec!["table", "--output", out.to_str().unwrap(), "--threads", "2"];
    args.extend(paths.iter().map(String::as_str));
    let output = run(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{} posts", paths.len())),
        "{stderr}"
    );
    assert!(stderr.contains("1 with an error"), "{stderr}");

    let (names, columns, _) = read(&out);
    assert_eq!(names[..3], ["id", "document", "ordinal"]);
    assert_eq!(names.last().unwrap(), "error");
    let posts: Vec<Option<Vec<u8>>> = paths.iter().map(|p| Some(fs::read(p).unwrap())).collect();
    let ids: Vec<Option<&str>> = paths.iter().map(|p| Some(p.as_str())).collect();
    assert_eq!(columns, expected(&posts, &ids));
    let error = columns.last().unwrap().last().unwrap().as_deref().unwrap();
    assert!(error.starts_with("invalid UTF-8"), "{error}");
}

#[test]
fn json_lines_and_csv_exports_become_rows() {
    let dir = folder("exports");
    let contents = [
        "<!-- wp:paragraph {\"align\":\"center\"} --><p>a, \"quoted\"\nline</p><!-- /wp:paragraph -->",
        "plain, with a comma",
        "<!-- wp:group --><!-- wp:image {\"id\":7} /--><!-- /wp:group -->",
    ];
    let mut jsonl = String::new();
    let mut csv = String::from("post_content,id\r\n");
    for (at, content) in contents.iter().enumerate() {
        let mut quoted = String::new();
        gutenberg_post_parser::json::write_string(&mut quoted, content);
        jsonl.push_str(&format!(
            "{{\"id\":{},\"post_content\":{quoted}}}\n",
            at + 1
        ));
        csv.push_str(&format!(
            "\"{}\",{}\r\n",
            content.replace('"', "\"\""),
            at + 1
        ));
    }
    let posts: Vec<Option<Vec<u8>>> = contents
        .iter()
        .map(|c| Some(c.as_bytes().to_vec()))
        .collect();
    let ids = [Some("1"), Some("2"), Some("3")];
    for (format, text) in [("jsonl", jsonl), ("csv", csv)] {
        let input = dir.join(format!("posts.{format}"));
        fs::write(&input, text).unwrap();
        let out = dir.join(format!("{format}.parquet"));
        let output = run(&[
            "table",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let (_, columns, _) = read(&out);
        assert_eq!(columns, expected(&posts, &ids), "{format}");
    }
}

#[test]
fn bad_records_are_reported_and_the_rest_written() {
    let dir = folder("bad");
    let input = dir.join("posts.jsonl");
    fs::write(
        &input,
        "{\"id\":1,\"post_content\":\"<!-- wp:a /-->\"}\nnot json\n{\"id\":2}\n",
    )
    .unwrap();
    let out = dir.join("out.parquet");
    let missing = dir.join("missing.jsonl");
    let output = run(&[
        "table",
        "--format",
        "jsonl",
        "--output",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("line 2: invalid JSON"), "{stderr}");
    assert!(stderr.contains("line 3: no post_content"), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
    let (_, columns, _) = read(&out);
    assert_eq!(columns[0], [Some("1".to_owned())]);
}

#[test]
fn many_posts_are_written_in_runs_with_global_numbers() {
    let dir = folder("runs");
    let count = 100_001;
    let lines: String = (0..count)
        .map(|at| format!("{{\"id\":{at},\"post_content\":\"<!-- wp:a /-->x\"}}\n"))
        .collect();
    let input = dir.join("posts.jsonl");
    fs::write(&input, lines).unwrap();
    let out = dir.join("out.parquet");
    let output = run(&[
        "table",
        "--format",
        "jsonl",
        "--no-freeform",
        "-o",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (_, columns, row_groups) = read(&out);
    assert!(row_groups >= 2, "{row_groups} row groups");
    assert_eq!(
        columns[0].len(),
        count,
        "one row per post: freeform left out"
    );
    let last = count - 1;
    assert_eq!(columns[0][last].as_deref(), Some(last.to_string().as_str()));
    assert_eq!(columns[1][last].as_deref(), Some(last.to_string().as_str()));
}
