//! `GutenbergPostParser.each_block`: every block Hash, depth-first, with its
//! depth and, on request, its byte offsets in the document.

use std::ops::Range;

use gutenberg_post_parser::BlockRef;
use magnus::{prelude::*, Error, RClass, RModule, Ruby, Value};

use crate::input::Pinned;
use crate::{builder, parsed};

/// Yields `(block, depth)`, or `(block, depth, offsets)` when `with_offsets`, for
/// every block in document order (parents before their inner blocks). Each
/// `block` is a Hash of the same tree that `parse` returns. The Enumerator form
/// (no block given) is made in Ruby, in `lib/gutenberg_post_parser.rb`.
pub fn each_block_native(
    ruby: &Ruby,
    document: Value,
    with_offsets: bool,
    max_output_bytes: Option<u64>,
) -> Result<(), Error> {
    let pinned = Pinned::new(ruby, document)?;
    let prepared = parsed::parse_without_gvl(ruby, &pinned, max_output_bytes)?;
    let by_id = ruby.ary_new_capa(prepared.document().node_count());
    builder::build(ruby, &pinned, &prepared, Some(by_id))?;
    let offsets_class: Option<RClass> = if with_offsets {
        let module: RModule = ruby.class_object().const_get("GutenbergPostParser")?;
        Some(module.const_get("Offsets")?)
    } else {
        None
    };
    for (block, depth) in prepared.document().walk() {
        let hash: Value = by_id.entry(block.id() as isize)?;
        match offsets_class {
            None => ruby.yield_values::<_, Value>((hash, depth))?,
            Some(class) => {
                let offsets = offsets(ruby, class, block)?;
                ruby.yield_values::<_, Value>((hash, depth, offsets))?
            }
        };
    }
    Ok(())
}

/// A `GutenbergPostParser::Offsets` for `block`: byte ranges of the whole block,
/// its opening delimiter and its closing delimiter (`nil` when absent).
fn offsets(ruby: &Ruby, class: RClass, block: BlockRef<'_, '_>) -> Result<Value, Error> {
    let range = |span: Range<usize>| ruby.range_new(span.start, span.end, true);
    let opener = block.opener_span().map(range).transpose()?;
    let closer = block.closer_span().map(range).transpose()?;
    class.new_instance((range(block.span())?, opener, closer))
}
