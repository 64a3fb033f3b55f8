//! `gutenberg-post-parser`: parse WordPress block markup to the reference's JSON,
//! or audit the blocks of many posts.

mod args;
mod input;
mod pretty;
mod query;
mod rewrite;
mod stats;
mod table;

use std::io::{self, Write};
use std::process::ExitCode;

use args::{Command, Options};
use gutenberg_post_parser::json::{self, WriteOut};
use gutenberg_post_parser::limits::{ExpansionLimitError, Sharing};
use pretty::Pretty;

fn main() -> ExitCode {
    let options = match args::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("gutenberg-post-parser: {message}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = run(&options, &mut out).and_then(|failed| {
        out.flush().map_err(Failure::Output)?;
        Ok(failed)
    });
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::FAILURE,
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("gutenberg-post-parser: {failure}");
            ExitCode::FAILURE
        }
    }
}

/// Why a file gave no output, or why the run stopped.
#[derive(Debug)]
enum Failure {
    /// A file could not be read or was not UTF-8.
    Input(input::InputError),
    /// The file's result would be over the limit.
    TooLarge {
        path: String,
        error: ExpansionLimitError,
    },
    /// Standard output could not be written: the run stops.
    Output(io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Input(error) => write!(f, "{error}"),
            Failure::TooLarge { path, error } => write!(
                f,
                "{path}: the JSON would hold {} bytes of text, over the limit of {} bytes \
                 (unclosed blocks each hold the rest of the document); raise it with \
                 --max-output BYTES, or lift it with --max-output 0",
                error.output_bytes, error.limit
            ),
            Failure::Output(error) => write!(f, "cannot write output: {error}"),
        }
    }
}

/// Runs the command; `Ok(true)` when some file failed (each failure is
/// reported as it happens).
fn run(options: &Options, out: &mut impl Write) -> Result<bool, Failure> {
    match options.command {
        Command::Help => writeln!(out, "{}", args::USAGE).map_err(Failure::Output)?,
        Command::Version => writeln!(out, "gutenberg-post-parser {}", env!("CARGO_PKG_VERSION"))
            .map_err(Failure::Output)?,
        Command::Parse => {
            return each_file(options, out, |path, text, out| {
                let document = gutenberg_post_parser::parse(text);
                options
                    .limits
                    .check_document(&document, Sharing::NOTHING)
                    .map_err(|error| Failure::TooLarge {
                        path: input::display(path).to_owned(),
                        error,
                    })?;
                let mut stream = WriteOut::new(out);
                if options.pretty {
                    let mut pretty = Pretty::new(&mut stream);
                    document.write_json(&mut pretty);
                    pretty.finish();
                } else {
                    document.write_json(&mut stream);
                }
                stream.finish().map(drop).map_err(Failure::Output)
            })
        }
        Command::Query => return query::run(options.query.as_ref().expect("parsed"), out),
        Command::Rewrite => return rewrite::run(options.rewrite.as_ref().expect("parsed"), out),
        Command::Table => {
            return table::run(&options.table, options.limits, &options.files)
                .map_err(|error| Failure::Output(io::Error::other(error.to_string())));
        }
        Command::Stats => {
            return each_file(options, out, |_, text, out| {
                let report = stats::Stats::of(&gutenberg_post_parser::parse(text));
                let written = if options.json {
                    out.write_all(report.to_json().as_bytes())
                } else {
                    write!(out, "{report}")
                };
                written.map_err(Failure::Output)
            })
        }
    }
    Ok(false)
}

/// Runs `write` on each file in argument order, one output per line; with several
/// files, human-readable output gets a header naming each file. A file that
/// fails gets its error on standard error (and, in JSON Lines, an error object
/// on its line) and the run goes on; `Ok(true)` when any failed.
fn each_file(
    options: &Options,
    out: &mut impl Write,
    mut write: impl FnMut(&str, &str, &mut dyn Write) -> Result<(), Failure>,
) -> Result<bool, Failure> {
    let json_lines = options.command == Command::Parse || options.json;
    let headers = options.files.len() > 1 && !json_lines;
    let mut failed = false;
    for (at, path) in options.files.iter().enumerate() {
        if headers {
            let gap = if at > 0 { "\n" } else { "" };
            writeln!(out, "{gap}== {} ==", input::display(path)).map_err(Failure::Output)?;
        }
        let outcome = input::read(path)
            .map_err(Failure::Input)
            .and_then(|text| write(path, &text, out));
        match outcome {
            Ok(()) => {}
            Err(Failure::Output(error)) => return Err(Failure::Output(error)),
            Err(failure) => {
                failed = true;
                // Standard output first, so that both streams stay in order
                // when they go to one terminal.
                if json_lines && options.files.len() > 1 {
                    write_error_line(out, path, &failure).map_err(Failure::Output)?;
                }
                out.flush().map_err(Failure::Output)?;
                eprintln!("gutenberg-post-parser: {failure}");
                continue;
            }
        }
        if json_lines {
            writeln!(out).map_err(Failure::Output)?;
        }
    }
    Ok(failed)
}

/// `{"error":"…","file":"…"}` and a newline: a failed file's JSON line.
fn write_error_line(out: &mut dyn Write, path: &str, failure: &Failure) -> io::Result<()> {
    let mut line = String::from("{\"error\":");
    json::write_string(&mut line, &failure.to_string());
    line.push_str(",\"file\":");
    json::write_string(&mut line, input::display(path));
    line.push_str("}\n");
    out.write_all(line.as_bytes())
}
