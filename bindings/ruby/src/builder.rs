//! Ruby's constructors for the core's tree builder: the reference's Array of
//! block Hashes, made bottom-up as the core drives.
//!
//! The GC may run (and, with compaction on, move objects) at any allocation, so
//! the values being built sit on a [`Stack`] that the GC marks and pins, and
//! the builder holds only raw handles, all `Copy`. Nothing here needs
//! dropping, so a Ruby exception raised inside (such as `NoMemoryError`,
//! caught by [`crate::protected::protected`]) skips no destructor.
//!
//! Sharing: block names are interned once per call (by the core's name id);
//! attribute keys are interned; a block with a single HTML run uses the same
//! String for `innerHTML` and `innerContent`; and a long run that ends the
//! document shares the pinned snapshot's buffer (Ruby shares a substring's
//! buffer only when it runs to the end). Each unclosed block gets the rest of
//! the document as its last run, so 100,000 unclosed blocks cost 100,000 small
//! objects instead of 100,000 copies of the rest of the document.

use std::convert::Infallible;
use std::os::raw::c_long;

use std::hint::black_box;

use gutenberg_post_parser::build::{Builder, Html, Prepared, Scratch};
use gutenberg_post_parser::json::{Str, Value};
use gutenberg_post_parser::{BlockName, NodeId};
use magnus::rb_sys::{AsRawValue, FromRawValue};
use magnus::{Error, RArray, Ruby};
use rb_sys::VALUE;

use crate::input::Pinned;
use crate::keys::Keys;
use crate::protected::protected;
use crate::stack::Stack;
use crate::text::new_utf8;

/// 2^53: past this, doubles no longer hold every integer.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// Longer than this, a String keeps its bytes outside the object.
const EMBEDDED_MAX: usize = 23;

/// The Ruby objects one build works with.
#[derive(Clone, Copy)]
pub struct RubyBuilder {
    /// The values being built.
    stack: Stack,
    /// Each block name made so far, by the core's name id.
    names: VALUE,
    /// Every finished block Hash by node id, or nil when not wanted.
    by_id: VALUE,
    /// The pinned document (its frozen snapshot).
    source: VALUE,
    keys: Keys,
}

impl RubyBuilder {
    /// A builder whose block names go to `names` (an empty Array), and each
    /// block Hash also to `by_id` (an Array, or nil). `source` is the pinned
    /// snapshot of the document being built.
    ///
    /// # Safety
    /// Use it with the GVL held, inside [`crate::protected::protected`], while
    /// every `VALUE` given here is a local of a caller (on the machine stack,
    /// which the GC scans), and keep the builder itself there.
    unsafe fn new(names: VALUE, by_id: VALUE, source: VALUE, keys: Keys) -> Self {
        RubyBuilder {
            // SAFETY: as the caller promises.
            stack: unsafe { Stack::new() },
            names,
            by_id,
            source,
            keys,
        }
    }

    fn push(&mut self, value: VALUE) -> Result<(), Infallible> {
        self.stack.push(value);
        Ok(())
    }

    /// Replaces the top `len` values with what `make` makes of them (given in
    /// the order they were pushed). They stay marked until `make` is done.
    fn replace(
        &mut self,
        len: usize,
        make: impl FnOnce(*const VALUE) -> VALUE,
    ) -> Result<(), Infallible> {
        let made = make(self.stack.top(len));
        self.stack.drop_top(len);
        self.push(made)
    }
}

impl<'a> Builder<'a> for RubyBuilder {
    /// Ruby raises (a `longjmp`) instead of returning errors.
    type Error = Infallible;

    fn null(&mut self) -> Result<(), Infallible> {
        self.push(rb_sys::Qnil as VALUE)
    }

    fn bool(&mut self, value: bool) -> Result<(), Infallible> {
        self.push(if value { rb_sys::Qtrue } else { rb_sys::Qfalse } as VALUE)
    }

    /// An integral value with magnitude up to 2^53 (where doubles stop being
    /// exact) becomes an Integer, any other finite value a Float; a number too
    /// large for a double (`1e400`), which the reference prints as `null`,
    /// becomes `nil`, so that `JSON.generate` gives the reference's JSON.
    fn number(&mut self, value: f64) -> Result<(), Infallible> {
        // SAFETY (both): raw C API, as `new` requires.
        let number = if value.fract() == 0.0 && value.abs() <= MAX_EXACT_INTEGER {
            unsafe { rb_sys::rb_ll2inum(value as i64) }
        } else if value.is_finite() {
            unsafe { rb_sys::rb_float_new(value) }
        } else {
            rb_sys::Qnil as VALUE
        };
        self.push(number)
    }

    /// A lone surrogate (`"\ud800"` in the JSON) has no place in a UTF-8
    /// String: it becomes U+FFFD.
    fn string(&mut self, value: &Str<'a>) -> Result<(), Infallible> {
        // SAFETY: raw C API, as `new` requires.
        let string = unsafe { new_utf8(&value.to_str_lossy()) };
        self.push(string)
    }

    /// Ruby would freeze and intern a String key anyway; a repeated key costs
    /// one lookup. Lone surrogates become U+FFFD, as in values.
    fn key(&mut self, key: &Str<'a>) -> Result<(), Infallible> {
        // SAFETY: the text is valid for its length; raw C API, as `new` requires.
        let key = unsafe { interned(&key.to_str_lossy()) };
        self.push(key)
    }

    fn array(&mut self, len: usize) -> Result<(), Infallible> {
        // SAFETY: `items` points to `len` values of the stack, which the new
        // Array copies; raw C API, as `new` requires.
        self.replace(len, |items| unsafe {
            rb_sys::rb_ary_new_from_values(len as c_long, items)
        })
    }

    fn object(&mut self, len: usize) -> Result<(), Infallible> {
        // SAFETY: as in `array`; the keys are frozen Strings, which the Hash
        // takes as they are.
        self.replace(2 * len, |pairs| unsafe {
            let hash = rb_sys::rb_hash_new();
            rb_sys::rb_hash_bulk_insert(2 * len as c_long, pairs, hash);
            hash
        })
    }

    fn name(&mut self, name: Option<BlockName<'a>>, id: usize) -> Result<(), Infallible> {
        let Some(name) = name else {
            return self.push(rb_sys::Qnil as VALUE);
        };
        // SAFETY: raw C API, as `new` requires.
        let known = unsafe { rb_sys::rb_ary_entry(self.names, id as c_long) };
        if known != rb_sys::Qnil as VALUE {
            return self.push(known);
        }
        // SAFETY: as above.
        let string = unsafe { interned(&name.full()) };
        unsafe { rb_sys::rb_ary_store(self.names, id as c_long, string) };
        self.push(string)
    }

    fn html(&mut self, html: Html<'a>) -> Result<(), Infallible> {
        let text = html.text;
        let string = if text.len() <= EMBEDDED_MAX || !html.ends_document {
            // SAFETY: raw C API, as `new` requires.
            unsafe { new_utf8(text) }
        } else {
            // SAFETY: raw C API, as `new` requires. `rb_str_subseq` takes the
            // snapshot's encoding, which may be binary or US-ASCII: set UTF-8.
            unsafe {
                let shared =
                    rb_sys::rb_str_subseq(self.source, html.start as c_long, text.len() as c_long);
                rb_sys::rb_enc_associate_index(shared, rb_sys::rb_utf8_encindex());
                shared
            }
        };
        self.push(string)
    }

    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> Result<(), Infallible> {
        // SAFETY: raw C API, as `new` requires; each piece is valid UTF-8.
        let joined = unsafe {
            let joined = rb_sys::rb_str_buf_new(len as c_long);
            rb_sys::rb_enc_associate_index(joined, rb_sys::rb_utf8_encindex());
            for piece in pieces {
                rb_sys::rb_str_cat(joined, piece.as_ptr().cast(), piece.len() as c_long);
            }
            joined
        };
        self.push(joined)
    }

    fn dup(&mut self, depth: usize) -> Result<(), Infallible> {
        let value = self.stack.peek(depth);
        self.push(value)
    }

    fn leaf(&mut self, id: NodeId, html: Html<'a>) -> Result<(), Infallible> {
        self.array(0)?;
        self.html(html)?;
        let run = self.stack.peek(0);
        // SAFETY: the run is on the stack (marked) while the Array is made;
        // raw C API, as `new` requires.
        let content = unsafe { rb_sys::rb_ary_new_from_values(1, &run) };
        self.push(content)?;
        self.block(id)
    }

    fn block(&mut self, id: NodeId) -> Result<(), Infallible> {
        let (keys, by_id) = (self.keys, self.by_id);
        // SAFETY: `values` points to five values of the stack; the pairs are
        // a local, on the machine stack the GC scans; raw C API, as `new` requires.
        self.replace(5, |values| unsafe {
            let pairs = keys.pairs(std::slice::from_raw_parts(values, 5));
            let hash = rb_sys::rb_hash_new();
            rb_sys::rb_hash_bulk_insert(pairs.len() as c_long, pairs.as_ptr(), hash);
            if by_id != rb_sys::Qnil as VALUE {
                rb_sys::rb_ary_store(by_id, id as c_long, hash);
            }
            hash
        })
    }
}

/// Builds the tree of `prepared` (parsed from `pinned`): the Array of
/// top-level block Hashes. With `by_id` (an Array), also stores every block's
/// Hash there by node id.
pub fn build(
    ruby: &Ruby,
    pinned: &Pinned,
    prepared: &Prepared<'_>,
    by_id: Option<RArray>,
) -> Result<RArray, Error> {
    let names = ruby.ary_new();
    let by_id = by_id.map_or(rb_sys::Qnil as VALUE, |array| array.as_raw());
    let source = pinned.snapshot().as_raw();
    let keys = Keys::get(ruby);
    let mut scratch = Scratch::default();
    let roots = protected(ruby, || {
        // SAFETY: `names` is a local of this function, `pinned` one of the
        // caller's; the builder is a local of this closure.
        let mut builder = unsafe { RubyBuilder::new(names.as_raw(), by_id, source, keys) };
        if let Err(never) = prepared.build(&mut builder, &mut scratch) {
            match never {}
        }
        let roots = builder.stack.peek(0);
        // The stack stays visibly in use until the build is over.
        black_box(builder.stack.object());
        roots
    })?;
    black_box(names);
    // SAFETY: `roots` is a live object: the Array the build returned.
    RArray::from_value(unsafe { magnus::Value::from_raw(roots) })
        .ok_or_else(|| crate::errors::error(ruby, "internal error: the build made no Array"))
}

/// Builds one JSON value (a block's attributes, for `BlockView#attrs`) as
/// `parse` builds attributes.
pub fn build_value(ruby: &Ruby, value: &Value<'_>) -> Result<magnus::Value, Error> {
    let names = ruby.ary_new();
    let keys = Keys::get(ruby);
    let mut scratch = Scratch::default();
    let built = protected(ruby, || {
        // SAFETY: `names` is a local of this function; the builder is a
        // local of this closure; no source is needed for values.
        let mut builder = unsafe {
            RubyBuilder::new(
                names.as_raw(),
                rb_sys::Qnil as VALUE,
                rb_sys::Qnil as VALUE,
                keys,
            )
        };
        if let Err(never) =
            gutenberg_post_parser::build::build_value(value, &mut builder, &mut scratch)
        {
            match never {}
        }
        let built = builder.stack.peek(0);
        black_box(builder.stack.object());
        built
    })?;
    black_box(names);
    // SAFETY: `built` is a live object the build made, still on this stack.
    Ok(unsafe { magnus::Value::from_raw(built) })
}

/// The interned (frozen, deduplicated) UTF-8 String for `text`.
///
/// # Safety
/// Raw C API: call with the GVL held, inside [`crate::protected::protected`].
unsafe fn interned(text: &str) -> VALUE {
    // SAFETY: `text` is valid for `text.len()` bytes.
    unsafe {
        rb_sys::rb_enc_interned_str(
            text.as_ptr().cast(),
            text.len() as c_long,
            rb_sys::rb_utf8_encoding(),
        )
    }
}
