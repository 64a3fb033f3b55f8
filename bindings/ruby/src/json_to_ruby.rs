//! Decoded attribute JSON to Ruby objects, iteratively.
//!
//! Numbers: JSON has one number type, a double. An integral value with magnitude
//! up to 2^53 (where doubles stop being exact) becomes an Integer; any other
//! finite value a Float. A number too large for a double (`1e400`), which
//! JavaScript reads as `Infinity` and the reference prints as `null`, becomes
//! `nil`, so that `JSON.generate` gives the reference's JSON.

use std::borrow::Cow;
use std::os::raw::c_long;
use std::slice;

use gutenberg_post_parser::json::Value;
use rb_sys::VALUE;

use crate::text::new_utf8;

/// 2^53: past this, doubles no longer hold every integer.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// What is left to put in an open container.
pub enum Frame<'v, 'a> {
    /// An Array's items.
    Items(slice::Iter<'v, Value<'a>>),
    /// A Hash's entries.
    Entries(slice::Iter<'v, (Cow<'a, str>, Value<'a>)>),
}

/// Converts `value` to Ruby. `frames` (left empty) holds what is left of each
/// open container; `containers`, a Ruby Array, holds the containers themselves,
/// where the GC sees them and updates them if it moves them.
///
/// Containers are filled top-down: each one goes into its parent before
/// anything is made for its contents.
///
/// # Safety
/// Raw C API: call with the GVL held, inside [`crate::protected::protected`],
/// with `containers` an empty Array on the machine stack.
pub unsafe fn convert<'v, 'a>(
    value: &'v Value<'a>,
    frames: &mut Vec<Frame<'v, 'a>>,
    containers: VALUE,
) -> VALUE {
    // SAFETY (all blocks below): raw C API under the GVL, as the caller promises.
    let (root, opened) = unsafe { start(value) };
    let Some(frame) = opened else {
        return root;
    };
    unsafe { rb_sys::rb_ary_push(containers, root) };
    frames.push(frame);
    while let Some(depth) = frames.len().checked_sub(1) {
        let (object, opened) = match &mut frames[depth] {
            Frame::Items(items) => match items.next() {
                Some(item) => unsafe {
                    let (object, opened) = start(item);
                    rb_sys::rb_ary_push(rb_sys::rb_ary_entry(containers, depth as c_long), object);
                    (object, opened)
                },
                None => {
                    frames.pop();
                    unsafe { rb_sys::rb_ary_pop(containers) };
                    continue;
                }
            },
            Frame::Entries(entries) => match entries.next() {
                Some((key, item)) => unsafe {
                    let (object, opened) = start(item);
                    let key = interned_key(key);
                    rb_sys::rb_hash_aset(
                        rb_sys::rb_ary_entry(containers, depth as c_long),
                        key,
                        object,
                    );
                    (object, opened)
                },
                None => {
                    frames.pop();
                    unsafe { rb_sys::rb_ary_pop(containers) };
                    continue;
                }
            },
        };
        if let Some(frame) = opened {
            unsafe { rb_sys::rb_ary_push(containers, object) };
            frames.push(frame);
        }
    }
    root
}

/// Makes the Ruby object for `value`: a scalar, or an empty container with the
/// frame that will fill it.
unsafe fn start<'v, 'a>(value: &'v Value<'a>) -> (VALUE, Option<Frame<'v, 'a>>) {
    // SAFETY (all blocks below): raw C API under the GVL, as `convert` requires.
    match value {
        Value::Null => (rb_sys::Qnil as VALUE, None),
        Value::Bool(true) => (rb_sys::Qtrue as VALUE, None),
        Value::Bool(false) => (rb_sys::Qfalse as VALUE, None),
        Value::Number(number) => (unsafe { number_to_ruby(*number) }, None),
        Value::String(text) => (unsafe { new_utf8(text) }, None),
        Value::Array(items) => {
            let array = unsafe { rb_sys::rb_ary_new_capa(items.len() as c_long) };
            let frame = (!items.is_empty()).then(|| Frame::Items(items.iter()));
            (array, frame)
        }
        Value::Object(entries) => {
            let hash = unsafe { rb_sys::rb_hash_new() };
            let frame = (!entries.is_empty()).then(|| Frame::Entries(entries.iter()));
            (hash, frame)
        }
    }
}

/// A JSON number as an Integer, Float or `nil`; see the module documentation.
unsafe fn number_to_ruby(number: f64) -> VALUE {
    // SAFETY (both): raw C API under the GVL, as `convert` requires.
    if number.fract() == 0.0 && number.abs() <= MAX_EXACT_INTEGER {
        unsafe { rb_sys::rb_ll2inum(number as i64) }
    } else if number.is_finite() {
        unsafe { rb_sys::rb_float_new(number) }
    } else {
        rb_sys::Qnil as VALUE
    }
}

/// The interned UTF-8 string for a Hash key: Ruby would freeze and intern a
/// String key anyway, and a repeated key costs one lookup.
unsafe fn interned_key(key: &str) -> VALUE {
    // SAFETY: `key` is valid for `key.len()` bytes; raw C API under the GVL.
    unsafe {
        rb_sys::rb_enc_interned_str(
            key.as_ptr().cast(),
            key.len() as c_long,
            rb_sys::rb_utf8_encoding(),
        )
    }
}
