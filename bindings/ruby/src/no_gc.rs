//! Holding off Ruby's garbage collector while Rust keeps Ruby objects in its own
//! memory.

use rb_sys::VALUE;

/// While a `NoGc` lives, the GC neither frees nor moves (compacts) any object.
/// Rust may then keep `VALUE`s in its own heap memory, where the GC cannot see
/// them, and borrow the bytes of Ruby strings, as long as no Ruby code runs.
///
/// Hold it only with the GVL held, for work that allocates next to nothing in
/// Ruby, such as reading the caller's objects. Dropping it puts the GC back as
/// it was (a GC the caller disabled stays disabled).
pub struct NoGc {
    was_disabled: bool,
}

impl NoGc {
    /// Disables the GC until the guard drops.
    pub fn new() -> Self {
        // SAFETY: plain C API call; the GVL is held in every method Ruby calls.
        let was_disabled = unsafe { rb_sys::rb_gc_disable() } == rb_sys::Qtrue as VALUE;
        NoGc { was_disabled }
    }
}

impl Drop for NoGc {
    fn drop(&mut self) {
        if !self.was_disabled {
            // SAFETY: as in `new`.
            unsafe { rb_sys::rb_gc_enable() };
        }
    }
}
