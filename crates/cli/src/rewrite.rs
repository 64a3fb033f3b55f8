//! `rewrite`: sets, removes or search-and-replaces attribute values of the
//! blocks a selector matches, rewriting only their opening delimiters.
//!
//! One file: the new text goes to standard output. Several: a dry run that
//! prints each change as a diff, unless `--in-place`, which writes each
//! changed file to a temporary file beside it and renames it over the
//! original, so a file is either old or new, never half written.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use gutenberg_post_parser::rewrite::{change_attrs, AttrChange};

use crate::query::{each_in_parallel, parse_value, Selector};
use crate::Failure;

/// Where the result goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The new text on standard output (the default for one file).
    Stdout,
    /// Each change as a diff, files untouched (the default for several).
    Diff,
    /// Changed files rewritten in place.
    InPlace,
}

/// One change as given on the command line.
#[derive(Debug)]
pub enum Change {
    Set(String, String),
    Unset(String),
    Replace(String, String),
}

/// The parsed `rewrite` command line.
#[derive(Debug)]
pub struct Options {
    pub selector: Selector,
    pub changes: Vec<Change>,
    pub mode: Mode,
    pub files: Vec<String>,
}

impl Options {
    /// Reads the arguments after `rewrite`.
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut selector = Selector::default();
        let (mut pattern, mut mode) = (None, None);
        let mut changes = Vec::new();
        let mut files = Vec::new();
        let mut only_files = false;
        while let Some(arg) = args.next() {
            if !only_files && selector.take_attr(&arg, &mut args)? {
                continue;
            }
            let mut value = |what: &str| args.next().ok_or(format!("{arg} needs {what}"));
            match arg.as_str() {
                "--" if !only_files => only_files = true,
                "--set" if !only_files => {
                    let pair = value("KEY=VALUE")?;
                    let (key, json) = pair.split_once('=').ok_or("--set needs KEY=VALUE")?;
                    changes.push(Change::Set(key.to_owned(), json.to_owned()));
                }
                "--unset" if !only_files => changes.push(Change::Unset(value("KEY")?)),
                "--replace" if !only_files => {
                    let from = value("FROM and TO")?;
                    let to = value("FROM and TO")?;
                    changes.push(Change::Replace(from, to));
                }
                "--in-place" if !only_files => mode = Some(Mode::InPlace),
                "--diff" if !only_files => mode = Some(Mode::Diff),
                "--stdout" if !only_files => mode = Some(Mode::Stdout),
                flag if !only_files && flag.starts_with('-') && flag != "-" => {
                    return Err(format!("unknown option `{flag}` for `rewrite`"));
                }
                _ if pattern.is_none() => pattern = Some(arg),
                _ => files.push(arg),
            }
        }
        selector.pattern = pattern.ok_or("`rewrite` needs a block name pattern")?;
        if changes.is_empty() {
            return Err("`rewrite` needs --set, --unset or --replace".into());
        }
        if files.is_empty() {
            return Err("`rewrite` needs at least one FILE (`-` for standard input)".into());
        }
        let mode = mode.unwrap_or(if files.len() == 1 {
            Mode::Stdout
        } else {
            Mode::Diff
        });
        if mode == Mode::InPlace && files.iter().any(|f| f == "-") {
            return Err("standard input cannot be rewritten in place".into());
        }
        if mode == Mode::Stdout && files.len() > 1 {
            return Err("--stdout takes one FILE".into());
        }
        Ok(Options {
            selector,
            changes,
            mode,
            files,
        })
    }
}

/// Rewrites every file; prints the new text, the diffs, or one line per
/// changed file, and a summary on standard error.
/// `Ok(true)` when some file failed.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<bool, Failure> {
    let values = options.selector.values();
    let query = options.selector.query(&values);
    let changes: Vec<AttrChange<'_>> = options
        .changes
        .iter()
        .map(|change| match change {
            Change::Set(key, value) => AttrChange::Set(key.clone(), parse_value(value)),
            Change::Unset(key) => AttrChange::Unset(key.clone()),
            Change::Replace(from, to) => AttrChange::Replace {
                from: from.clone(),
                to: to.clone(),
            },
        })
        .collect();
    let (blocks, files) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let failed = each_in_parallel(&options.files, out, false, |path, text| {
        let document = gutenberg_post_parser::parse(text);
        let mut editor = document.edit();
        let mut report = String::new();
        for found in document.find(&query) {
            let block = found.block;
            let Some(attrs) = change_attrs(&block.attrs(), &changes) else {
                continue;
            };
            if let Err(error) = editor.set_attrs(block.id(), &attrs) {
                report.push_str(&format!("{path}: skipped: {error}\n"));
            }
        }
        let edits = editor.edits();
        if !edits.is_empty() {
            blocks.fetch_add(edits.len(), Ordering::Relaxed);
            files.fetch_add(1, Ordering::Relaxed);
        }
        let mut output = match options.mode {
            Mode::Stdout => editor.text(),
            Mode::Diff => diff(path, text, edits),
            Mode::InPlace if edits.is_empty() => String::new(),
            Mode::InPlace => {
                replace_file(Path::new(path), &editor.text()).map_err(|error| {
                    Failure::Output(io::Error::new(error.kind(), format!("{path}: {error}")))
                })?;
                format!("{path}: {} blocks changed\n", edits.len())
            }
        };
        if !report.is_empty() {
            eprint!("{report}");
        }
        output.shrink_to_fit();
        Ok(output)
    })?;
    // The summary follows what was printed.
    out.flush().map_err(Failure::Output)?;
    let verb = if options.mode == Mode::InPlace {
        "changed"
    } else {
        "to change"
    };
    eprintln!(
        "{} blocks {verb} in {} of {} files",
        blocks.into_inner(),
        files.into_inner(),
        options.files.len()
    );
    Ok(failed)
}

/// Each edit as a hunk: the byte range, the old delimiter and the new one.
fn diff(path: &str, source: &str, edits: &gutenberg_post_parser::edit::Edits) -> String {
    if edits.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {path}\n+++ {path}\n");
    for (info, range, new) in edits.iter() {
        let name = info.name.as_deref().unwrap_or("freeform");
        out.push_str(&format!(
            "@@ bytes {}..{} {name} @@\n",
            range.start, range.end
        ));
        out.push('-');
        out.push_str(&source[range]);
        out.push_str("\n+");
        out.push_str(new);
        out.push('\n');
    }
    out
}

/// Writes `text` to a temporary file beside `path`, with its permissions,
/// then renames it over `path`.
fn replace_file(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty());
    let name = path.file_name().ok_or(io::ErrorKind::InvalidInput)?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".gpp-{}.tmp", std::process::id()));
    let temporary = dir.map_or_else(
        || temporary_name.clone().into(),
        |dir| dir.join(&temporary_name),
    );
    let permissions = std::fs::metadata(path)?.permissions();
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.set_permissions(permissions)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        std::fs::remove_file(&temporary).ok();
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_args(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn modes_default_by_file_count() {
        let one = parse_args(&["image", "--set", "a=1", "x.html"]).unwrap();
        assert_eq!(one.mode, Mode::Stdout);
        let many = parse_args(&["image", "--unset", "a", "x.html", "y.html"]).unwrap();
        assert_eq!(many.mode, Mode::Diff);
        assert!(parse_args(&["image", "x.html"]).is_err());
        assert!(parse_args(&["image", "--replace", "a"]).is_err());
        assert!(parse_args(&["image", "--set", "a=1", "--in-place", "-"]).is_err());
    }
}
