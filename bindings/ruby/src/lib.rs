//! The native half of the `gutenberg_post_parser` gem.
//!
//! Ruby loads this library as `gutenberg_post_parser/gutenberg_post_parser_ruby`;
//! `lib/gutenberg_post_parser.rb` requires it and adds the pure-Ruby parts.
//!
//! `parse` and `each_block` follow the same plan:
//! 1. pin the document string (`input`) and parse it with the GVL released
//!    (`gvl`, `parsed`), touching no Ruby object;
//! 2. take the GVL back and build Ruby objects from the borrowed tree, bottom-up
//!    and without recursion (`tree_to_ruby`, `json_to_ruby`), under one
//!    `rb_protect` (`protected`) so that no Ruby exception jumps over Rust
//!    frames.
//!
//! `serialize` reads the caller's Hashes into the core's `Block` tree with the
//! GC held off (`no_gc`, `ruby_to_blocks`, `ruby_to_json`) and lets the
//! core write the markup.

mod each_block;
mod errors;
mod gvl;
mod input;
mod json_to_ruby;
mod keys;
mod no_gc;
mod parsed;
mod protected;
mod ruby_to_blocks;
mod ruby_to_json;
mod text;
mod tree_to_ruby;

use magnus::{function, prelude::*, Error, RArray, Ruby, Value};

/// `GutenbergPostParser.parse(document)`: the reference's Array of block Hashes.
fn parse(ruby: &Ruby, document: Value) -> Result<RArray, Error> {
    let pinned = input::Pinned::new(ruby, document)?;
    let parsed = parsed::parse_without_gvl(ruby, &pinned)?;
    let built = tree_to_ruby::build(ruby, &pinned, &parsed)?;
    Ok(built.roots)
}

/// Defines `GutenbergPostParser` and its native methods.
#[magnus::init(name = "gutenberg_post_parser_ruby")]
fn init(ruby: &Ruby) -> Result<(), Error> {
    let module = ruby.define_module("GutenbergPostParser")?;
    errors::define(ruby, module)?;
    module.const_set("NATIVE_VERSION", env!("CARGO_PKG_VERSION"))?;
    module.define_singleton_method("parse", function!(parse, 1))?;
    module.define_singleton_method(
        "each_block_native",
        function!(each_block::each_block_native, 2),
    )?;
    module.define_singleton_method("serialize", function!(ruby_to_blocks::serialize, 1))?;
    Ok(())
}
