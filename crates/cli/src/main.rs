//! `gutenberg-post-parser`: parse WordPress block markup to the reference's JSON,
//! or audit the blocks of many posts.

mod args;
mod input;
mod pretty;
mod query;
mod rewrite;
mod stats;

use std::io::{self, Write};
use std::process::ExitCode;

use args::{Command, Options};

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
    let result = run(&options, &mut out).and_then(|()| out.flush().map_err(Failure::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
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

/// Why a run stopped.
#[derive(Debug)]
enum Failure {
    /// A file could not be read or was not UTF-8.
    Input(input::InputError),
    /// Standard output could not be written.
    Output(io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Input(error) => write!(f, "{error}"),
            Failure::Output(error) => write!(f, "cannot write output: {error}"),
        }
    }
}

fn run(options: &Options, out: &mut impl Write) -> Result<(), Failure> {
    match options.command {
        Command::Help => writeln!(out, "{}", args::USAGE).map_err(Failure::Output),
        Command::Version => writeln!(out, "gutenberg-post-parser {}", env!("CARGO_PKG_VERSION"))
            .map_err(Failure::Output),
        Command::Parse => each_file(options, out, |text, out| {
            let json = gutenberg_post_parser::parse(text).to_json();
            if options.pretty {
                pretty::write(&json, out)
            } else {
                out.write_all(json.as_bytes())
            }
        }),
        Command::Query => query::run(options.query.as_ref().expect("parsed"), out),
        Command::Rewrite => rewrite::run(options.rewrite.as_ref().expect("parsed"), out),
        Command::Stats => each_file(options, out, |text, out| {
            let report = stats::Stats::of(&gutenberg_post_parser::parse(text));
            if options.json {
                out.write_all(report.to_json().as_bytes())
            } else {
                write!(out, "{report}")
            }
        }),
    }
}

/// Runs `write` on each file in argument order, one output per line; with several
/// files, human-readable output gets a header naming each file.
fn each_file(
    options: &Options,
    out: &mut impl Write,
    mut write: impl FnMut(&str, &mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    let headers = options.files.len() > 1 && options.command == Command::Stats && !options.json;
    for (at, path) in options.files.iter().enumerate() {
        let text = input::read(path).map_err(Failure::Input)?;
        if headers {
            let gap = if at > 0 { "\n" } else { "" };
            writeln!(out, "{gap}== {path} ==").map_err(Failure::Output)?;
        }
        write(&text, out).map_err(Failure::Output)?;
        if options.command == Command::Parse || options.json {
            writeln!(out).map_err(Failure::Output)?;
        }
    }
    Ok(())
}
