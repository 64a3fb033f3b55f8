//! Asking Linux for transparent huge pages under a table's column buffers.
//!
//! A table of 100 MB of posts writes about 160 MB of fresh memory, and with
//! 4 KiB pages a quarter to a third of the build is page faults (measured
//! here with the `table_threads` example, 103 MB on one thread: 38,000
//! faults and 0.258 s; with these columns, 9,000 faults and 0.184 s). Where
//! THP is set to `madvise` (the usual default), only memory marked
//! `MADV_HUGEPAGE` gets them, and glibc marks none of its own. Elsewhere, and on other systems, this does nothing
//! (`madvise` is declared here: the core depends on no C bindings crate).

/// Huge pages are 2 MiB on x86-64 and arm64; smaller buffers are left alone.
const HUGE_PAGE: usize = 2 << 20;

/// Marks the whole huge pages inside the spare capacity of a buffer (its
/// `capacity - len` bytes from `spare`), before anything is written there:
/// the kernel then backs them with huge pages as they are first touched.
/// Only advice: failures are ignored.
pub(super) fn advise(spare: *const u8, spare_len: usize) {
    let start = spare as usize;
    let aligned = start.next_multiple_of(HUGE_PAGE);
    let whole = (start + spare_len).saturating_sub(aligned) / HUGE_PAGE * HUGE_PAGE;
    if whole > 0 {
        mark(aligned, whole);
    }
}

/// [`advise`] for a `Vec`.
pub(super) fn advise_vec<T>(vec: &Vec<T>) {
    let spare = vec.capacity() - vec.len();
    advise(
        vec.as_ptr().wrapping_add(vec.len()).cast(),
        spare * size_of::<T>(),
    );
}

/// [`advise`] for a `String`.
pub(super) fn advise_string(text: &str, capacity: usize) {
    advise(
        text.as_ptr().wrapping_add(text.len()),
        capacity - text.len(),
    );
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn mark(start: usize, len: usize) {
    use std::ffi::{c_int, c_void};
    /// `MADV_HUGEPAGE` of Linux's `<asm-generic/mman-common.h>`.
    const MADV_HUGEPAGE: c_int = 14;
    extern "C" {
        /// The C library's `madvise(2)` (glibc and musl both export it).
        fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
    }
    // SAFETY: the range lies inside an allocation that a live Vec or String
    // owns and has not initialised yet; MADV_HUGEPAGE changes how the kernel
    // backs it, never its contents or whether it is mapped.
    unsafe {
        madvise(start as *mut c_void, len, MADV_HUGEPAGE);
    }
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
fn mark(_start: usize, _len: usize) {}
