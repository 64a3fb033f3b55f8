//! Errors for input that is not text.

use std::fmt;

/// The input was not valid UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utf8Error {
    /// Byte offset of the first byte that is not part of valid UTF-8.
    pub valid_up_to: usize,
    /// Length of the invalid sequence, or `None` if the input ended inside a character.
    pub error_len: Option<usize>,
}

impl Utf8Error {
    /// `bytes` as text, checked with SIMD; where they are not UTF-8, the
    /// slower standard check says where the first invalid byte is.
    ///
    /// # Errors
    /// [`Utf8Error`] when `bytes` are not UTF-8.
    pub fn check(bytes: &[u8]) -> Result<&str, Utf8Error> {
        simdutf8::basic::from_utf8(bytes)
            .or_else(|_| std::str::from_utf8(bytes).map_err(Utf8Error::from))
    }
}

impl From<std::str::Utf8Error> for Utf8Error {
    fn from(error: std::str::Utf8Error) -> Self {
        Utf8Error {
            valid_up_to: error.valid_up_to(),
            error_len: error.error_len(),
        }
    }
}

impl fmt::Display for Utf8Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.error_len {
            Some(len) => write!(
                f,
                "invalid UTF-8: {len} invalid byte(s) at byte offset {}",
                self.valid_up_to
            ),
            None => write!(
                f,
                "invalid UTF-8: input ends inside a character at byte offset {}",
                self.valid_up_to
            ),
        }
    }
}

impl std::error::Error for Utf8Error {}
