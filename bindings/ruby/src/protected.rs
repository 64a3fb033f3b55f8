//! Running raw Ruby C API calls under one `rb_protect`.

use std::panic::{self, AssertUnwindSafe};

use magnus::{Error, Ruby};
use rb_sys::VALUE;

use crate::errors;

/// Runs `build`, which calls the Ruby C API directly, so that nothing unwinds
/// across the boundary: a Ruby exception raised inside (such as `NoMemoryError`)
/// comes back as `Err` instead of jumping over Rust frames, and a panic comes back
/// as a `GutenbergPostParser::Error` instead of unwinding through C.
///
/// A raise skips `build`'s own frames, so `build` must own nothing that needs
/// dropping: it works in buffers that its caller owns and passes in by reference.
pub fn protected<F>(ruby: &Ruby, build: F) -> Result<VALUE, Error>
where
    F: FnOnce() -> VALUE,
{
    let mut panicked = None;
    let value = magnus::rb_sys::protect(|| {
        panic::catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|payload| {
            panicked = Some(payload);
            rb_sys::Qnil as VALUE
        })
    })?;
    match panicked {
        Some(payload) => Err(errors::internal(ruby, payload)),
        None => Ok(value),
    }
}
