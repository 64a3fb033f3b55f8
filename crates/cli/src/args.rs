//! Command-line arguments.

use gutenberg_post_parser::limits::Limits;

use crate::table;

/// The help text.
pub const USAGE: &str = "\
Usage:
  gutenberg-post-parser parse [--pretty] [--max-output BYTES] FILE...
      Print the blocks of each FILE as JSON, exactly as WordPress's block parser
      returns them. One file: one JSON document. Several files: one compact JSON
      line per file, in argument order (JSON Lines). FILE `-` is standard input.
      --max-output refuses a file whose JSON would hold more than BYTES of text
      (default 67108864, 64 MiB; a file may always produce 16 times its own
      size; 0: no limit): unclosed blocks each hold the rest of the document.
  gutenberg-post-parser stats [--json] FILE...
      Count blocks by name, nesting depth, freeform HTML and broken markup.
      --json prints one JSON object per file (JSON Lines).
  gutenberg-post-parser query [--count] [--attr KEY[=VALUE]]... PATTERN FILE...
      The blocks named PATTERN (core/paragraph, paragraph, core/*, *) whose
      attributes pass every --attr filter (KEY present; KEY equal to VALUE, JSON
      or else a string), as JSON Lines: file, name, byte span, depth, attrs.
      --count prints one line per file with the number of matches instead.
  gutenberg-post-parser rewrite [--attr KEY[=VALUE]]... CHANGE... [--in-place | --diff | --stdout]
                        PATTERN FILE...
      Changes the attributes of the blocks a query selects, rewriting only their
      opening delimiters. CHANGE: --set KEY=VALUE, --unset KEY, --replace FROM TO
      (text inside every string value). One FILE: the new text on standard output;
      several: a dry run printing each change as a diff, unless --in-place, which
      writes changed files (through a temporary file and a rename).
  gutenberg-post-parser table --output OUT.parquet [--format html|jsonl|csv]
                              [--no-freeform] [--threads N] [--max-output BYTES] FILE...
      Write one Parquet row per block of every post, parsed on every core:
      the post's id, document (its number), ordinal, parent, depth,
      block_name, attrs (the reference's JSON.stringify), inner_html,
      byte_start, byte_end, is_void, error. html (default): each FILE is a
      post, its id the path. jsonl / csv: each FILE is an export of posts
      with `id` and `post_content` (JSON Lines, or CSV with a header row).
      A post that is not UTF-8 or over --max-output gets one row with its
      error instead. --no-freeform: no rows for HTML between blocks.
  gutenberg-post-parser --help | --version

A file that cannot be read, is not UTF-8 or is over the limit gets its error
on standard error (and, in JSON Lines, an {\"error\":…} object on its line),
and the run goes on with the next file.

Exit status: 0 on success, 1 when any file failed, 2 on a usage error.";

/// What to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Parse,
    Stats,
    Query,
    Rewrite,
    Table,
    Help,
    Version,
}

/// The parsed command line.
#[derive(Debug)]
pub struct Options {
    pub command: Command,
    pub files: Vec<String>,
    /// `parse --pretty`: indented JSON.
    pub pretty: bool,
    /// `stats --json`: machine-readable statistics.
    pub json: bool,
    /// `parse --max-output BYTES`: the limit on the text of each result.
    pub limits: Limits,
    /// `query`'s own options.
    pub query: Option<crate::query::Options>,
    /// `rewrite`'s own options.
    pub rewrite: Option<crate::rewrite::Options>,
    /// `table`'s own options.
    pub table: table::Flags,
}

/// Reads the arguments after the program name.
pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let command = match args.next().as_deref() {
        Some("parse") => Command::Parse,
        Some("stats") => Command::Stats,
        Some("query") => Command::Query,
        Some("rewrite") => Command::Rewrite,
        Some("table") => Command::Table,
        Some("-h" | "--help" | "help") => Command::Help,
        Some("-V" | "--version") => Command::Version,
        Some(other) => return Err(format!("unknown command `{other}`")),
        None => return Err("a command is required".into()),
    };
    let mut options = Options {
        command,
        files: Vec::new(),
        pretty: false,
        json: false,
        limits: Limits::default(),
        query: None,
        rewrite: None,
        table: table::Flags::default(),
    };
    if matches!(command, Command::Help | Command::Version) {
        return Ok(options);
    }
    if matches!(command, Command::Query | Command::Rewrite) {
        let args: Vec<String> = args.collect();
        let before_files = args.iter().take_while(|arg| *arg != "--");
        if before_files
            .into_iter()
            .any(|arg| arg == "-h" || arg == "--help")
        {
            options.command = Command::Help;
        } else if command == Command::Query {
            options.query = Some(crate::query::Options::parse(args.into_iter())?);
        } else {
            options.rewrite = Some(crate::rewrite::Options::parse(args.into_iter())?);
        }
        return Ok(options);
    }
    let mut only_files = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--" if !only_files => only_files = true,
            "--max-output" if !only_files && matches!(command, Command::Parse | Command::Table) => {
                let bytes = args.next().ok_or("--max-output needs a number of bytes")?;
                let bytes = bytes.parse().map_err(|_| {
                    format!("--max-output needs a number of bytes (0: no limit), not `{bytes}`")
                })?;
                options.limits.max_output_bytes = Some(bytes);
            }
            "--pretty" if !only_files && command == Command::Parse => options.pretty = true,
            "--json" if !only_files && command == Command::Stats => options.json = true,
            "-h" | "--help" if !only_files => options.command = Command::Help,
            flag if !only_files
                && command == Command::Table
                && options.table.read(flag, &mut args)? => {}
            flag if !only_files && flag.starts_with('-') && flag != "-" => {
                return Err(format!(
                    "unknown option `{flag}` for `{}`",
                    command_name(command)
                ));
            }
            _ => options.files.push(arg),
        }
    }
    if options.command == Command::Table && options.table.output.is_none() {
        return Err("`table` needs --output FILE (a Parquet file)".into());
    }
    if options.files.is_empty() && options.command != Command::Help {
        return Err(format!(
            "`{}` needs at least one FILE (`-` for standard input)",
            command_name(command)
        ));
    }
    Ok(options)
}

fn command_name(command: Command) -> &'static str {
    match command {
        Command::Parse => "parse",
        Command::Stats => "stats",
        Command::Query => "query",
        Command::Rewrite => "rewrite",
        Command::Table => "table",
        Command::Help => "help",
        Command::Version => "--version",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_args(args: &[&str]) -> Result<Options, String> {
        parse(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn reads_commands_flags_and_files() {
        let options = parse_args(&["parse", "--pretty", "a.html", "-", "--", "--b.html"]).unwrap();
        assert_eq!(options.command, Command::Parse);
        assert!(options.pretty);
        assert_eq!(options.files, ["a.html", "-", "--b.html"]);
    }

    #[test]
    fn rejects_what_it_does_not_know() {
        assert!(parse_args(&[]).is_err());
        assert!(parse_args(&["frobnicate"]).is_err());
        assert!(parse_args(&["parse"]).is_err());
        assert!(parse_args(&["parse", "--json", "a"]).is_err());
        assert!(parse_args(&["stats", "--pretty", "a"]).is_err());
        assert!(parse_args(&["parse", "--max-output", "lots", "a"]).is_err());
        assert!(parse_args(&["parse", "--max-output"]).is_err());
        assert!(parse_args(&["stats", "--max-output", "1", "a"]).is_err());
    }

    #[test]
    fn reads_the_table_options() {
        let options = parse_args(&[
            "table",
            "-o",
            "out.parquet",
            "--format",
            "csv",
            "--threads",
            "2",
            "--no-freeform",
            "--max-output",
            "5",
            "posts.csv",
        ])
        .unwrap();
        assert_eq!(options.command, Command::Table);
        assert_eq!(options.table.output.as_deref(), Some("out.parquet"));
        assert_eq!(options.table.format, table::Format::Csv);
        assert_eq!(options.table.threads.map(|n| n.get()), Some(2));
        assert!(options.table.no_freeform);
        assert_eq!(options.limits.max_output_bytes, Some(5));
        assert_eq!(options.files, ["posts.csv"]);
        assert!(parse_args(&["table", "a.html"]).is_err());
        assert!(parse_args(&["table", "-o", "x", "--threads", "0", "a"]).is_err());
        assert!(parse_args(&["table", "-o", "x", "--format", "xml", "a"]).is_err());
        assert!(parse_args(&["parse", "--threads", "2", "a"]).is_err());
    }

    #[test]
    fn reads_the_output_limit() {
        let options = parse_args(&["parse", "--max-output", "0", "a"]).unwrap();
        assert_eq!(options.limits.max_output_bytes, Some(0));
        let default = parse_args(&["parse", "a"]).unwrap();
        assert_eq!(default.limits, Limits::default());
    }
}
