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
static COMMENT_START: LazyLock<CommentStart> = LazyLock::new(CommentStart::new);
static COMMENT_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"-->"));

/// Finds `<!--`, the search a delimiter starts with.
struct CommentStart {
    any: Finder<'static>,
    /// memchr's AVX2 searcher, when the CPU has AVX2, called without the
    /// generic searcher's dispatch and prefilter bookkeeping (a ninth of a
    /// borrowed parse of moby-dick).
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::packedpair::Finder>,
}

impl CommentStart {
    fn new() -> Self {
        CommentStart {
            any: Finder::new(b"<!--"),
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::packedpair::Finder::new(b"<!--"),
        }
    }

    /// Offset of the first `<!--` in `haystack`.
    #[inline]
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = &self.avx2 {
            if haystack.len() >= avx2.min_haystack_len() {
                return avx2.find(haystack, b"<!--");
            }
        }
        self.any.find(haystack)
    }
}

/// Iterates over the delimiters of a document, in order.
pub struct Tokenizer<'a> {
    source: &'a str,
    position: usize,
    comment_start: &'static CommentStart,
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

    /// Small enough to inline into the tree builder's loop, which most
    /// delimiters then never leave: only those `common_delimiter` does not
    /// take go through the whole grammar.
    #[inline]
    fn next(&mut self) -> Option<Token<'a>> {
        let start = self.next_comment_start()?;
        match self.common_delimiter(start) {
            Some(token) => {
                self.position = token.end;
                Some(token)
            }
            None => self.next_by_grammar(start),
        }
    }
}

impl<'a> Tokenizer<'a> {
    /// Offset of the first `<!--` at or after the current position.
    #[inline]
    fn next_comment_start(&self) -> Option<usize> {
        let rest = &self.source.as_bytes()[self.position..];
        Some(self.position + self.comment_start.find(rest)?)
    }

    /// The delimiters most documents are made of, matched at the `<!--` at
    /// `start` without the general grammar: `<!-- wp:name -->`,
    /// `<!-- /wp:name -->`, `<!-- wp:name /-->`, and the same with attributes
    /// after the name, each space a single one. `None` means "try the
    /// grammar", not "no delimiter": what this accepts, the grammar accepts
    /// the same way, since a single space followed by a byte that is not
    /// whitespace is a whole whitespace run in either dialect.
    #[inline]
    fn common_delimiter(&mut self, start: usize) -> Option<Token<'a>> {
        let source = self.source;
        let bytes = source.as_bytes();
        let (closer, name_start) = match bytes.get(start + 4..start + 9)? {
            [b' ', b'w', b'p', b':', _] => (false, start + 8),
            [b' ', b'/', b'w', b'p', b':'] => (true, start + 9),
            _ => return None,
        };
        let name_len = block_name_len(&bytes[name_start..]);
        if name_len == 0 {
            return None;
        }
        let name_end = name_start + name_len;
        let (attrs, void, end) = match bytes.get(name_end..name_end + 5) {
            Some([b' ', b'-', b'-', b'>', _]) => (None, false, name_end + 4),
            Some([b' ', b'/', b'-', b'-', b'>']) => (None, true, name_end + 5),
            Some([b' ', b'{', ..]) => {
                // The search stops where `/-->` or `-->` starts (ASCII, so a
                // character boundary).
                let ws_end = self.attrs_end.find(source, name_end + 2)?;
                let void = bytes[ws_end] == b'/';
                let attrs = &source[name_end + 1..ws_end];
                (Some(attrs), void, ws_end + 3 + usize::from(void))
            }
            // The shortest ending, ` -->`, as the document's last bytes.
            None if bytes.get(name_end..) == Some(b" -->") => (None, false, name_end + 4),
            _ => return None,
        };
        // SAFETY: `block_name_len` took only ASCII bytes, so the name is
        // UTF-8 (slicing the `str` would check both ends for character
        // boundaries).
        let name = unsafe { std::str::from_utf8_unchecked(&bytes[name_start..name_end]) };
        Some(Token {
            kind: token_kind(closer, void),
            name,
            attrs,
            start,
            end,
        })
    }

    /// The next delimiter from the `<!--` at `start` on, with the whole grammar.
    #[inline(never)]
    fn next_by_grammar(&mut self, mut start: usize) -> Option<Token<'a>> {
        let source = self.source;
        loop {
            match delimiter(source, start, &mut self.attrs_end, self.dialect) {
                Ok((rest, (closer, name, attrs, void))) => {
                    let end = source.len() - rest.len();
                    self.position = end;
                    return Some(Token {
                        kind: token_kind(closer, void),
                        name,
                        attrs,
                        start,
                        end,
                    });
                }
                // `<` is ASCII, so the next byte starts a character.
                Err(_) => {
                    self.position = start + 1;
                    start = self.next_comment_start()?;
                }
            }
        }
    }
}

/// The kind of a delimiter with or without the closer's `/` and the void `/`.
#[inline]
fn token_kind(closer: bool, void: bool) -> TokenKind {
    if void {
        TokenKind::Void
    } else if closer {
        TokenKind::Closer
    } else {
        TokenKind::Opener
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
    match block_name_len(input) {
        0 => Err(nom::Err::Error(())),
        len => Ok((&input[len..], &input[..len])),
    }
}

/// Length of the block name at the start of `input`, 0 when there is none.
#[inline]
fn block_name_len(input: &[u8]) -> usize {
    let first = name_segment_len(input);
    if first == 0 || input.get(first) != Some(&b'/') {
        return first;
    }
    // With no name after the slash, the first segment is the name and the
    // slash makes the delimiter fail where whitespace is required.
    match name_segment_len(&input[first + 1..]) {
        0 => first,
        second => first + 1 + second,
    }
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
    fn common_delimiters_are_what_the_grammar_makes_of_them() {
        let mut common_taken = 0;
        for lead in ["", " ", "  ", "\t", " \u{a0}"] {
            for closer in ["", "/"] {
                for name in ["a", "paragraph", "core/", "core/x", "A", "a_b-9", ""] {
                    for gap in [
                        "",
                        " ",
                        "  ",
                        "\n",
                        " {} ",
                        " {}",
                        "\t{} ",
                        " {\"a\":\"} -->\"}\n",
                    ] {
                        for end in ["-->", "/-->", "->", "-->x", "/--> "] {
                            let text = format!("<!--{lead}{closer}wp:{name}{gap}{end}");
                            for dialect in [Dialect::Js, Dialect::Php] {
                                let mut search = AttrsEndSearch::new(dialect);
                                let grammar = delimiter(&text, 0, &mut search, dialect).ok().map(
                                    |(rest, (closer, name, attrs, void))| Token {
                                        kind: token_kind(closer, void),
                                        name,
                                        attrs,
                                        start: 0,
                                        end: text.len() - rest.len(),
                                    },
                                );
                                let mut tokenizer = Tokenizer::with_dialect(&text, dialect);
                                if let Some(common) = tokenizer.common_delimiter(0) {
                                    common_taken += 1;
                                    assert_eq!(Some(common), grammar, "{text:?}");
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(common_taken >= 80, "only {common_taken} common delimiters");
    }

    #[test]
    fn comment_start_finds_what_memmem_finds() {
        let generic = Finder::new(b"<!--");
        let mut checked = 0;
        for len in 0..100 {
            for fill in [b'x', b'<', b'!', b'-'] {
                for at in 0..len {
                    for piece in [&b"<!--"[..], b"<!-", b"<!-<!--", b"-<!--"] {
                        let mut haystack = vec![fill; len];
                        let end = (at + piece.len()).min(len);
                        haystack[at..end].copy_from_slice(&piece[..end - at]);
                        assert_eq!(
                            COMMENT_START.find(&haystack),
                            generic.find(&haystack),
                            "{:?}",
                            String::from_utf8_lossy(&haystack)
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 70_000);
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
