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
///
/// The parsers run over bytes: every boundary they stop at follows an ASCII
/// byte, so the names and attributes they return are sliced from `source` by
/// offset, without the character-boundary checks of parsing a `str`.
fn delimiter<'a>(
    source: &'a str,
    start: usize,
    attrs_end: &mut AttrsEndSearch,
    dialect: Dialect,
) -> IResult<&'a [u8], Parts<'a>, ()> {
    let bytes = source.as_bytes();
    let offset = |rest: &[u8]| bytes.len() - rest.len();
    let input = &bytes[start..];
    let (input, _) = literal(b"<!--")(input)?;
    let (input, _) = space1(source, input, dialect)?;
    let (input, closer) = opt(literal(b"/")).parse(input)?;
    let (input, _) = literal(b"wp:")(input)?;
    let name_start = offset(input);
    let (input, _) = block_name(input)?;
    let name = &source[name_start..offset(input)];
    let (input, _) = space1(source, input, dialect)?;
    let (input, attrs) = if input.first() == Some(&b'{') {
        let brace = offset(input);
        let ws_end = attrs_end
            .find(source, brace + 1)
            .ok_or(nom::Err::Error(()))?;
        (&bytes[ws_end..], Some(&source[brace..ws_end]))
    } else {
        (input, None)
    };
    let (input, void) = opt(literal(b"/")).parse(input)?;
    let (input, _) = literal(b"-->")(input)?;
    Ok((input, (closer.is_some(), name, attrs, void.is_some())))
}

/// Matches the bytes `text`: nom's `tag` as one fixed-length comparison
/// (`tag` compares byte by byte, which was a third of a delimiter's cost).
#[inline]
fn literal<const N: usize>(text: &'static [u8; N]) -> impl Fn(&[u8]) -> IResult<&[u8], &[u8], ()> {
    move |input: &[u8]| match input.split_first_chunk::<N>() {
        Some((head, rest)) if head == text => Ok((rest, text)),
        _ => Err(nom::Err::Error(())),
    }
}

/// One or more whitespace characters of `dialect` at the start of `input`,
/// the rest of `source` after an ASCII byte.
#[inline]
fn space1<'a>(source: &str, input: &'a [u8], dialect: Dialect) -> IResult<&'a [u8], usize, ()> {
    // Fast path: the single space almost every delimiter uses.
    if let [b' ', next, ..] = input {
        if *next > b' ' && *next < 0x80 {
            return Ok((&input[1..], 1));
        }
    }
    let rest = &source[source.len() - input.len()..];
    let len = match dialect {
        Dialect::Js => whitespace::leading_len(rest),
        Dialect::Php => whitespace::php_leading_len(rest),
    };
    match len {
        0 => Err(nom::Err::Error(())),
        n => Ok((&input[n..], n)),
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
    match bytes.split_first() {
        Some((first, rest)) if first.is_ascii_lowercase() => {
            1 + rest
                .iter()
                .position(|&b| !NAME_BYTE[usize::from(b)])
                .unwrap_or(rest.len())
        }
        _ => 0,
    }
}

/// `namespace/name` or `name`, each part `[a-z][a-z0-9_-]*`.
#[inline]
fn block_name(input: &[u8]) -> IResult<&[u8], &[u8], ()> {
    let first = name_segment_len(input);
    if first == 0 {
        return Err(nom::Err::Error(()));
    }
    let mut len = first;
    if input.get(first) == Some(&b'/') {
        // With no name after the slash, the first segment is the name and the
        // slash makes the delimiter fail where whitespace is required.
        let second = name_segment_len(&input[first + 1..]);
        if second > 0 {
            len = first + 1 + second;
        }
    }
    Ok((&input[len..], &input[..len]))
}

/// Whether `name` is a block name as a delimiter writes it: `namespace/name`
/// or `name`, each part `[a-z][a-z0-9_-]*`.
pub(crate) fn is_block_name(name: &str) -> bool {
    matches!(block_name(name.as_bytes()), Ok(([], _)))
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
