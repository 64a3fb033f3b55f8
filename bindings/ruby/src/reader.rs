//! `GutenbergPostParser.serialize`: Ruby's readers for the core's
//! `serialize`, and the errors users get for values of the wrong shape.
//!
//! Accepted: block Hashes with String or Symbol keys (`"blockName"` and
//! `"innerContent"` required, `"attrs"` defaulting to `{}` and `"innerBlocks"`
//! to `[]`; `"innerHTML"` is not read, as `innerContent` holds the same HTML);
//! attribute values `nil`, `true`, `false`, Integer, Float, String, Symbol
//! (written as its name), Array, and Hash with String or Symbol keys.
//!
//! The GC is held off throughout ([`NoGc`]) and no Ruby code runs, so strings
//! are borrowed, not copied, and Hashes are read by iterating them (a lookup
//! may call `eql?`).

use gutenberg_post_parser::json::Str;
use gutenberg_post_parser::read::{
    serialize_host, Field, Host, Invalid, Problem, Reader, Required,
};
use magnus::r_hash::ForEach;
use magnus::rb_sys::AsRawValue;
use magnus::{prelude::*, Error, Float, Integer, RArray, RHash, RString, Ruby, Symbol, TryConvert};
use rb_sys::VALUE;

use crate::no_gc::NoGc;
use crate::{errors, text};

/// `GutenbergPostParser.serialize(blocks)`: block markup for an Array of blocks.
pub fn serialize(ruby: &Ruby, blocks: magnus::Value) -> Result<RString, Error> {
    let list = RArray::from_value(blocks).ok_or_else(|| {
        errors::type_error(
            ruby,
            format!(
                "blocks must be an Array of block Hashes, not {}",
                errors::class_name(blocks)
            ),
        )
    })?;
    let required = Required {
        attrs: false,
        inner_blocks: false,
    };
    let markup = {
        let _no_gc = NoGc::new();
        // SAFETY: the GC is off and no Ruby code runs until the markup is made.
        let roots = unsafe { list.as_slice() }.to_vec();
        serialize_host(&mut RubyReader { ruby }, roots, required)
    };
    markup
        .map(|markup| ruby.str_new(&markup))
        .map_err(|error| error.into_host(|invalid| invalid_error(ruby, invalid)))
}

/// Reads Ruby values while the GC is off and no Ruby code runs.
pub(crate) struct RubyReader<'x> {
    pub(crate) ruby: &'x Ruby,
}

impl<'r> Reader<'r> for RubyReader<'_> {
    type Value = magnus::Value;
    type Error = Error;

    fn read(&mut self, value: &magnus::Value) -> Result<Host<'r, magnus::Value>, Error> {
        let value = *value;
        let raw = value.as_raw();
        Ok(if value.is_nil() {
            Host::Null
        } else if raw == rb_sys::Qtrue as VALUE {
            Host::Bool(true)
        } else if raw == rb_sys::Qfalse as VALUE {
            Host::Bool(false)
        } else if Integer::from_value(value).is_some() {
            Host::Number(f64::try_convert(value)?)
        } else if let Some(float) = Float::from_value(value) {
            Host::Number(float.to_f64())
        } else if let Some(string) = RString::from_value(value) {
            // SAFETY: the GC is off and no Ruby code runs while the walk borrows it.
            Host::String(Str::new(unsafe {
                text::borrow(self.ruby, string, "string")
            }?))
        } else if let Some(symbol) = Symbol::from_value(value) {
            Host::String(Str::new(symbol.name()?))
        } else if let Some(array) = RArray::from_value(value) {
            // SAFETY: the Array cannot change while no Ruby code runs.
            let items = unsafe { array.as_slice() }.to_vec();
            Host::List {
                id: raw as usize,
                items,
            }
        } else if let Some(hash) = RHash::from_value(value) {
            let mut entries = Vec::with_capacity(hash.len());
            hash.foreach(|key: magnus::Value, item: magnus::Value| {
                entries.push((key, item));
                Ok(ForEach::Continue)
            })?;
            Host::Map {
                id: raw as usize,
                entries,
            }
        } else {
            Host::Other
        })
    }

    fn type_name(&mut self, value: &magnus::Value) -> String {
        errors::class_name(*value)
    }
}

/// The Ruby exception for a block value of the wrong shape: `TypeError`
/// for a value of the wrong type, `KeyError` for a missing key,
/// `GutenbergPostParser::Error` for the rest.
pub(crate) fn invalid_error(ruby: &Ruby, invalid: Invalid) -> Error {
    let Invalid {
        block,
        path,
        problem,
    } = invalid;
    let at = format!(" (block {block}, at blocks{path})");
    let type_error = |message: String| errors::type_error(ruby, message + &at);
    match problem {
        Problem::NotABlock { found } => type_error(format!("each block must be a Hash, not {found}")),
        Problem::Missing(field) => Error::new(
            ruby.exception_key_error(),
            format!("block Hash has no {:?} key{at}", field.key()),
        ),
        Problem::WrongType { field, found } => {
            let expected = match field {
                Field::BlockName => "a String or nil",
                Field::Attrs => "a Hash or nil",
                Field::InnerBlocks | Field::InnerContent => "an Array",
            };
            type_error(format!("{} must be {expected}, not {found}", field.key()))
        }
        Problem::ContentEntry { found } => {
            type_error(format!("innerContent entries must be Strings or nil, not {found}"))
        }
        Problem::AttrsKey { found } => {
            type_error(format!("attrs keys must be Strings or Symbols, not {found}"))
        }
        Problem::AttrsValue { found } => type_error(format!(
            "attrs can hold nil, true, false, numbers, Strings, Symbols, Arrays and Hashes, not {found}"
        )),
        Problem::Placeholders { nulls, blocks } => errors::error(
            ruby,
            format!("innerContent has {nulls} nil placeholder(s) for {blocks} innerBlocks{at}"),
        ),
        Problem::BlockCycle => errors::error(ruby, format!("a block is nested inside itself{at}")),
        Problem::AttrsCycle => {
            errors::error(ruby, format!("attrs contain an Array or Hash inside itself{at}"))
        }
        Problem::LoneSurrogate(field) => {
            errors::error(ruby, format!("{} cannot hold a lone surrogate{at}", field.key()))
        }
        Problem::InvalidName(name) => errors::error(
            ruby,
            format!(
                "invalid blockName {name:?}: expected [namespace/]name, each part a lowercase \
                 letter followed by lowercase letters, digits, - or _{at}"
            ),
        ),
    }
}
