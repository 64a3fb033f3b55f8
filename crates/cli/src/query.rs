//! `query`: the blocks matching a name and attribute filters across many
//! files, as JSON Lines or counts per file. Files are read and searched on
//! every core ([`each_in_parallel`]), and printed in argument order.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use gutenberg_post_parser::json::{self, Value};
use gutenberg_post_parser::query::{AttrTest, Query};

use crate::input;
use crate::Failure;

/// `query` and `rewrite` select blocks with the same options.
#[derive(Debug, Default)]
pub struct Selector {
    /// The name pattern: `core/paragraph`, `paragraph`, `core/*`, `*`.
    pub pattern: String,
    /// `--attr KEY` (present) and `--attr KEY=VALUE` (equal) filters.
    pub attrs: Vec<(String, Option<String>)>,
}

impl Selector {
    /// Reads `--attr KEY[=VALUE]` when `arg` is `--attr`; returns whether it was.
    pub fn take_attr(
        &mut self,
        arg: &str,
        args: &mut dyn Iterator<Item = String>,
    ) -> Result<bool, String> {
        if arg != "--attr" {
            return Ok(false);
        }
        let filter = args.next().ok_or("--attr needs KEY or KEY=VALUE")?;
        self.attrs.push(match filter.split_once('=') {
            Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
            None => (filter, None),
        });
        Ok(true)
    }

    /// The core query; `values` holds each filter's value, read by
    /// [`parse_value`].
    pub fn query<'q>(&'q self, values: &'q [Option<Value<'q>>]) -> Query<'q> {
        let mut query = Query::name(&self.pattern);
        for ((key, _), value) in self.attrs.iter().zip(values) {
            let test = match value {
                None => AttrTest::Present,
                Some(value) => AttrTest::Equals(value.clone()),
            };
            query = query.attr(key.as_str(), test);
        }
        query
    }

    /// Each filter's value, decoded.
    pub fn values(&self) -> Vec<Option<Value<'_>>> {
        self.attrs
            .iter()
            .map(|(_, value)| value.as_deref().map(parse_value))
            .collect()
    }
}

/// A value given on the command line: JSON when it is JSON (`42`, `true`,
/// `"x"`, `{"a":1}`), else the text as a string (`center`).
pub fn parse_value(text: &str) -> Value<'_> {
    json::parse(text).unwrap_or_else(|_| Value::String(text.into()))
}

/// The parsed `query` command line.
#[derive(Debug, Default)]
pub struct Options {
    pub selector: Selector,
    /// `--count`: one line per file with the number of matches.
    pub count: bool,
    pub files: Vec<String>,
}

impl Options {
    /// Reads the arguments after `query`.
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Options::default();
        let mut pattern = None;
        let mut only_files = false;
        while let Some(arg) = args.next() {
            if !only_files && options.selector.take_attr(&arg, &mut args)? {
                continue;
            }
            match arg.as_str() {
                "--" if !only_files => only_files = true,
                "--count" if !only_files => options.count = true,
                flag if !only_files && flag.starts_with('-') && flag != "-" => {
                    return Err(format!("unknown option `{flag}` for `query`"));
                }
                _ if pattern.is_none() => pattern = Some(arg),
                _ => options.files.push(arg),
            }
        }
        options.selector.pattern = pattern.ok_or("`query` needs a block name pattern")?;
        if options.files.is_empty() {
            return Err("`query` needs at least one FILE (`-` for standard input)".into());
        }
        Ok(options)
    }
}

/// Prints the matches of every file, in argument order.
/// `Ok(true)` when some file failed.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<bool, Failure> {
    let values = options.selector.values();
    let query = options.selector.query(&values);
    each_in_parallel(&options.files, out, true, |path, text| {
        let document = gutenberg_post_parser::parse(text);
        let mut lines = String::new();
        if options.count {
            let count = document.find(&query).count();
            lines.push_str("{\"file\":");
            json::write_string(&mut lines, path);
            lines.push_str(&format!(",\"count\":{count}}}\n"));
            return Ok(lines);
        }
        for found in document.find(&query) {
            let span = found.block.span();
            lines.push_str("{\"file\":");
            json::write_string(&mut lines, path);
            lines.push_str(",\"name\":");
            let name = found.block.name().expect("queries find named blocks");
            json::write_string(&mut lines, &name.full());
            lines.push_str(&format!(
                ",\"span\":[{},{}],\"depth\":{},\"attrs\":",
                span.start, span.end, found.depth
            ));
            json::write_value(&mut lines, &found.block.attrs());
            lines.push_str("}\n");
        }
        Ok(lines)
    })
}

/// How many files each round reads before printing them, which bounds the
/// output held in memory.
const ROUND: usize = 512;

/// Runs `work` on the path and text of every file on all cores and writes
/// what it returns in argument order. A file that cannot be read or whose
/// `work` fails gets its error on standard error (and, with `error_lines`,
/// a JSON error line in the output) and the run goes on; `Ok(true)` when any
/// failed. Only a failure to write the output stops the run.
pub fn each_in_parallel(
    files: &[String],
    out: &mut dyn Write,
    error_lines: bool,
    work: impl Fn(&str, &str) -> Result<String, Failure> + Sync,
) -> Result<bool, Failure> {
    let mut failed = false;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for round in files.chunks(ROUND) {
        let next = AtomicUsize::new(0);
        let mut results: Vec<Option<Result<String, Failure>>> = Vec::new();
        results.resize_with(round.len(), || None);
        let slots: Vec<_> = results.iter_mut().map(std::sync::Mutex::new).collect();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(round.len()) {
                scope.spawn(|| loop {
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = round.get(at) else { break };
                    let result = input::read(path)
                        .map_err(Failure::Input)
                        .and_then(|text| work(path, &text));
                    **slots[at].lock().expect("no worker panics") = Some(result);
                });
            }
        });
        drop(slots);
        for (path, result) in round.iter().zip(results) {
            match result.expect("every file was handled") {
                Ok(text) => out.write_all(text.as_bytes()).map_err(Failure::Output)?,
                Err(Failure::Output(error)) => return Err(Failure::Output(error)),
                Err(failure) => {
                    failed = true;
                    if error_lines {
                        crate::write_error_line(out, path, &failure).map_err(Failure::Output)?;
                    }
                    out.flush().map_err(Failure::Output)?;
                    eprintln!("gutenberg-post-parser: {failure}");
                }
            }
        }
    }
    Ok(failed)
}
