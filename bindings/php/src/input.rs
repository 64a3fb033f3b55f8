//! A PHP string as the core parses it.
//!
//! PHP strings are bytes and need not be UTF-8; `WP_Block_Parser` parses any
//! of them. The core's PHP dialect reads such bytes through its
//! `php::Source`; until this binding is built against it, input must be
//! UTF-8 (anything else raises `GutenbergPostParser\Exception`).

use gutenberg_post_parser::Document;

/// The document's bytes, as text for the core.
pub struct Input<'a> {
    text: &'a str,
}

/// The input cannot be parsed yet.
pub struct NotUtf8(pub usize);

impl<'a> Input<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<Self, NotUtf8> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Input { text }),
            Err(error) => Err(NotUtf8(error.valid_up_to())),
        }
    }

    /// The parsed document.
    pub fn parse(&self) -> Document<'a> {
        gutenberg_post_parser::parse(self.text)
    }

    /// The input's bytes for `slice`, a slice of the parsed text.
    #[inline]
    pub fn bytes<'s>(&'s self, slice: &'s str) -> &'s [u8] {
        slice.as_bytes()
    }

    /// `$offset` as WordPress's parser leaves it.
    pub fn consumed_end(_document: &Document<'_>) -> usize {
        0
    }
}
