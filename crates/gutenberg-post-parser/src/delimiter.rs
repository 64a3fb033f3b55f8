//! The block delimiter grammar: finds `<!-- wp:… -->` comments in a document.
//!
//! This mirrors the reference tokenizer, a global regular expression searched
//! left to right: at each `<!--` it tries the grammar below, and on failure moves
//! on to the next `<!--`.
//!
//! ```text
//! <!-- \s+ /? wp: (ns/)? name \s+ ( { … } \s+ )? /? -->
//! ```
//!
//! `\s` is the dialect's whitespace (see [`crate::whitespace`]); `ns` and `name` are
//! `[a-z][a-z0-9_-]*`. The attribute group runs from `{` to the first `}` that is
//! followed by whitespace, an optional `/` and `-->`, whatever lies between; its
//! text (trailing whitespace included) is what the reference hands to `JSON.parse`.

use std::sync::LazyLock;

use memchr::memmem::Finder;
use nom::bytes::complete::tag;
use nom::combinator::opt;
use nom::{IResult, Parser};

use crate::whitespace;
use crate::Dialect;

/// What a delimiter does to the block structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `<!-- wp:name -->`: opens a block.
    Opener,
    /// `<!-- /wp:name -->`: closes the innermost open block, whatever its name.
    Closer,
    /// `<!-- wp:name /-->`: a block with no content.
    Void,
}

/// One delimiter found in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// Opener, closer or void.
    pub kind: TokenKind,
    /// The block name as written, `namespace/name` or just `name`.
    pub name: &'a str,
    /// The attribute group as the reference captures it (`{…}` plus trailing whitespace).
    pub attrs: Option<&'a str>,
    /// Byte offset of `<!--`.
    pub start: usize,
    /// Byte offset just past `-->`.
    pub end: usize,
}

/// The searchers for `<!--` and `-->`, made once: making one costs about as
/// much as parsing a small post.
static COMMENT_START: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"<!--"));
static COMMENT_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"-->"));

/// Iterates over the delimiters of a document, in order.
pub struct Tokenizer<'a> {
    source: &'a str,
    position: usize,
    comment_start: &'static Finder<'static>,
    attrs_end: AttrsEndSearch,
    dialect: Dialect,
}

impl<'a> Tokenizer<'a> {
    /// A tokenizer of the JavaScript dialect positioned at the start of `source`.
    pub fn new(source: &'a str) -> Self {
        Self::with_dialect(source, Dialect::Js)
    }

    /// A tokenizer of `dialect` positioned at the start of `source`.
    pub fn with_dialect(source: &'a str, dialect: Dialect) -> Self {
        Tokenizer {
            source,
            position: 0,
            comment_start: &COMMENT_START,
            attrs_end: AttrsEndSearch::new(dialect),
            dialect,
        }
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let source = self.source;
        loop {
            let found = self
                .comment_start
                .find(&source.as_bytes()[self.position..])?;
            let start = self.position + found;
            let attrs_end = &mut self.attrs_end;
            let attempt = delimiter(source, start, attrs_end, self.dialect);
            match attempt {
                Ok((rest, (closer, name, attrs, void))) => {
                    let end = source.len() - rest.len();
                    self.position = end;
                    let kind = if void {
                        TokenKind::Void
                    } else if closer {
                        TokenKind::Closer
                    } else {
                        TokenKind::Opener
                    };
                    return Some(Token {
                        kind,
                        name,
                        attrs,
                        start,
                        end,
                    });
                }
                // `<` is ASCII, so the next byte starts a character.
                Err(_) => self.position = start + 1,
            }
        }
    }
}

type Parts<'a> = (bool, &'a str, Option<&'a str>, bool);

/// Matches one delimiter at `source[start..]`, which begins with `<!--`.
fn delimiter<'a>(
    source: &'a str,
    start: usize,
    attrs_end: &mut AttrsEndSearch,
    dialect: Dialect,
) -> IResult<&'a str, Parts<'a>, ()> {
    let input = &source[start..];
    let (input, _) = tag("<!--").parse(input)?;
    let (input, _) = space1(input, dialect)?;
    let (input, closer) = opt(tag("/")).parse(input)?;
    let (input, _) = tag("wp:").parse(input)?;
    let (input, name) = block_name(input)?;
    let (input, _) = space1(input, dialect)?;
    let (input, attrs) = if input.starts_with('{') {
        let brace = source.len() - input.len();
        let ws_end = attrs_end
            .find(source, brace + 1)
            .ok_or(nom::Err::Error(()))?;
        (&source[ws_end..], Some(&source[brace..ws_end]))
    } else {
        (input, None)
    };
    let (input, void) = opt(tag("/")).parse(input)?;
    let (input, _) = tag("-->").parse(input)?;
    Ok((input, (closer.is_some(), name, attrs, void.is_some())))
}

/// One or more whitespace characters of `dialect`.
#[inline]
fn space1(input: &str, dialect: Dialect) -> IResult<&str, &str, ()> {
    let bytes = input.as_bytes();
    // Fast path: the single space almost every delimiter uses.
    if bytes.first() == Some(&b' ') && bytes.get(1).is_some_and(|&b| b > b' ' && b < 0x80) {
        return Ok((&input[1..], &input[..1]));
    }
    let len = match dialect {
        Dialect::Js => whitespace::leading_len(input),
        Dialect::Php => whitespace::php_leading_len(input),
    };
    match len {
        0 => Err(nom::Err::Error(())),
        n => Ok((&input[n..], &input[..n])),
    }
}

/// Bytes allowed after the first character of a name segment: `[a-z0-9_-]`.
const NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-';
        byte += 1;
    }
    table
};

/// Length of `[a-z][a-z0-9_-]*` at the start of `bytes`, 0 when there is none.
#[inline]
fn name_segment_len(bytes: &[u8]) -> usize {
    if !bytes.first().is_some_and(u8::is_ascii_lowercase) {
        return 0;
    }
    let mut len = 1;
    while len < bytes.len() && NAME_BYTE[usize::from(bytes[len])] {
        len += 1;
    }
    len
}

/// `namespace/name` or `name`, each part `[a-z][a-z0-9_-]*`.
#[inline]
fn block_name(input: &str) -> IResult<&str, &str, ()> {
    let bytes = input.as_bytes();
    let first = name_segment_len(bytes);
    if first == 0 {
        return Err(nom::Err::Error(()));
    }
    let mut len = first;
    if bytes.get(first) == Some(&b'/') {
        // With no name after the slash, the first segment is the name and the
        // slash makes the delimiter fail where whitespace is required.
        let second = name_segment_len(&bytes[first + 1..]);
        if second > 0 {
            len = first + 1 + second;
        }
    }
    // Name characters are ASCII, so `len` is a character boundary.
    Ok((&input[len..], &input[..len]))
}

/// Whether `name` is a block name as a delimiter writes it: `namespace/name`
/// or `name`, each part `[a-z][a-z0-9_-]*`.
pub(crate) fn is_block_name(name: &str) -> bool {
    matches!(block_name(name), Ok(("", _)))
}

/// Finds where an attribute group ends: the first `}` at or after a given offset
/// that is followed by whitespace, an optional `/` and `-->`.
///
/// Remembers its last answer: a later search from an offset that the last search
/// already covered has the same answer, which keeps documents full of unterminated
/// `{` linear instead of quadratic.
struct AttrsEndSearch {
    comment_end: &'static Finder<'static>,
    last: Option<(usize, Option<(usize, usize)>)>,
    dialect: Dialect,
}

impl AttrsEndSearch {
    fn new(dialect: Dialect) -> Self {
        AttrsEndSearch {
            comment_end: &COMMENT_END,
            last: None,
            dialect,
        }
    }

    /// The offset just past the whitespace that follows the closing `}`.
    fn find(&mut self, source: &str, from: usize) -> Option<usize> {
        if let Some((searched_from, answer)) = self.last {
            let still_first = match answer {
                None => true,
                Some((brace, _)) => from <= brace,
            };
            if from >= searched_from && still_first {
                return answer.map(|(_, ws_end)| ws_end);
            }
        }
        let answer = self.search(source, from);
        self.last = Some((from, answer));
        answer.map(|(_, ws_end)| ws_end)
    }

    /// Returns the offsets of the closing `}` and of the end of its whitespace.
    fn search(&self, source: &str, from: usize) -> Option<(usize, usize)> {
        let bytes = source.as_bytes();
        let mut at = from;
        loop {
            let dashes = at + self.comment_end.find(&bytes[at..])?;
            let ws_end = if dashes > 0 && bytes[dashes - 1] == b'/' {
                dashes - 1
            } else {
                dashes
            };
            let ws = match self.dialect {
                Dialect::Js => whitespace::trailing_len(&source[..ws_end]),
                Dialect::Php => whitespace::php_trailing_len(&source[..ws_end]),
            };
            if ws > 0 {
                let after_brace = ws_end - ws;
                if after_brace > from && bytes[after_brace - 1] == b'}' {
                    return Some((after_brace - 1, ws_end));
                }
            }
            at = dashes + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(source: &str) -> Vec<(TokenKind, &str, Option<&str>, usize, usize)> {
        Tokenizer::new(source)
            .map(|t| (t.kind, t.name, t.attrs, t.start, t.end))
            .collect()
    }

    #[test]
    fn recognises_the_three_kinds() {
        let doc = "<!-- wp:a --><!-- /wp:a --><!-- wp:ns/b {\"x\":1} /-->";
        assert_eq!(
            tokens(doc),
            vec![
                (TokenKind::Opener, "a", None, 0, 13),
                (TokenKind::Closer, "a", None, 13, 27),
                (TokenKind::Void, "ns/b", Some("{\"x\":1} "), 27, doc.len()),
            ]
        );
    }

    #[test]
    fn attrs_end_at_first_brace_followed_by_the_comment_end() {
        let doc = "<!-- wp:a {\"s\":\"} -->\"} -->";
        assert_eq!(tokens(doc)[0].2, Some("{\"s\":\"} "));
        let nested = "<!-- wp:a {\"o\":{\"p\":1}}\t-->";
        assert_eq!(tokens(nested)[0].2, Some("{\"o\":{\"p\":1}}\t"));
    }

    #[test]
    fn rejects_what_the_grammar_rejects() {
        for doc in [
            "<!--wp:a -->",
            "<!-- wp:a-->",
            "<!-- wp:A -->",
            "<!-- wp:1a -->",
            "<!-- wp:a/b/c -->",
            "<!-- wp:a {\"x\":1}-->",
            "<!-- wp:a { -->",
        ] {
            assert!(tokens(doc).is_empty(), "{doc}");
        }
    }

    #[test]
    fn php_delimiters_take_ascii_whitespace_only() {
        let php = |source| Tokenizer::with_dialect(source, Dialect::Php).count();
        assert_eq!(php("<!--\u{b}wp:a\u{c}/-->"), 1);
        assert_eq!(php("<!--\u{a0}wp:a /-->"), 0);
        assert_eq!(php("<!-- wp:a {\"x\":1}\u{2028}/-->"), 0);
        assert_eq!(tokens("<!--\u{a0}wp:a /-->").len(), 1);
    }

    #[test]
    fn unterminated_attrs_do_not_hide_later_delimiters() {
        let doc = "<!-- wp:a {\"x\" <!-- wp:b /-->";
        assert_eq!(
            tokens(doc),
            vec![(TokenKind::Void, "b", None, 15, doc.len())]
        );
    }
}
