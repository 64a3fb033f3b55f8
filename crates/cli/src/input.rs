//! Reading documents from files or standard input.

use std::fmt;
use std::io::Read;

/// A document that could not be read as text.
#[derive(Debug)]
pub enum InputError {
    /// The file could not be opened or read.
    Unreadable { path: String, error: std::io::Error },
    /// The bytes are not UTF-8.
    NotUtf8 {
        path: String,
        error: gutenberg_post_parser::Utf8Error,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Unreadable { path, error } => write!(f, "cannot read {path}: {error}"),
            InputError::NotUtf8 { path, error } => write!(f, "{path}: {error}"),
        }
    }
}

/// How a path is named in messages: `<stdin>` for `-`.
pub fn display(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// Reads `path` (`-` for standard input) as UTF-8 text.
pub fn read(path: &str) -> Result<String, InputError> {
    String::from_utf8(read_bytes(path)?).map_err(|error| InputError::NotUtf8 {
        path: display(path).to_owned(),
        error: error.utf8_error().into(),
    })
}

/// Reads `path` (`-` for standard input) as bytes.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|contents| bytes = contents)
    };
    read.map_err(|error| InputError::Unreadable {
        path: display(path).to_owned(),
        error,
    })?;
    Ok(bytes)
}
