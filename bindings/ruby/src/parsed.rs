//! The work done without the GVL: parsing, checking the size of the result and
//! decoding every block's attributes.

use gutenberg_post_parser::build::Prepared;
use gutenberg_post_parser::limits::{Limits, Sharing};
use magnus::{Error, Ruby};

use crate::input::Pinned;
use crate::{errors, gvl, text};

/// What the Ruby tree shares: one String for a single run, and the document's
/// buffer for a run that ends it and is longer than an embedded String
/// (see `builder`).
const SHARING: Sharing = Sharing {
    document_tail_from: Some(24),
    ..Sharing::TREE
};

/// Parses the pinned document with the GVL released, touching no Ruby object.
/// Raises `GutenbergPostParser::Error` when its bytes are not UTF-8, and
/// `GutenbergPostParser::ExpansionLimitError` when its tree would hold more
/// text than `max_output_bytes` allows (`None` or 0: no limit).
pub fn parse_without_gvl<'p>(
    ruby: &Ruby,
    pinned: &'p Pinned,
    max_output_bytes: Option<u64>,
) -> Result<Prepared<'p>, Error> {
    let bytes = pinned.bytes();
    let limits = Limits { max_output_bytes };
    let parsed = gvl::without_gvl(ruby, || {
        gutenberg_post_parser::parse_bytes(bytes)
            .map(|document| Prepared::new(document, &limits, SHARING))
    })?;
    parsed
        .map_err(|error| text::invalid_utf8(ruby, "document", error))?
        .map_err(|limit| errors::expansion_limit(ruby, limit))
}
