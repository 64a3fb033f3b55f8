//! The native half of the `gutenberg_post_parser` gem.
//!
//! Ruby loads this library as `gutenberg_post_parser/gutenberg_post_parser_ruby`;
//! `lib/gutenberg_post_parser.rb` requires it and adds the pure-Ruby parts.
//!
//! `parse` and `each_block` follow the same plan:
//! 1. pin the document string (`input`) and let the core parse it and decode
//!    its attributes with the GVL released (`gvl`, `parsed`), touching no Ruby
//!    object;
//! 2. take the GVL back and let the core build the Ruby objects through this
//!    crate's constructors (`builder`), under one `rb_protect` (`protected`) so
//!    that no Ruby exception jumps over Rust frames that own memory.
//!
//! `serialize` lets the core read the caller's Hashes through `reader`, with
//! the GC held off (`no_gc`).

mod builder;
mod document;
mod each_block;
mod errors;
mod gvl;
mod input;
mod keys;
mod no_gc;
mod parsed;
mod protected;
mod reader;
mod stack;
mod text;

use magnus::{function, prelude::*, Error, RArray, Ruby, Value};

/// `GutenbergPostParser.parse(document, max_output_bytes:)`, whose keyword
/// the Ruby side turns into the second argument: the reference's Array of
/// block Hashes.
fn parse_native(
    ruby: &Ruby,
    document: Value,
    max_output_bytes: Option<u64>,
) -> Result<RArray, Error> {
    let pinned = input::Pinned::new(ruby, document)?;
    let prepared = parsed::parse_without_gvl(ruby, &pinned, max_output_bytes)?;
    builder::build(ruby, &pinned, &prepared, None)
}

/// Defines `GutenbergPostParser` and its native methods.
#[magnus::init(name = "gutenberg_post_parser_ruby")]
fn init(ruby: &Ruby) -> Result<(), Error> {
    let module = ruby.define_module("GutenbergPostParser")?;
    errors::define(ruby, module)?;
    document::define(ruby, module)?;
    module.const_set("NATIVE_VERSION", env!("CARGO_PKG_VERSION"))?;
    module.const_set(
        "DEFAULT_MAX_OUTPUT_BYTES",
        gutenberg_post_parser::limits::DEFAULT_MAX_OUTPUT_BYTES,
    )?;
    module.define_singleton_method("parse_native", function!(parse_native, 2))?;
    module.define_singleton_method(
        "each_block_native",
        function!(each_block::each_block_native, 3),
    )?;
    module.define_singleton_method("serialize", function!(reader::serialize, 1))?;
    Ok(())
}
