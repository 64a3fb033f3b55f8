//! Running Rust code with Ruby's global VM lock (GVL) released.

use std::ffi::c_void;
use std::panic::{self, AssertUnwindSafe};
use std::{mem, ptr, thread};

use magnus::{Error, Ruby};

use crate::errors;

/// Where one call of [`without_gvl`] stands.
enum Call<F, R> {
    /// Not run yet.
    Pending(F),
    /// Taken by [`run`], which is still going.
    Running,
    /// Finished, or panicked.
    Done(thread::Result<R>),
}

/// Runs `work` with the GVL released, so that other Ruby threads run meanwhile.
///
/// `work` must not touch any Ruby object. A panic inside it comes back as a
/// `GutenbergPostParser::Error` once the GVL is held again, never unwinding
/// through Ruby's C frames.
///
/// This uses `rb_thread_call_without_gvl2`, which checks for interrupts
/// (`Thread#raise`, signals) neither before nor after: nothing can raise over the
/// Rust frames here. When an interrupt is already pending, Ruby does not run
/// `work` at all; it then runs here with the GVL held, and Ruby handles the
/// interrupt once the method returns.
pub fn without_gvl<F, R>(ruby: &Ruby, work: F) -> Result<R, Error>
where
    F: FnOnce() -> R,
{
    let mut call: Call<F, R> = Call::Pending(work);
    // SAFETY: `run::<F, R>` gets a pointer to `call`, which outlives the call.
    unsafe {
        rb_sys::rb_thread_call_without_gvl2(
            Some(run::<F, R>),
            ptr::from_mut(&mut call).cast::<c_void>(),
            None,
            ptr::null_mut(),
        );
    }
    let outcome = match call {
        Call::Pending(work) => panic::catch_unwind(AssertUnwindSafe(work)),
        Call::Done(outcome) => outcome,
        Call::Running => return Err(errors::error(ruby, "internal error: parsing was cut short")),
    };
    outcome.map_err(|payload| errors::internal(ruby, payload))
}

/// The C callback: runs the pending work of the [`Call`] that `data` points to.
unsafe extern "C" fn run<F, R>(data: *mut c_void) -> *mut c_void
where
    F: FnOnce() -> R,
{
    // SAFETY: `without_gvl` passes a pointer to its live `Call<F, R>`.
    let call = unsafe { &mut *data.cast::<Call<F, R>>() };
    if let Call::Pending(work) = mem::replace(call, Call::Running) {
        *call = Call::Done(panic::catch_unwind(AssertUnwindSafe(work)));
    }
    ptr::null_mut()
}
