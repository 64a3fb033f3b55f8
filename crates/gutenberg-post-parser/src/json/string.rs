//! JSON strings as JavaScript holds them: UTF-16, which may contain lone
//! surrogates (`"\ud800"`), which `JSON.parse` keeps and `JSON.stringify`
//! writes back as escapes.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A JSON string: text (borrowed from the source when it had no escapes), or,
/// rarely, text with lone UTF-16 surrogates, held as WTF-8 (UTF-8 that also
/// encodes a lone surrogate the way it would encode any code point).
#[derive(Clone)]
pub struct Str<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    Text(Cow<'a, str>),
    /// WTF-8 holding at least one lone surrogate.
    Wtf8(Box<[u8]>),
}

impl<'a> Str<'a> {
    /// A string holding `text`.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Str(Repr::Text(text.into()))
    }

    /// A string from WTF-8 bytes, or `None` when `bytes` are not WTF-8
    /// (invalid UTF-8 other than lone surrogates, or a surrogate pair
    /// encoded as two surrogates).
    pub fn from_wtf8(bytes: Vec<u8>) -> Option<Self> {
        match String::from_utf8(bytes) {
            Ok(text) => Some(Str::new(text)),
            Err(error) => {
                let bytes = error.into_bytes();
                is_wtf8(&bytes).then(|| Str(Repr::Wtf8(bytes.into_boxed_slice())))
            }
        }
    }

    /// The text, unless it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Repr::Text(text) => Some(text),
            Repr::Wtf8(_) => None,
        }
    }

    /// The text, or the string back when it holds a lone surrogate.
    pub fn into_text(self) -> Result<Cow<'a, str>, Self> {
        match self.0 {
            Repr::Text(text) => Ok(text),
            wtf8 => Err(Str(wtf8)),
        }
    }

    /// The text with each lone surrogate replaced by U+FFFD.
    pub fn to_str_lossy(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Text(text) => Cow::Borrowed(text),
            Repr::Wtf8(bytes) => Cow::Owned(lossy(bytes)),
        }
    }

    /// The WTF-8 bytes: the UTF-8 text, lone surrogates encoded as three bytes
    /// each (`ED A0 80` for U+D800).
    pub fn as_wtf8(&self) -> &[u8] {
        match &self.0 {
            Repr::Text(text) => text.as_bytes(),
            Repr::Wtf8(bytes) => bytes,
        }
    }

    /// Whether the string holds no lone surrogate (so [`Str::as_str`] gives it).
    pub fn is_well_formed(&self) -> bool {
        matches!(self.0, Repr::Text(_))
    }

    /// The text borrowed from the source, when it had no escapes.
    pub fn as_borrowed(&self) -> Option<&'a str> {
        match &self.0 {
            Repr::Text(Cow::Borrowed(text)) => Some(text),
            _ => None,
        }
    }

    /// The length in bytes of the WTF-8 form.
    pub fn len(&self) -> usize {
        self.as_wtf8().len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.as_wtf8().is_empty()
    }
}

/// Whether `bytes` are WTF-8: UTF-8 in which a surrogate code point may also
/// appear, but never a high surrogate directly followed by a low one.
fn is_wtf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let mut after_high = false;
    while !rest.is_empty() {
        if let Some(surrogate) = surrogate_at(rest) {
            let high = surrogate < 0xdc00;
            if after_high && !high {
                return false;
            }
            after_high = high;
            rest = &rest[3..];
            continue;
        }
        let valid = match std::str::from_utf8(rest) {
            Ok(_) => rest.len(),
            Err(error) => error.valid_up_to(),
        };
        if valid == 0 {
            return false;
        }
        after_high = false;
        rest = &rest[valid..];
    }
    true
}

/// The surrogate code point encoded at the start of `bytes` (`ED A0..BF xx`).
fn surrogate_at(bytes: &[u8]) -> Option<u32> {
    match *bytes {
        [0xed, second @ 0xa0..=0xbf, third @ 0x80..=0xbf, ..] => {
            Some(0xd000 | (u32::from(second & 0x3f) << 6) | u32::from(third & 0x3f))
        }
        _ => None,
    }
}

/// WTF-8 with each surrogate replaced by U+FFFD.
fn lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for piece in Pieces(bytes) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Surrogate(_) => out.push('\u{fffd}'),
        }
    }
    out
}

/// A run of text or one lone surrogate of a WTF-8 string.
pub(crate) enum Piece<'s> {
    Text(&'s str),
    Surrogate(u32),
}

/// The pieces of WTF-8 bytes, in order.
pub(crate) struct Pieces<'s>(pub &'s [u8]);

impl<'s> Iterator for Pieces<'s> {
    type Item = Piece<'s>;

    fn next(&mut self) -> Option<Piece<'s>> {
        if self.0.is_empty() {
            return None;
        }
        if let Some(surrogate) = surrogate_at(self.0) {
            self.0 = &self.0[3..];
            return Some(Piece::Surrogate(surrogate));
        }
        let valid = match std::str::from_utf8(self.0) {
            Ok(_) => self.0.len(),
            Err(error) => error.valid_up_to(),
        };
        let (text, rest) = self.0.split_at(valid);
        self.0 = rest;
        // SAFETY: `from_utf8` checked these bytes.
        Some(Piece::Text(unsafe { std::str::from_utf8_unchecked(text) }))
    }
}

impl Str<'_> {
    /// The pieces of the string: text runs and lone surrogates.
    pub(crate) fn pieces(&self) -> Pieces<'_> {
        Pieces(self.as_wtf8())
    }
}

impl Default for Str<'_> {
    /// The empty string.
    fn default() -> Self {
        Str::new("")
    }
}

impl PartialEq for Str<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_wtf8() == other.as_wtf8()
    }
}

impl Eq for Str<'_> {}

impl Hash for Str<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_wtf8().hash(state);
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(text: &'a str) -> Self {
        Str::new(text)
    }
}

impl From<String> for Str<'_> {
    fn from(text: String) -> Self {
        Str::new(text)
    }
}

impl<'a> From<Cow<'a, str>> for Str<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        Str::new(text)
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Text(text) => fmt::Debug::fmt(text, f),
            Repr::Wtf8(_) => {
                f.write_str("\"")?;
                for piece in self.pieces() {
                    match piece {
                        Piece::Text(text) => write!(f, "{}", text.escape_debug())?,
                        Piece::Surrogate(code) => write!(f, "\\u{{{code:x}}}")?,
                    }
                }
                f.write_str("\"")
            }
        }
    }
}

/// The text, lone surrogates shown as U+FFFD.
impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_str_lossy())
    }
}

/// Appends the WTF-8 form of a UTF-16 code unit that is a lone surrogate.
pub(crate) fn push_surrogate(out: &mut Vec<u8>, code: u32) {
    debug_assert!((0xd800..0xe000).contains(&code));
    out.extend_from_slice(&[
        0xe0 | (code >> 12) as u8,
        0x80 | ((code >> 6) & 0x3f) as u8,
        0x80 | (code & 0x3f) as u8,
    ]);
}

/// Strings up to this long are scanned byte by byte, longer ones with memchr.
const SHORT_STRING: usize = 24;

/// Where a string's content stops: the first `"`, `\\` or raw control
/// character (below 0x20, which JSON rejects); `None` if the text ends first.
pub(super) fn special(bytes: &[u8]) -> Option<usize> {
    // Most attribute strings are short: 8 bytes at a time, then a plain loop,
    // find their end fastest.
    let head = bytes.len().min(SHORT_STRING);
    let mut at = 0;
    while at + 8 <= head {
        let word = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
        if let Some(found) = first_special(word) {
            return Some(at + found);
        }
        at += 8;
    }
    let short = bytes[at..head]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
    if let Some(found) = short {
        return Some(at + found);
    }
    // Long ones: memchr finds the quote or backslash, then check what precedes it.
    let rest = &bytes[head..];
    let end = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
    match rest[..end].iter().position(|&b| b < 0x20) {
        Some(at) => Some(head + at),
        None => (end < rest.len()).then_some(head + end),
    }
}

/// The first of 8 bytes (little-endian in `word`) that is `"`, `\\` or
/// below 0x20. Each test flags its bytes' high bits exactly up to its first
/// match (a borrow only runs past a match), so the lowest flag is exact.
#[inline]
pub(super) fn first_special(word: u64) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let flags = (quote.wrapping_sub(ONES) & !quote)
        | (backslash.wrapping_sub(ONES) & !backslash)
        | (word.wrapping_sub(ONES * 0x20) & !word);
    let flags = flags & HIGH;
    (flags != 0).then(|| (flags.trailing_zeros() / 8) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_finds_the_first_quote_backslash_or_control_byte() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        };
        let mut rng = crate::test_rng::Rng(7);
        let alphabet = [
            b'a',
            b'"',
            b'\\',
            0x00,
            0x1f,
            0x20,
            0x21,
            0x7f,
            0x80,
            0xa0,
            0xff,
            0x5c - 1,
        ];
        for _ in 0..20_000 {
            let len = rng.below(40);
            let bytes: Vec<u8> = (0..len)
                .map(|_| match rng.below(4) {
                    0 => alphabet[rng.below(alphabet.len())],
                    _ => b'a' + rng.below(26) as u8,
                })
                .collect();
            let expected = naive(&bytes);
            assert_eq!(special(&bytes), expected, "{bytes:?}");
        }
    }

    fn wtf8(pieces: &[Result<&str, u32>]) -> Vec<u8> {
        let mut out = Vec::new();
        for piece in pieces {
            match piece {
                Ok(text) => out.extend_from_slice(text.as_bytes()),
                Err(code) => push_surrogate(&mut out, *code),
            }
        }
        out
    }

    #[test]
    fn lone_surrogates_are_kept() {
        let string = Str::from_wtf8(wtf8(&[Ok("a"), Err(0xd800), Ok("é"), Err(0xdfff)])).unwrap();
        assert!(!string.is_well_formed());
        assert_eq!(string.as_str(), None);
        assert_eq!(string.to_str_lossy(), "a\u{fffd}é\u{fffd}");
        assert_eq!(string.as_wtf8(), b"a\xed\xa0\x80\xc3\xa9\xed\xbf\xbf");
        assert_eq!(format!("{string:?}"), "\"a\\u{d800}é\\u{dfff}\"");
    }

    #[test]
    fn only_wtf8_is_accepted() {
        assert!(Str::from_wtf8(b"plain".to_vec()).unwrap().is_well_formed());
        assert!(Str::from_wtf8(b"\xff".to_vec()).is_none());
        // A high surrogate followed by a low one must be one code point.
        assert!(Str::from_wtf8(wtf8(&[Err(0xd83d), Err(0xde00)])).is_none());
        assert!(Str::from_wtf8(wtf8(&[Err(0xde00), Err(0xd83d)])).is_some());
        assert!(Str::from_wtf8(wtf8(&[Err(0xd83d), Ok("x"), Err(0xde00)])).is_some());
    }
}
