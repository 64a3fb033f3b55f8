//! How every call ends: a status code, the caller's `gpp_error` filled in, and
//! no panic ever crossing into C.

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use gutenberg_post_parser::json::OutOfMemory;
use gutenberg_post_parser::limits::{ExpansionLimitError, OutputError};
use gutenberg_post_parser::Utf8Error;

use crate::types::{
    gpp_error, gpp_status, GPP_ERROR_EDIT_OVERLAP, GPP_ERROR_EDIT_REFUSED,
    GPP_ERROR_EXPANSION_LIMIT, GPP_ERROR_INPUT_TOO_LARGE, GPP_ERROR_INTERNAL,
    GPP_ERROR_INVALID_ARGUMENT, GPP_ERROR_INVALID_JSON, GPP_ERROR_INVALID_UTF8,
    GPP_ERROR_NULL_POINTER, GPP_ERROR_OUT_OF_MEMORY, GPP_MAX_INPUT_LEN, GPP_OK,
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
    /// The result would be over the limit.
    ExpansionLimit(ExpansionLimitError),
    /// An allocation for the result failed.
    OutOfMemory(OutOfMemory),
    /// Text given as JSON is not JSON: where it stopped.
    InvalidJson(usize),
    /// An edit overlaps an earlier one, whose byte range this is.
    EditOverlap { start: usize, len: usize },
    /// An edit was refused; its byte range.
    EditRefused { start: usize, len: usize },
}

impl From<OutputError> for Failure {
    fn from(error: OutputError) -> Self {
        match error {
            OutputError::TooLarge(limit) => Failure::ExpansionLimit(limit),
            OutputError::OutOfMemory(memory) => Failure::OutOfMemory(memory),
        }
    }
}

impl Failure {
    fn to_error(self) -> gpp_error {
        let error = |status| gpp_error {
            status,
            ..gpp_error::default()
        };
        match self {
            Failure::NullPointer => error(GPP_ERROR_NULL_POINTER),
            Failure::InvalidUtf8(utf8) => gpp_error {
                offset: utf8.valid_up_to,
                length: utf8.error_len.unwrap_or(0),
                ..error(GPP_ERROR_INVALID_UTF8)
            },
            Failure::InvalidArgument => error(GPP_ERROR_INVALID_ARGUMENT),
            Failure::InputTooLarge => error(GPP_ERROR_INPUT_TOO_LARGE),
            Failure::Internal => error(GPP_ERROR_INTERNAL),
            Failure::ExpansionLimit(limit) => gpp_error {
                output_bytes: limit.output_bytes,
                limit: limit.limit,
                ..error(GPP_ERROR_EXPANSION_LIMIT)
            },
            Failure::OutOfMemory(memory) => gpp_error {
                output_bytes: memory.bytes as u64,
                ..error(GPP_ERROR_OUT_OF_MEMORY)
            },
            Failure::InvalidJson(offset) => gpp_error {
                offset,
                ..error(GPP_ERROR_INVALID_JSON)
            },
            Failure::EditOverlap { start, len } => gpp_error {
                offset: start,
                length: len,
                ..error(GPP_ERROR_EDIT_OVERLAP)
            },
            Failure::EditRefused { start, len } => gpp_error {
                offset: start,
                length: len,
                ..error(GPP_ERROR_EDIT_REFUSED)
            },
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
            GPP_ERROR_EXPANSION_LIMIT => write!(
                f,
                "the result would hold {} bytes of text, over the limit of {} bytes: unclosed \
                 blocks each hold the rest of the document; pass a larger max_output_bytes, or 0 \
                 for no limit",
                error.output_bytes, error.limit
            ),
            GPP_ERROR_OUT_OF_MEMORY => write!(
                f,
                "out of memory: could not allocate {} bytes for the result",
                error.output_bytes
            ),
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
            ..gpp_error::default()
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
            ..gpp_error::default()
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
        let limit = gpp_error {
            status: GPP_ERROR_EXPANSION_LIMIT,
            output_bytes: 3_000_000_000,
            limit: 67_108_864,
            ..gpp_error::default()
        };
        assert!(Message(limit).to_string().starts_with(
            "the result would hold 3000000000 bytes of text, over the limit of 67108864"
        ));
    }
}
