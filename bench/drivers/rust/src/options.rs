//! The driver's command line.

/// What the driver makes of each document.
#[derive(Clone, Copy, Debug)]
pub enum Form {
    /// The flat borrowed tree: `parse`.
    Borrowed,
    /// The borrowed tree converted to `Block`s with decoded attributes.
    Decoded,
    /// The reference's JSON text: `parse` then `Document::to_json`.
    Json,
}

impl Form {
    /// The name used on the command line and in result lines.
    pub fn name(self) -> &'static str {
        match self {
            Form::Borrowed => "borrowed",
            Form::Decoded => "decoded",
            Form::Json => "json",
        }
    }
}

/// What to do.
pub enum Mode {
    /// Time the build of this file (a documents file: of all its documents).
    Time(String),
    /// Print the tree of every document in this documents file.
    Conformance(String),
}

/// The parsed command line.
pub struct Options {
    /// What to make of each document.
    pub form: Form,
    /// Warm-up samples.
    pub warmup: u64,
    /// Timed samples.
    pub runs: u64,
    /// Builds per sample.
    pub batch: u64,
    /// What to do.
    pub mode: Mode,
}

/// The value after a flag, as a positive number.
fn count(flag: &str, value: Option<String>) -> Result<u64, String> {
    value
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{flag} needs a positive number"))
}

impl Options {
    /// Reads `--form F --warmup W --runs R --batch K FILE` or `--form F --conformance FILE`.
    pub fn from_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
        let (mut form, mut warmup, mut runs, mut batch) = (Form::Borrowed, 1, 1, 1);
        let mut mode = None;
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--form" => {
                    form = match args.next().as_deref() {
                        Some("borrowed") => Form::Borrowed,
                        Some("decoded") => Form::Decoded,
                        Some("json") => Form::Json,
                        _ => return Err("--form is borrowed, decoded or json".into()),
                    }
                }
                "--warmup" => warmup = count(&arg, args.next())?,
                "--runs" => runs = count(&arg, args.next())?,
                "--batch" => batch = count(&arg, args.next())?,
                "--conformance" => {
                    let path = args.next().ok_or("--conformance needs a file")?;
                    mode = Some(Mode::Conformance(path));
                }
                _ => mode = Some(Mode::Time(arg)),
            }
        }
        let mode = mode.ok_or(
            "usage: gpp-bench-rust --form F (--warmup W --runs R --batch K FILE | --conformance FILE)",
        )?;
        Ok(Options {
            form,
            warmup,
            runs,
            batch,
            mode,
        })
    }
}
