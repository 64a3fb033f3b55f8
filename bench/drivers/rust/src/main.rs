//! Benchmark and conformance driver for the Rust core (protocol: bench/README.md).
//!
//! ```text
//! gpp-bench-rust --form borrowed|decoded|json --warmup W --runs R --batch K FILE
//! gpp-bench-rust --form borrowed|decoded --conformance DOCUMENTS
//! ```
//!
//! `borrowed` builds the flat borrowed tree ([`gutenberg_post_parser::parse`]);
//! `decoded` also converts it to owned-shape [`Block`]s with decoded attributes
//! ([`gutenberg_post_parser::Document::to_blocks`]); `json` writes the
//! reference's JSON ([`gutenberg_post_parser::Document::to_json`]). A FILE
//! named `*.documents` is a documents file, timed as one set.

mod corpus;
mod options;
mod outcome;

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use gutenberg_post_parser::{blocks_to_json, parse, Block};
use options::{Form, Mode, Options};
use outcome::{Blocks, Text};

/// Builds what `form` makes of `text` and returns its size: blocks, or bytes of JSON.
fn build(form: Form, text: &str) -> usize {
    let document = parse(black_box(text));
    match form {
        Form::Borrowed => black_box(&document).node_count(),
        Form::Decoded => black_box(document.to_blocks().blocks()).len(),
        Form::Json => black_box(document.to_json().text()).len(),
    }
}

/// The tree of `form` for `text` as the reference's JSON.
fn to_json(form: Form, text: &str) -> String {
    let document = parse(text);
    match form {
        Form::Borrowed | Form::Json => document.to_json().text(),
        Form::Decoded => {
            let blocks: Vec<Block> = document.to_blocks().blocks();
            blocks_to_json(&blocks)
        }
    }
}

/// Nanoseconds taken by `batch` builds of every one of `texts`, in order.
fn sample(form: Form, texts: &[String], batch: u64) -> f64 {
    let started = Instant::now();
    for _ in 0..batch {
        for text in texts {
            black_box(build(form, text));
        }
    }
    started.elapsed().as_nanos() as f64
}

/// High-water mark of resident memory (VmHWM) in KiB.
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The text of `file`: its documents when it is a documents file, else itself.
fn read_input(file: &str) -> Result<(Vec<String>, bool), String> {
    if corpus::is_documents_file(file) {
        return Ok((corpus::read_documents(file)?, true));
    }
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    Ok((vec![text], false))
}

/// Times the build of one file (or set) and prints the result line.
fn time_file(options: &Options, file: &str) -> Result<(), String> {
    let (texts, is_set) = read_input(file)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let base_rss_kb = peak_rss_kb();
    for _ in 0..options.warmup {
        sample(options.form, &texts, options.batch);
    }
    let mut samples: Vec<f64> = (0..options.runs)
        .map(|_| sample(options.form, &texts, options.batch) / options.batch as f64)
        .collect();
    samples.sort_by(f64::total_cmp);
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    let mut extra = String::new();
    if is_set {
        extra += &format!(",\"documents\":{}", texts.len());
    }
    if let Form::Json = options.form {
        let output: usize = texts.iter().map(|text| build(Form::Json, text)).sum();
        extra += &format!(",\"output_bytes\":{output}");
    }
    println!(
        "{{\"impl\":\"rust-{}\",\"file\":{},\"bytes\":{},\"median_ns\":{},\"runs\":{},\"batch\":{},\"base_rss_kb\":{},\"peak_rss_kb\":{}{extra}}}",
        options.form.name(),
        corpus::json_string(&name),
        bytes,
        samples[samples.len() / 2],
        options.runs,
        options.batch,
        base_rss_kb,
        peak_rss_kb()
    );
    Ok(())
}

/// Prints the tree of every corpus document as one JSON line.
fn check_corpus(form: Form, path: &str) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    corpus::for_each_input(path, |input| {
        writeln!(out, "{}", to_json(form, input)).map_err(|e| e.to_string())
    })?;
    out.flush().map_err(|e| e.to_string())
}

fn main() {
    let result =
        Options::from_args(std::env::args().skip(1)).and_then(|options| match &options.mode {
            Mode::Time(file) => time_file(&options, file),
            Mode::Conformance(path) => check_corpus(options.form, path),
        });
    if let Err(message) = result {
        eprintln!("gpp-bench-rust: {message}");
        std::process::exit(2);
    }
}
