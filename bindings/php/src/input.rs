//! A PHP string as the core parses it: bytes that need not be UTF-8, read
//! through the core's `php::Source` (the PHP dialect), so that a document with
//! invalid UTF-8 parses as `WP_Block_Parser` parses it, and every string of
//! the result is the input's own bytes.

use gutenberg_post_parser::php::Source;
use gutenberg_post_parser::Document;

/// The document's bytes, and text with the same offsets for the core.
pub struct Input<'a> {
    source: Source<'a>,
}

impl<'a> Input<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Input {
            source: Source::new(bytes),
        }
    }

    /// The parsed document (PHP dialect).
    pub fn parse(&self) -> Document<'_> {
        self.source.parse()
    }

    /// The input's bytes for `slice`, a slice of the parsed text.
    #[inline]
    pub fn bytes(&self, slice: &str) -> &'a [u8] {
        self.source.original(slice)
    }
}
