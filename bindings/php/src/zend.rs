//! The few Zend engine operations the extension builds its values with, on
//! the raw API: ext-php-rs's convenient array API is about 2.5x slower than
//! inserting into hash tables directly with interned keys, and its `Zval`
//! frees on drop (even after insertion), which a value handed to a hash table
//! must not do. Values here are plain `zval`s (`Copy`, no destructor): whoever
//! holds one owns one reference and passes it on or [`release`]s it.
//!
//! Nothing here unwinds: every engine call either succeeds or, when memory
//! runs out, bails out of the request (PHP's own "Allowed memory size
//! exhausted" error), which the caller catches with `zend::try_catch`.

use std::mem::ManuallyDrop;
use std::ptr;

use ext_php_rs::ffi::{self, zend_long, zend_string, zval, HashTable};

/// A `zval` we own one reference of. ext-php-rs's `Drop` for `zval` (its
/// `Zval` is the same type) would release the value whenever Rust drops it,
/// also after the value moved into a table: values are kept in
/// `ManuallyDrop` and released only by [`release`].
pub type Val = ManuallyDrop<zval>;

/// `zval` type tags (Zend/zend_types.h).
const IS_NULL: u32 = 1;
const IS_FALSE: u32 = 2;
const IS_TRUE: u32 = 3;
const IS_LONG: u32 = 4;
const IS_DOUBLE: u32 = 5;
const IS_STRING: u32 = 6;
const IS_ARRAY: u32 = 7;
const IS_REFERENCE: u32 = 10;
/// The type flags of a refcounted string and a refcounted, collectable array.
const IS_STRING_EX: u32 = IS_STRING | (1 << 8);
const IS_ARRAY_EX: u32 = IS_ARRAY | (1 << 8) | (1 << 9);
/// `GC_FLAGS` bit of an interned string (`IS_STR_INTERNED`).
const IS_STR_INTERNED: u32 = 1 << 6;
/// The same bit on an array (`IS_ARRAY_IMMUTABLE`, as opcache's arrays are).
const IS_ARRAY_IMMUTABLE: u32 = 1 << 6;
/// The flags start after the 4 type bits of `gc.u.type_info`.
const GC_FLAGS_SHIFT: u32 = 0;

/// `PHP_JSON_OBJECT_AS_ARRAY`: `json_decode($text, true)`.
const PHP_JSON_OBJECT_AS_ARRAY: zend_long = 1;
/// `json_decode`'s default depth.
const JSON_DEPTH: zend_long = 512;

/// ext/json's module globals (NTS layout, php_json.h).
#[repr(C)]
struct JsonGlobals {
    encoder_depth: i32,
    encode_max_depth: i32,
    error_code: i32,
}

extern "C" {
    static mut zend_empty_string: *mut zend_string;
    static mut zend_one_char_string: [*mut zend_string; 256];
    static mut json_globals: JsonGlobals;
    fn zend_hash_real_init_packed(ht: *mut HashTable);
    fn zend_hash_index_update(ht: *mut HashTable, h: u64, value: *mut zval) -> *mut zval;
    fn php_json_decode_ex(
        value: *mut zval,
        text: *const u8,
        len: usize,
        options: zend_long,
        depth: zend_long,
    ) -> i32;
    fn zend_memory_usage(real: bool) -> usize;
}

/// A `zval` of type `tag` with no value.
#[inline]
fn tagged(tag: u32) -> Val {
    // SAFETY: a zval is plain data; all-zero is a valid (undefined) one.
    let mut value: Val = ManuallyDrop::new(unsafe { std::mem::zeroed() });
    value.u1.type_info = tag;
    value
}

#[inline]
pub fn null() -> Val {
    tagged(IS_NULL)
}

#[inline]
pub fn boolean(flag: bool) -> Val {
    tagged(if flag { IS_TRUE } else { IS_FALSE })
}

#[inline]
pub fn long(number: i64) -> Val {
    let mut value = tagged(IS_LONG);
    value.value.lval = number;
    value
}

#[inline]
pub fn double(number: f64) -> Val {
    let mut value = tagged(IS_DOUBLE);
    value.value.dval = number;
    value
}

/// A `zval` holding `string` (one reference of it, passed to the zval).
#[inline]
pub fn string_zval(string: *mut zend_string) -> Val {
    // SAFETY: `string` is a live zend_string.
    let interned = unsafe { (*string).gc.u.type_info >> GC_FLAGS_SHIFT } & IS_STR_INTERNED != 0;
    let mut value = tagged(if interned { IS_STRING } else { IS_STRING_EX });
    value.value.str_ = string;
    value
}

/// A new request-allocated string of `bytes` (the engine's shared empty and
/// one-byte strings for those lengths, as PHP's own functions return).
#[inline]
pub fn new_string(bytes: &[u8]) -> *mut zend_string {
    // SAFETY: the globals are set up before any request; the copy reads
    // exactly `bytes`.
    unsafe {
        match *bytes {
            [] => zend_empty_string,
            [byte] => zend_one_char_string[byte as usize],
            _ => ffi::ext_php_rs_zend_string_init(bytes.as_ptr().cast(), bytes.len(), false),
        }
    }
}

/// A new request-allocated string of `len` bytes, `pieces` one after the
/// other (they hold `len` bytes in all), allocated as the engine's
/// `zend_string_alloc` does: one copy of each piece, no buffer in between.
pub fn string_of_pieces<'p>(
    len: usize,
    pieces: impl Iterator<Item = &'p [u8]>,
) -> *mut zend_string {
    const HEADER: usize = std::mem::offset_of!(zend_string, val);
    /// `GC_STRING`: a string that is not collectable (zend_types.h).
    const GC_STRING: u32 = IS_STRING | (1 << 4);
    let size = (HEADER + len + 1).next_multiple_of(8);
    let layout = std::alloc::Layout::from_size_align(size, 8).expect("a string's size");
    // SAFETY: the allocation has room for the header, `len` bytes and the
    // NUL; the pieces are checked to fit before each copy.
    unsafe {
        let string = ext_php_rs::alloc::emalloc(layout).cast::<zend_string>();
        (*string).gc.refcount = 1;
        (*string).gc.u.type_info = GC_STRING;
        (*string).h = 0;
        let bytes = ptr::addr_of_mut!((*string).val).cast::<u8>();
        let mut at = 0;
        for piece in pieces {
            assert!(at + piece.len() <= len, "pieces longer than the string");
            ptr::copy_nonoverlapping(piece.as_ptr(), bytes.add(at), piece.len());
            at += piece.len();
        }
        *bytes.add(at) = 0;
        (*string).len = at;
        string
    }
}

/// Another reference to the string `value` holds (references followed),
/// if it holds one.
///
/// # Safety
/// `value` points to a live zval.
pub unsafe fn string_ref(mut value: *const zval) -> Option<Val> {
    if (*value).u1.type_info & 0xff == IS_REFERENCE {
        value = ptr::addr_of!((*(*value).value.ref_).val);
    }
    let value = &*(value as *const Val);
    (value.u1.type_info & 0xff == IS_STRING).then(|| copy(value))
}

/// A `zval` holding a new string of `bytes`.
#[inline]
pub fn string(bytes: &[u8]) -> Val {
    string_zval(new_string(bytes))
}

/// A permanent interned string (for module startup: one made during a
/// request dies with the request).
pub fn interned(text: &str) -> *mut zend_string {
    // SAFETY: the engine sets its interning function before extensions start.
    unsafe {
        let intern = ffi::zend_string_init_interned.expect("the engine interns strings");
        intern(text.as_ptr().cast(), text.len(), true)
    }
}

/// Another reference to `value` (the engine's `ZVAL_COPY`).
#[inline]
pub fn copy(value: &Val) -> Val {
    // SAFETY: the flag tells whether `counted` points to a refcounted header.
    unsafe {
        if value.u1.type_info & (1 << 8) != 0 {
            let counted = value.value.counted;
            (*counted).gc.refcount += 1;
        }
    }
    bits(value)
}

/// The same zval, bit for bit (no reference taken: ownership moves with it).
#[inline]
pub fn bits(value: &Val) -> Val {
    // SAFETY: a zval is plain data.
    unsafe { ptr::read(value) }
}

/// The integer `value` holds, if it is one.
#[inline]
pub fn integer(value: &Val) -> Option<i64> {
    // SAFETY: the tag says which union member is set.
    unsafe { (value.u1.type_info == IS_LONG).then(|| value.value.lval) }
}

/// Drops one reference of `value`.
#[inline]
pub fn release(value: &mut Val) {
    // SAFETY: `value` owns a reference (or holds no refcounted value).
    unsafe {
        if value.u1.type_info & (1 << 8) != 0 {
            ffi::zval_ptr_dtor(&mut **value);
        }
    }
}

/// The immutable empty array, as `[]` is in PHP.
#[inline]
pub fn empty_array() -> Val {
    let mut value = tagged(IS_ARRAY);
    // SAFETY: the engine's shared empty array is never written to.
    value.value.arr = ptr::addr_of!(ffi::zend_empty_array) as *mut HashTable;
    value
}

/// A list of `items` (moved into it), packed as PHP makes lists.
pub fn list(items: &[Val]) -> Val {
    if items.is_empty() {
        return empty_array();
    }
    // SAFETY: a new packed table has room for `nTableSize >= len` zvals; the
    // fields set are what ZEND_HASH_FILL_PACKED leaves.
    unsafe {
        let table = ffi::_zend_new_array(items.len() as u32);
        zend_hash_real_init_packed(table);
        let slots = (*table).__bindgen_anon_1.arPacked;
        ptr::copy_nonoverlapping(items.as_ptr().cast::<zval>(), slots, items.len());
        (*table).nNumUsed = items.len() as u32;
        (*table).nNumOfElements = items.len() as u32;
        (*table).nNextFreeElement = items.len() as zend_long;
        array_zval(table)
    }
}

/// A new empty hash table with room for `len` entries.
#[inline]
pub fn new_table(len: usize) -> *mut HashTable {
    // SAFETY: allocates (or bails out).
    unsafe { ffi::_zend_new_array(len as u32) }
}

#[inline]
pub fn array_zval(table: *mut HashTable) -> Val {
    let mut value = tagged(IS_ARRAY_EX);
    value.value.arr = table;
    value
}

/// A table with `keys` (interned, distinct, not integers) holding null, to
/// [`dup_template`] from. It is marked immutable, as opcache's arrays are
/// (it holds nothing counted: nulls and interned keys), so that
/// `zend_array_dup` copies it with one `memcpy` instead of element by
/// element; only [`destroy`] frees it.
pub fn template(keys: &[*mut zend_string]) -> *mut HashTable {
    let table = new_table(keys.len());
    for key in keys {
        // SAFETY: a new table; the keys are distinct and not integers.
        unsafe { insert_known(table, *key, &mut null()) };
    }
    // SAFETY: a live table of ours, reachable from no PHP value.
    unsafe { (*table).gc.u.type_info |= IS_ARRAY_IMMUTABLE << GC_FLAGS_SHIFT };
    table
}

/// A copy of `template` (see [`template`]) holding `values` (moved), in
/// order: two allocations and a copy of the hash and buckets, instead of one
/// insertion per key.
///
/// # Safety
/// `template` comes from [`template`] with `values.len()` keys and holds
/// nulls only.
#[inline]
pub unsafe fn dup_template(template: *mut HashTable, values: &mut [Val]) -> Val {
    let table = ffi::zend_array_dup(template);
    let buckets = (*table).__bindgen_anon_1.arData;
    for (at, value) in values.iter().enumerate() {
        // The copy's slots hold null: nothing to release.
        ptr::copy_nonoverlapping::<zval>(&**value, ptr::addr_of_mut!((*buckets.add(at)).val), 1);
    }
    array_zval(table)
}

/// Frees a table made by [`template`].
///
/// # Safety
/// `table` is not used after.
pub unsafe fn destroy(table: *mut HashTable) {
    (*table).gc.u.type_info &= !(IS_ARRAY_IMMUTABLE << GC_FLAGS_SHIFT);
    ffi::zend_array_destroy(table);
}

/// Inserts `value` (moved) under a string key that is not in the table and
/// not integer-like (its count is raised unless interned).
///
/// # Safety
/// `table` is a live mutable table, `key` a live string.
#[inline]
pub unsafe fn insert_known(table: *mut HashTable, key: *mut zend_string, value: &mut Val) {
    ffi::zend_hash_add_new(table, key, &mut **value);
}

/// Inserts `value` (moved) under integer key `index`.
///
/// # Safety
/// `table` is a live mutable table.
#[inline]
pub unsafe fn insert_index(table: *mut HashTable, index: i64, value: &mut Val) {
    zend_hash_index_update(table, index as u64, &mut **value);
}

/// `json_decode($text, true)` of `text`, which the decoder reads up to a NUL
/// sentinel one byte past its end: `buffer` holds that copy. Leaves
/// `json_last_error()` as `json_decode` does.
pub fn json_decode(text: &[u8], buffer: &mut Vec<u8>) -> Val {
    buffer.clear();
    buffer.extend_from_slice(text);
    buffer.push(0);
    let mut value = null();
    // SAFETY: `buffer` is NUL-terminated; the decoder writes a value or null.
    unsafe {
        json_globals.error_code = 0;
        if php_json_decode_ex(
            &mut *value,
            buffer.as_ptr(),
            text.len(),
            PHP_JSON_OBJECT_AS_ARRAY,
            JSON_DEPTH,
        ) != 0
        {
            value = null();
        }
    }
    value
}

/// Leaves `json_last_error()` as a successful `json_decode` does (for a
/// decode skipped because its result is shared).
pub fn json_succeeded() {
    set_json_error(0);
}

/// What `json_last_error()` returns now.
pub fn json_error() -> i32 {
    // SAFETY: ext/json's globals exist during a request.
    unsafe { json_globals.error_code }
}

/// Makes `json_last_error()` return `code` (one it returned before).
pub fn set_json_error(code: i32) {
    // SAFETY: ext/json's globals exist during a request.
    unsafe { json_globals.error_code = code };
}

/// Whether `value` is the engine's shared empty array (what [`empty_array`]
/// makes).
#[inline]
pub fn is_empty_array(value: &Val) -> bool {
    // SAFETY: the tag says which union member is set.
    unsafe {
        value.u1.type_info == IS_ARRAY
            && ptr::eq(value.value.arr, ptr::addr_of!(ffi::zend_empty_array))
    }
}

/// Whether `value` holds an array (possibly the immutable empty one).
#[inline]
pub fn is_array(value: &Val) -> bool {
    // SAFETY: every zval has its type tag set.
    unsafe { value.u1.type_info & 0xff == IS_ARRAY }
}

/// Bytes the request's memory manager has handed out (`memory_get_usage()`).
pub fn memory_usage() -> usize {
    // SAFETY: reads the memory manager's counters.
    unsafe { zend_memory_usage(false) }
}

/// What one PHP value is, for reading (references followed).
pub enum Read<'r> {
    Null,
    Bool(bool),
    Long(i64),
    Double(f64),
    String(&'r [u8]),
    Array(&'r HashTable),
    Other(&'static str),
}

/// Reads `value`, which stays alive (and unchanged) for `'r`.
///
/// # Safety
/// `value` points to a live zval.
pub unsafe fn read<'r>(mut value: *const zval) -> Read<'r> {
    if (*value).u1.type_info & 0xff == IS_REFERENCE {
        value = ptr::addr_of!((*(*value).value.ref_).val);
    }
    let value = &*value;
    match value.u1.type_info & 0xff {
        IS_NULL => Read::Null,
        IS_FALSE => Read::Bool(false),
        IS_TRUE => Read::Bool(true),
        IS_LONG => Read::Long(value.value.lval),
        IS_DOUBLE => Read::Double(value.value.dval),
        IS_STRING => {
            let string = value.value.str_;
            Read::String(std::slice::from_raw_parts(
                (*string).val.as_ptr().cast(),
                (*string).len,
            ))
        }
        IS_ARRAY => Read::Array(&*value.value.arr),
        8 => Read::Other("object"),
        9 => Read::Other("resource"),
        _ => Read::Other("unknown"),
    }
}

/// `HASH_FLAG_PACKED`: a list whose slots are bare zvals.
const HASH_FLAG_PACKED: u32 = 1 << 2;

/// A key of an array entry.
pub enum Key<'r> {
    Index(i64),
    String(&'r [u8]),
}

/// The entries of `table` in order (pointers to their values).
///
/// # Safety
/// `table` stays alive and unchanged while the entries are used.
pub unsafe fn entries<'r>(table: &'r HashTable) -> Vec<(Key<'r>, *const zval)> {
    let used = table.nNumUsed as usize;
    let mut out = Vec::with_capacity(table.nNumOfElements as usize);
    if table.u.flags & HASH_FLAG_PACKED != 0 {
        let slots = table.__bindgen_anon_1.arPacked;
        for at in 0..used {
            let slot = slots.add(at);
            if (*slot).u1.type_info & 0xff != 0 {
                out.push((Key::Index(at as i64), slot as *const zval));
            }
        }
    } else {
        let buckets = table.__bindgen_anon_1.arData;
        for at in 0..used {
            let bucket = &*buckets.add(at);
            if bucket.val.u1.type_info & 0xff == 0 {
                continue;
            }
            let key = if bucket.key.is_null() {
                Key::Index(bucket.h as i64)
            } else {
                let key = bucket.key;
                Key::String(std::slice::from_raw_parts(
                    (*key).val.as_ptr().cast(),
                    (*key).len,
                ))
            };
            out.push((key, ptr::addr_of!(bucket.val)));
        }
    }
    out
}
