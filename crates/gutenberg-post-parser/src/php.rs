//! Documents as PHP holds them: bytes that need not be UTF-8.
//!
//! `WP_Block_Parser` works on bytes, so a post with invalid UTF-8 still parses
//! there. The parser here works on `str`; [`Source`] bridges the two without
//! changing a single offset. Each byte of an invalid UTF-8 sequence is replaced
//! by [`PLACEHOLDER`], a control byte that plays the same part as any byte
//! outside ASCII does in PHP's grammar: it is not whitespace, not a name
//! character, matches anything inside an attribute group, and makes the
//! attributes `null` (a control character in a JSON string, or a syntax error
//! outside one, where PHP's `json_decode` refuses the invalid byte). So the
//! tree is the one PHP builds, and every slice of it maps back to the input's
//! own bytes ([`Source::original`]).

use std::borrow::Cow;

use crate::{Dialect, Document};

/// What stands for each byte of an invalid UTF-8 sequence in [`Source::text`].
pub const PLACEHOLDER: u8 = 0x01;

/// A PHP string ready to parse: the bytes, and text with the same offsets.
#[derive(Clone, Debug)]
pub struct Source<'a> {
    bytes: &'a [u8],
    text: Cow<'a, str>,
}

impl<'a> Source<'a> {
    /// Wraps `bytes`; copies them only when they are not UTF-8.
    pub fn new(bytes: &'a [u8]) -> Self {
        // The SIMD check: std's takes about a sixth of the time the PHP
        // extension spends on a large post.
        let text = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(replace_invalid(bytes)),
        };
        Source { bytes, text }
    }

    /// The input's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The text the parser reads: the input when it is UTF-8, otherwise the
    /// input with each invalid byte replaced by [`PLACEHOLDER`] (same length,
    /// same offsets).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the input is UTF-8 (then [`Source::text`] is the input).
    pub fn is_utf8(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }

    /// Parses the text as `WP_Block_Parser` does ([`Dialect::Php`]).
    pub fn parse(&self) -> Document<'_> {
        crate::parse_with(&self.text, Dialect::Php)
    }

    /// The input's bytes under `slice`, a slice of [`Source::text`] (an HTML
    /// run, a name, attribute text, or the text of a document parsed from it).
    ///
    /// # Panics
    /// When `slice` does not lie within [`Source::text`].
    pub fn original(&self, slice: &str) -> &'a [u8] {
        let start = (slice.as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|start| start + slice.len() <= self.text.len())
            .expect("a slice of this source's text");
        &self.bytes[start..start + slice.len()]
    }
}

/// `bytes` with each byte of every invalid UTF-8 sequence replaced.
fn replace_invalid(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for _ in chunk.invalid() {
            text.push(char::from(PLACEHOLDER));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_keep_their_offsets_and_come_back() {
        let bytes = b"\xff<!-- wp:a -->\x00\xfe\xc3\xa9<!-- /wp:a -->\xed\xa0\x80";
        let source = Source::new(bytes);
        assert!(!source.is_utf8());
        assert_eq!(source.text().len(), bytes.len());
        let document = source.parse();
        let html: Vec<&[u8]> = document
            .blocks()
            .map(|block| source.original(&block.inner_html()))
            .collect();
        assert_eq!(html, [&b"\xff"[..], b"\x00\xfe\xc3\xa9", b"\xed\xa0\x80"]);
    }

    #[test]
    fn invalid_bytes_inside_attributes_make_them_null() {
        let source = Source::new(b"<!-- wp:a {\"a\":\"\xff\"} /-->");
        let document = source.parse();
        let block = document.blocks().next().unwrap();
        assert_eq!(block.attrs_json(), Some("{\"a\":\"\u{1}\"} "));
        assert_eq!(block.php_attrs(), None);
    }

    #[test]
    fn invalid_bytes_are_not_whitespace() {
        let source = Source::new(b"<!--\xa0wp:a /-->");
        assert!(source.parse().blocks().next().unwrap().is_freeform());
    }

    #[test]
    fn utf8_input_is_borrowed() {
        let bytes = "<!-- wp:a /-->é".as_bytes();
        let source = Source::new(bytes);
        assert!(source.is_utf8());
        assert_eq!(source.text().as_ptr(), bytes.as_ptr());
    }
}
