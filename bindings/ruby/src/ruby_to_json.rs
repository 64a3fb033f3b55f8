//! Ruby attribute values to JSON values, iteratively, for `serialize`.
//!
//! Accepted: `nil`, `true`, `false`, Integer, Float, String, Symbol (written as
//! its name), Array, and Hash with String or Symbol keys. Anything else raises
//! `TypeError`; an Array or Hash inside itself raises `GutenbergPostParser::Error`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::mem;

use gutenberg_post_parser::json::{Array, Value};
use magnus::r_hash::ForEach;
use magnus::rb_sys::AsRawValue;
use magnus::{prelude::*, Error, Float, Integer, RArray, RHash, RString, Ruby, Symbol, TryConvert};
use rb_sys::VALUE;

use crate::{errors, text};

/// A Ruby Array or Hash being converted.
struct Frame<'r> {
    /// The Ruby object, to notice one nested inside itself.
    source: VALUE,
    /// The keys, for a Hash.
    keys: Option<Vec<Cow<'r, str>>>,
    /// The items (or Hash values) to convert.
    pending: Vec<magnus::Value>,
    /// How many of `pending` are converted.
    next: usize,
    /// The converted items (or Hash values).
    done: Vec<Value<'r>>,
}

/// A converted scalar, or a container to fill.
enum Start<'r> {
    Done(Value<'r>),
    Open(Frame<'r>),
}

/// Converts `value` and everything inside it, depth-first with an explicit stack.
/// Strings are borrowed, not copied.
///
/// # Safety
/// Hold a [`crate::no_gc::NoGc`] and run no Ruby code for `'r`: `Frame`s keep
/// Ruby objects in Rust memory, and the result borrows Ruby strings.
pub unsafe fn convert<'r>(ruby: &Ruby, value: magnus::Value) -> Result<Value<'r>, Error> {
    // SAFETY (both calls): as the caller promises.
    let mut frame = match unsafe { start(ruby, value) }? {
        Start::Done(value) => return Ok(value),
        Start::Open(frame) => frame,
    };
    let mut open = HashSet::from([frame.source]);
    let mut parents: Vec<Frame<'r>> = Vec::new();
    loop {
        if let Some(&item) = frame.pending.get(frame.next) {
            frame.next += 1;
            match unsafe { start(ruby, item) }? {
                Start::Done(value) => frame.done.push(value),
                Start::Open(child) => {
                    if !open.insert(child.source) {
                        return Err(errors::error(
                            ruby,
                            "attrs contain an Array or Hash inside itself",
                        ));
                    }
                    parents.push(mem::replace(&mut frame, child));
                }
            }
            continue;
        }
        open.remove(&frame.source);
        let value = frame.finish();
        match parents.pop() {
            Some(parent) => {
                frame = parent;
                frame.done.push(value);
            }
            None => return Ok(value),
        }
    }
}

/// Converts a scalar, or opens an Array or Hash.
unsafe fn start<'r>(ruby: &Ruby, value: magnus::Value) -> Result<Start<'r>, Error> {
    let raw = value.as_raw();
    let scalar = if value.is_nil() {
        Value::Null
    } else if raw == rb_sys::Qtrue as VALUE {
        Value::Bool(true)
    } else if raw == rb_sys::Qfalse as VALUE {
        Value::Bool(false)
    } else if Integer::from_value(value).is_some() {
        Value::Number(f64::try_convert(value)?)
    } else if let Some(float) = Float::from_value(value) {
        Value::Number(float.to_f64())
    } else if let Some(string) = RString::from_value(value) {
        // SAFETY: as `convert`'s caller promises.
        Value::String(Cow::Borrowed(unsafe {
            text::borrow(ruby, string, "attrs string")
        }?))
    } else if let Some(symbol) = Symbol::from_value(value) {
        Value::String(symbol.name()?)
    } else if let Some(array) = RArray::from_value(value) {
        // SAFETY: the Array cannot change while no Ruby code runs.
        let items = unsafe { array.as_slice() };
        return Ok(Start::Open(Frame {
            source: raw,
            keys: None,
            pending: items.to_vec(),
            next: 0,
            done: Vec::with_capacity(items.len()),
        }));
    } else if let Some(hash) = RHash::from_value(value) {
        let mut entries = Vec::with_capacity(hash.len());
        hash.foreach(|key: magnus::Value, item: magnus::Value| {
            entries.push((key, item));
            Ok(ForEach::Continue)
        })?;
        let mut keys = Vec::with_capacity(entries.len());
        let mut pending = Vec::with_capacity(entries.len());
        for (key, item) in entries {
            // SAFETY: as `convert`'s caller promises.
            keys.push(unsafe { key_text(ruby, key) }?);
            pending.push(item);
        }
        return Ok(Start::Open(Frame {
            source: raw,
            keys: Some(keys),
            done: Vec::with_capacity(pending.len()),
            pending,
            next: 0,
        }));
    } else {
        return Err(errors::type_error(
            ruby,
            format!(
                "attrs can hold nil, true, false, numbers, Strings, Symbols, Arrays and Hashes, not {}",
                errors::class_name(value)
            ),
        ));
    };
    Ok(Start::Done(scalar))
}

/// The text of a Hash key: a String or a Symbol.
unsafe fn key_text<'r>(ruby: &Ruby, key: magnus::Value) -> Result<Cow<'r, str>, Error> {
    if let Some(string) = RString::from_value(key) {
        // SAFETY: as `convert`'s caller promises.
        return Ok(Cow::Borrowed(unsafe {
            text::borrow(ruby, string, "attrs key")
        }?));
    }
    if let Some(symbol) = Symbol::from_value(key) {
        return symbol.name();
    }
    Err(errors::type_error(
        ruby,
        format!(
            "attrs keys must be Strings or Symbols, not {}",
            errors::class_name(key)
        ),
    ))
}

impl<'r> Frame<'r> {
    /// The finished Array or object (keys in JavaScript's order, as `JSON.parse`
    /// would give them).
    fn finish(self) -> Value<'r> {
        match self.keys {
            None => Value::Array(Array::from_vec(self.done)),
            Some(keys) => Value::Object(keys.into_iter().zip(self.done).collect()),
        }
    }
}
