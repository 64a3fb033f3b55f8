//! The build's value stack: plain Rust memory that Ruby's GC marks.
//!
//! The values being built must stay where the GC sees them. A Ruby Array
//! would do, but every store into one pays for `rb_ary_modify` and a write
//! barrier; here the values sit in a `Vec` owned by a hidden data object whose
//! mark function marks them all. Marking with `rb_gc_mark_locations` also pins
//! them, so compaction never moves a value the stack holds. The object is not
//! write-barrier protected, so the GC rescans it at every collection instead of
//! relying on barriers. Ruby owns the `Vec` (it is freed with the object), so a
//! Ruby exception raised in the middle of a build leaks nothing.

use std::ffi::c_void;
use std::ptr;

use rb_sys::{rb_data_type_t, size_t, VALUE};

/// A handle to the stack: the data object and the `Vec` inside it.
#[derive(Clone, Copy)]
pub struct Stack {
    /// The data object; keep it on the machine stack while the stack is used.
    object: VALUE,
    values: *mut Vec<VALUE>,
}

/// `rb_data_type_t` holds raw pointers, so it is not `Sync` by itself; this
/// one is never written after compilation.
struct DataType(rb_data_type_t);

// SAFETY: the type description is immutable and only read by Ruby.
unsafe impl Sync for DataType {}

static STACK_TYPE: DataType = DataType(rb_data_type_t {
    wrap_struct_name: c"gutenberg_post_parser build stack".as_ptr(),
    function: rb_sys::rb_data_type_struct__bindgen_ty_1 {
        dmark: Some(mark),
        dfree: Some(free),
        dsize: Some(size),
        dcompact: None,
        reserved: [ptr::null_mut(); 1],
    },
    parent: ptr::null(),
    data: ptr::null_mut(),
    flags: rb_sys::rbimpl_typeddata_flags::RUBY_TYPED_FREE_IMMEDIATELY as VALUE,
});

unsafe extern "C" fn mark(data: *mut c_void) {
    // SAFETY: `data` is the `Vec` this object was made with.
    let values = unsafe { &*data.cast::<Vec<VALUE>>() };
    let range = values.as_ptr_range();
    // SAFETY: the range covers the stack's initialized values.
    unsafe { rb_sys::rb_gc_mark_locations(range.start, range.end) };
}

unsafe extern "C" fn free(data: *mut c_void) {
    // SAFETY: `data` came from `Box::into_raw` in `Stack::new`; Ruby frees it once.
    drop(unsafe { Box::from_raw(data.cast::<Vec<VALUE>>()) });
}

unsafe extern "C" fn size(data: *const c_void) -> size_t {
    // SAFETY: as in `mark`.
    let values = unsafe { &*data.cast::<Vec<VALUE>>() };
    (values.capacity() * std::mem::size_of::<VALUE>()) as size_t
}

impl Stack {
    /// A new, empty stack.
    ///
    /// # Safety
    /// Raw C API: call with the GVL held, inside [`crate::protected::protected`];
    /// keep [`Stack::object`] on the machine stack while the stack is used.
    pub unsafe fn new() -> Self {
        let values = Box::into_raw(Box::new(Vec::with_capacity(64)));
        // SAFETY: hidden (class 0) data object owning `values`.
        let object = unsafe { rb_sys::rb_data_typed_object_wrap(0, values.cast(), &STACK_TYPE.0) };
        Stack { object, values }
    }

    /// The data object that owns the values.
    pub fn object(&self) -> VALUE {
        self.object
    }

    fn values(&mut self) -> &mut Vec<VALUE> {
        // SAFETY: the object (kept alive by the caller, see `new`) owns the
        // `Vec`, and the GC only reads it while no Rust code runs here.
        unsafe { &mut *self.values }
    }

    /// Pushes `value`.
    pub fn push(&mut self, value: VALUE) {
        self.values().push(value);
    }

    /// The value `depth` places below the top.
    pub fn peek(&mut self, depth: usize) -> VALUE {
        let values = self.values();
        values[values.len() - 1 - depth]
    }

    /// The top `len` values, in the order they were pushed. They stay on the
    /// stack (and marked) until [`Stack::drop_top`]; the pointer is valid until
    /// the next push.
    pub fn top(&mut self, len: usize) -> *const VALUE {
        let values = self.values();
        values[values.len() - len..].as_ptr()
    }

    /// Removes the top `len` values.
    pub fn drop_top(&mut self, len: usize) {
        let values = self.values();
        values.truncate(values.len() - len);
    }
}
