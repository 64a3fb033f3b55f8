//! The work done without the GVL: parsing and decoding every block's attributes.

use gutenberg_post_parser::build::Prepared;
use magnus::{Error, Ruby};

use crate::input::Pinned;
use crate::{gvl, text};

/// Parses the pinned document with the GVL released, touching no Ruby object.
/// Raises `GutenbergPostParser::Error` when its bytes are not UTF-8.
pub fn parse_without_gvl<'p>(ruby: &Ruby, pinned: &'p Pinned) -> Result<Prepared<'p>, Error> {
    let bytes = pinned.bytes();
    gvl::without_gvl(ruby, || {
        gutenberg_post_parser::parse_bytes(bytes).map(Prepared::new)
    })?
    .map_err(|error| text::invalid_utf8(ruby, "document", error))
}
