//! Asking Linux for transparent huge pages under a table's column buffers.
//!
//! A table of 100 MB of posts writes about 160 MB of fresh memory, and with
//! 4 KiB pages a quarter to a third of the build is page faults (measured
//! here: 39,000 faults and 0.255 s for 103 MB on one thread; with huge pages,
//! 189 faults and 0.170 s). Where THP is set to `madvise` (the usual
//! default), only memory marked `MADV_HUGEPAGE` gets them, and glibc marks
//! none of its own. Elsewhere, and on other systems, this does nothing.

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

#[cfg(target_os = "linux")]
fn mark(start: usize, len: usize) {
    // SAFETY: the range lies inside an allocation this Vec owns and has not
    // initialised yet; MADV_HUGEPAGE changes how the kernel backs it, never
    // its contents or whether it is mapped.
    unsafe {
        libc::madvise(start as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn mark(_start: usize, _len: usize) {}
