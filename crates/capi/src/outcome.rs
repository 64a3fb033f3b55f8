//! How every call ends: a status code, the caller's `gpp_error` filled in, and
//! no panic ever crossing into C.

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use gutenberg_post_parser::Utf8Error;

use crate::types::{
    gpp_error, gpp_status, GPP_ERROR_EDIT_OVERLAP, GPP_ERROR_EDIT_REFUSED,
    GPP_ERROR_INPUT_TOO_LARGE, GPP_ERROR_INTERNAL, GPP_ERROR_INVALID_ARGUMENT,
    GPP_ERROR_INVALID_JSON, GPP_ERROR_INVALID_UTF8, GPP_ERROR_NULL_POINTER, GPP_MAX_INPUT_LEN,
    GPP_OK,
};

/// Why a call failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// A required pointer was NULL.
    NullPointer,
    /// The input is not UTF-8.
    InvalidUtf8(Utf8Error),
    /// Unknown option bits.
    InvalidArgument,
    /// More than `GPP_MAX_INPUT_LEN` bytes.
    InputTooLarge,
    /// The library panicked.
    Internal,
    /// Text given as JSON is not JSON: where it stopped.
    InvalidJson(usize),
    /// An edit overlaps an earlier one, whose byte range this is.
    EditOverlap { start: usize, len: usize },
    /// An edit was refused; its byte range.
    EditRefused { start: usize, len: usize },
}

impl Failure {
    fn to_error(self) -> gpp_error {
        let (status, offset, length) = match self {
            Failure::NullPointer => (GPP_ERROR_NULL_POINTER, 0, 0),
            Failure::InvalidUtf8(utf8) => (
                GPP_ERROR_INVALID_UTF8,
                utf8.valid_up_to,
                utf8.error_len.unwrap_or(0),
            ),
            Failure::InvalidArgument => (GPP_ERROR_INVALID_ARGUMENT, 0, 0),
            Failure::InputTooLarge => (GPP_ERROR_INPUT_TOO_LARGE, 0, 0),
            Failure::Internal => (GPP_ERROR_INTERNAL, 0, 0),
            Failure::InvalidJson(offset) => (GPP_ERROR_INVALID_JSON, offset, 0),
            Failure::EditOverlap { start, len } => (GPP_ERROR_EDIT_OVERLAP, start, len),
            Failure::EditRefused { start, len } => (GPP_ERROR_EDIT_REFUSED, start, len),
        };
        gpp_error {
            status,
            offset,
            length,
        }
    }
}

/// Runs `call`, catching any panic, writes the outcome to `error` (when not
/// NULL) and returns its status.
///
/// # Safety
/// `error` is NULL or valid for writes of a `gpp_error`.
pub(crate) unsafe fn guard(
    error: *mut gpp_error,
    call: impl FnOnce() -> Result<(), Failure>,
) -> gpp_status {
    let outcome = catch_unwind(AssertUnwindSafe(call)).unwrap_or(Err(Failure::Internal));
    let filled = match outcome {
        Ok(()) => gpp_error::default(),
        Err(failure) => failure.to_error(),
    };
    if !error.is_null() {
        error.write(filled);
    }
    filled.status
}

/// A readable description of an error, as `gpp_error_message` writes it.
pub(crate) struct Message(pub gpp_error);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        match error.status {
            GPP_OK => f.write_str("no error"),
            GPP_ERROR_NULL_POINTER => f.write_str("a required pointer argument was NULL"),
            GPP_ERROR_INVALID_UTF8 => Utf8Error {
                valid_up_to: error.offset,
                error_len: (error.length > 0).then_some(error.length),
            }
            .fmt(f),
            GPP_ERROR_INVALID_ARGUMENT => f.write_str("invalid argument: unknown option bits"),
            GPP_ERROR_INPUT_TOO_LARGE => {
                write!(f, "input too large: the limit is {GPP_MAX_INPUT_LEN} bytes")
            }
            GPP_ERROR_INTERNAL => {
                f.write_str("internal error: the parser panicked (a bug; please report it)")
            }
            GPP_ERROR_INVALID_JSON => write!(f, "invalid JSON at byte {}", error.offset),
            GPP_ERROR_EDIT_OVERLAP => write!(
                f,
                "the edit overlaps an earlier edit of bytes {}..{} (gpp_edit_error_message says more)",
                error.offset,
                error.offset + error.length
            ),
            GPP_ERROR_EDIT_REFUSED => write!(
                f,
                "the edit of bytes {}..{} was refused (gpp_edit_error_message says why)",
                error.offset,
                error.offset + error.length
            ),
            other => write!(f, "unknown status code {other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let mut error = gpp_error::default();
        let status = unsafe { guard(&mut error, || panic!("boom")) };
        assert_eq!(status, GPP_ERROR_INTERNAL);
        assert_eq!(error.status, GPP_ERROR_INTERNAL);
    }

    #[test]
    fn success_clears_the_error() {
        let mut error = gpp_error {
            status: GPP_ERROR_NULL_POINTER,
            offset: 3,
            length: 1,
        };
        let status = unsafe { guard(&mut error, || Ok(())) };
        assert_eq!(status, GPP_OK);
        assert_eq!(error, gpp_error::default());
    }

    #[test]
    fn messages_are_readable() {
        let utf8 = gpp_error {
            status: GPP_ERROR_INVALID_UTF8,
            offset: 7,
            length: 1,
        };
        assert_eq!(
            Message(utf8).to_string(),
            "invalid UTF-8: 1 invalid byte(s) at byte offset 7"
        );
        let truncated = gpp_error { length: 0, ..utf8 };
        assert!(Message(truncated)
            .to_string()
            .contains("ends inside a character"));
        let unknown = gpp_error {
            status: 99,
            ..gpp_error::default()
        };
        assert_eq!(Message(unknown).to_string(), "unknown status code 99");
    }
}
