//! JSON with PHP's semantics: what `json_decode($text, true)` returns.
//!
//! WordPress's `WP_Block_Parser` decodes block attributes with
//! `json_decode($text, true)`; the PHP dialect must give the same values. The
//! rules, each measured against PHP 8.2 (`fixtures/reference/php/DIALECT.md`):
//! integers that fit int64 stay integers, numeric-string keys become integer
//! keys, keys keep insertion order, and some texts `JSON.parse` accepts are null.
//!
//! Nothing here recurses, dropping included.

use std::borrow::Cow;
use std::collections::HashMap;

use super::events::{recycled, run, Grammar};
use super::open::OpenStack;
use super::string::special;
use super::Str;

/// A value as PHP's `json_decode($text, true)` returns it. Strings borrow from
/// the text unless they held escapes. Dropping never recurses (so match a value
/// by reference: it implements `Drop`); the derived `Debug` and `PartialEq` do,
/// which decoded values, at most 511 deep, allow.
#[derive(Debug, PartialEq)]
pub enum PhpValue<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer literal (no fraction, no exponent) that fits in int64; `-0` is 0.
    Int(i64),
    /// Any other number, correctly rounded: `1.0`, `1E2`, integers beyond int64,
    /// `INF` / `-INF` on overflow, `-0.0` kept.
    Float(f64),
    /// A string: valid UTF-8 (never a lone surrogate), possibly holding NUL.
    String(Str<'a>),
    /// A JSON array: a PHP array keyed 0, 1, 2, ...
    List(Vec<PhpValue<'a>>),
    /// A JSON object: a PHP array in PHP's order, each key once (at its first
    /// position, with its last value), numeric-string keys already integers.
    Map(Vec<(PhpKey<'a>, PhpValue<'a>)>),
}

/// A PHP array key made from a JSON object key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PhpKey<'a> {
    /// A key that is the canonical decimal form of an int64 (`"7"`, `"-7"`;
    /// not `"07"`, `"-0"`, `" 7"` or `"9223372036854775808"`).
    Int(i64),
    /// Any other key: valid UTF-8, like every string.
    String(Str<'a>),
}

/// `json_decode`'s default depth, 512, admits 511 nested arrays and objects.
const MAX_DEPTH: usize = 511;

/// Past this many entries, duplicate keys are found with a hash map, not a scan.
const SCAN_LIMIT: usize = 16;

/// Decodes `text` as `json_decode($text, true)` does; `None` where PHP returns
/// null: invalid JSON, invalid UTF-8 anywhere, an unpaired surrogate escape, or
/// more than 511 nested levels. The JSON `null` itself is `Some(PhpValue::Null)`.
pub fn parse_php(text: &[u8]) -> Option<PhpValue<'_>> {
    // Outside strings any non-ASCII byte is a syntax error, inside them PHP
    // requires valid UTF-8: checking the whole text once covers both.
    let text = std::str::from_utf8(text).ok()?;
    Parser { text, at: 0 }.document()
}

/// A container whose closing bracket has not been reached.
enum Open<'a> {
    List(Vec<PhpValue<'a>>),
    Map(MapBuilder<'a>, PhpKey<'a>),
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    /// The byte at the cursor, `None` at the end.
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// JSON whitespace only: space, tab, LF, CR (not VT or FF).
    fn skip_whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The whole text as one value, followed by nothing but whitespace.
    fn document(mut self) -> Option<PhpValue<'a>> {
        let mut stack = OpenStack::new();
        'value: loop {
            self.skip_whitespace();
            // Parse one value, or open a container and go parse its first member.
            let mut done = match self.peek()? {
                open @ (b'[' | b'{') => {
                    // An empty container is a level too.
                    if stack.len() >= MAX_DEPTH {
                        return None;
                    }
                    self.at += 1;
                    self.skip_whitespace();
                    if open == b'[' {
                        if self.peek() == Some(b']') {
                            self.at += 1;
                            PhpValue::List(Vec::new())
                        } else {
                            stack.push(Open::List(Vec::new()));
                            continue 'value;
                        }
                    } else if self.peek() == Some(b'}') {
                        self.at += 1;
                        PhpValue::Map(Vec::new())
                    } else {
                        let key = self.key()?;
                        stack.push(Open::Map(MapBuilder::default(), key));
                        continue 'value;
                    }
                }
                b'"' => PhpValue::String(Str::new(self.string()?)),
                b't' => self.literal("true", PhpValue::Bool(true))?,
                b'f' => self.literal("false", PhpValue::Bool(false))?,
                b'n' => self.literal("null", PhpValue::Null)?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return None,
            };
            // Hand the finished value to its container; close containers that end.
            loop {
                self.skip_whitespace();
                match stack.last_mut() {
                    None => return (self.at == self.text.len()).then_some(done),
                    Some(Open::List(items)) => {
                        items.push(done);
                        match self.peek()? {
                            b',' => {
                                self.at += 1;
                                continue 'value;
                            }
                            b']' => {
                                self.at += 1;
                                let Some(Open::List(items)) = stack.pop() else {
                                    unreachable!("the top of the stack is a list")
                                };
                                done = PhpValue::List(items);
                            }
                            _ => return None,
                        }
                    }
                    Some(Open::Map(builder, key)) => {
                        builder.insert(std::mem::replace(key, PhpKey::Int(0)), done);
                        match self.peek()? {
                            b',' => {
                                self.at += 1;
                                self.skip_whitespace();
                                *key = self.key()?;
                                continue 'value;
                            }
                            b'}' => {
                                self.at += 1;
                                let Some(Open::Map(builder, _)) = stack.pop() else {
                                    unreachable!("the top of the stack is a map")
                                };
                                done = PhpValue::Map(builder.entries);
                            }
                            _ => return None,
                        }
                    }
                }
            }
        }
    }

    /// `"key" :`, leaving the parser at the value.
    fn key(&mut self) -> Option<PhpKey<'a>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let key = self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return None;
        }
        self.at += 1;
        Some(match int_key(&key) {
            Some(index) => PhpKey::Int(index),
            None => PhpKey::String(Str::new(key)),
        })
    }

    /// `true`, `false` or `null`, lowercase only.
    fn literal(&mut self, word: &str, value: PhpValue<'a>) -> Option<PhpValue<'a>> {
        self.text[self.at..].starts_with(word).then(|| {
            self.at += word.len();
            value
        })
    }

    /// `true`, `false` or `null` as an [`Event`].
    fn word(&mut self, word: &str, event: Event<'a>) -> Option<Event<'a>> {
        self.text[self.at..].starts_with(word).then(|| {
            self.at += word.len();
            event
        })
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`: an `Int` when it
    /// has neither fraction nor exponent and fits int64, else a `Float`.
    fn number(&mut self) -> Option<PhpValue<'a>> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let negative = bytes[start] == b'-';
        let mut at = start + usize::from(negative);
        // The magnitude of the integer part, while it fits in a u64.
        let mut magnitude: Option<u64> = Some(0);
        match bytes.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                while let Some(digit @ b'0'..=b'9') = bytes.get(at) {
                    magnitude = magnitude
                        .and_then(|m| m.checked_mul(10))
                        .and_then(|m| m.checked_add(u64::from(digit - b'0')));
                    at += 1;
                }
            }
            _ => return None,
        }
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        let mut integer = true;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if !digits(&mut at) {
                return None;
            }
            integer = false;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if !digits(&mut at) {
                return None;
            }
            integer = false;
        }
        self.at = at;
        if integer {
            let fits = magnitude.and_then(|m| {
                if negative {
                    // Down to -2^63, whose magnitude is i64::MAX + 1.
                    (m <= i64::MAX as u64 + 1).then(|| (m as i64).wrapping_neg())
                } else {
                    i64::try_from(m).ok()
                }
            });
            if let Some(value) = fits {
                return Some(PhpValue::Int(value));
            }
        }
        // Rust's float parsing rounds correctly and overflows to infinity, as
        // PHP's zend_strtod does.
        self.text[start..at].parse().ok().map(PhpValue::Float)
    }

    /// A string literal; borrowed when it has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        self.at += 1;
        let start = self.at;
        let end = start + special(&bytes[start..])?;
        if bytes[end] < 0x20 {
            return None;
        }
        self.at = end;
        if bytes[end] == b'"' {
            self.at += 1;
            return Some(Cow::Borrowed(&self.text[start..end]));
        }
        let mut owned = String::from(&self.text[start..end]);
        loop {
            match bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    self.at += 1;
                    self.escape(&mut owned)?;
                }
                _ => {
                    let run = self.at;
                    let end = run + special(&bytes[run..])?;
                    if bytes[end] < 0x20 {
                        return None;
                    }
                    owned.push_str(&self.text[run..end]);
                    self.at = end;
                }
            }
        }
    }

    /// One escape sequence, after its backslash: `\" \\ \/ \b \f \n \r \t \uXXXX`.
    fn escape(&mut self, out: &mut String) -> Option<()> {
        let letter = self.peek()?;
        self.at += 1;
        let c = match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return None,
        };
        out.push(c);
        Some(())
    }

    /// `\uXXXX`; a surrogate must be a high one directly followed by a `\u` low one.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        match first {
            0xd800..=0xdbff => {
                if !self.text[self.at..].starts_with("\\u") {
                    return None;
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return None;
                }
                char::from_u32(0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00))
            }
            0xdc00..=0xdfff => None,
            _ => char::from_u32(first),
        }
    }

    /// Four hex digits, either case.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

/// One step of a decoded value, in the order a host's builder takes them
/// ([`crate::build::build_php_attrs`]): scalars and keys as they come, each
/// container after its items.
pub(crate) enum Event<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Str<'a>),
    Key(PhpKey<'a>),
    /// Closes a list of this many items.
    List(usize),
    /// Closes a map of this many entries.
    Map(usize),
}

/// The most keys an object may have for [`PhpEvents`] (each new key is
/// compared with the ones before it).
const EVENT_KEYS: usize = 32;

/// An attribute group decoded as `json_decode($text, true)` into a flat list
/// of events instead of a tree of values (no allocation per container):
/// the quick path for hosts that build their own values. Reusable.
pub struct PhpEvents<'a> {
    events: Vec<Event<'a>>,
    /// Open containers: whether a map, and how many members so far.
    open: Vec<(bool, usize)>,
    /// The keys of the open maps, outermost first: a [`fingerprint`] of
    /// each, and where it is in `events`.
    keys: Vec<(u64, usize)>,
    /// Where each open map's keys start in `keys`.
    key_starts: Vec<usize>,
}

impl Default for PhpEvents<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> PhpEvents<'a> {
    /// Empty working memory (nothing allocated yet).
    pub const fn new() -> Self {
        PhpEvents {
            events: Vec::new(),
            open: Vec::new(),
            keys: Vec::new(),
            key_starts: Vec::new(),
        }
    }

    /// Decodes `text`; false where this quick path does not apply: where
    /// `json_decode` returns null (invalid JSON, a lone surrogate, 512 and
    /// more levels), and where an object repeats a key or has more than
    /// [`EVENT_KEYS`] keys. Placeholders of invalid UTF-8
    /// ([`crate::php::PLACEHOLDER`]) are control characters: never valid.
    pub(crate) fn parse(&mut self, text: &'a str) -> bool {
        self.events.clear();
        self.keys.clear();
        self.key_starts.clear();
        let mut grammar = PhpGrammar {
            parser: Parser { text, at: 0 },
            events: &mut self.events,
            keys: &mut self.keys,
            key_starts: &mut self.key_starts,
        };
        run(&mut grammar, &mut self.open).is_some()
    }

    /// The same working memory for texts of another lifetime, emptied: a
    /// host keeps it between calls, so that small texts allocate nothing.
    pub fn recycle<'b>(self) -> PhpEvents<'b> {
        PhpEvents {
            events: recycled(self.events),
            open: self.open,
            keys: self.keys,
            key_starts: self.key_starts,
        }
    }

    /// How many events it has room for.
    pub fn capacity(&self) -> usize {
        self.events.capacity()
    }

    /// The events of the last successful [`PhpEvents::parse`], taken out.
    pub(crate) fn drain(&mut self) -> std::vec::Drain<'_, Event<'a>> {
        self.events.drain(..)
    }
}

/// [`PhpEvents`] reading one text: the cursor, and the lists it fills.
struct PhpGrammar<'e, 'a> {
    parser: Parser<'a>,
    events: &'e mut Vec<Event<'a>>,
    keys: &'e mut Vec<(u64, usize)>,
    key_starts: &'e mut Vec<usize>,
}

impl<'a> Grammar for PhpGrammar<'_, 'a> {
    fn cursor(&self) -> (&str, usize) {
        (self.parser.text, self.parser.at)
    }

    fn cursor_mut(&mut self) -> &mut usize {
        &mut self.parser.at
    }

    fn enter(&mut self, depth: usize) -> Option<()> {
        (depth < MAX_DEPTH).then_some(())
    }

    fn open_object(&mut self) {
        self.key_starts.push(self.keys.len());
    }

    /// A map's next key, refused when the map already has it.
    fn key(&mut self) -> Option<()> {
        let key = self.parser.key()?;
        let print = fingerprint(&key);
        let seen = &self.keys[*self.key_starts.last()?..];
        let repeated = seen.iter().any(|&(known, at)| {
            known == print && matches!(&self.events[at], Event::Key(known) if *known == key)
        });
        if repeated || seen.len() >= EVENT_KEYS {
            return None;
        }
        self.keys.push((print, self.events.len()));
        self.events.push(Event::Key(key));
        Some(())
    }

    fn scalar(&mut self, first: u8) -> Option<()> {
        let parser = &mut self.parser;
        let event = match first {
            b'"' => Event::String(Str::new(parser.string()?)),
            b't' => parser.word("true", Event::Bool(true))?,
            b'f' => parser.word("false", Event::Bool(false))?,
            b'n' => parser.word("null", Event::Null)?,
            b'-' | b'0'..=b'9' => match parser.number()? {
                PhpValue::Int(number) => Event::Int(number),
                PhpValue::Float(number) => Event::Float(number),
                _ => return None,
            },
            _ => return None,
        };
        self.events.push(event);
        Some(())
    }

    fn close(&mut self, object: bool, len: usize) -> Option<()> {
        if object && len > 0 {
            // Opened with its keys (`open_object`): forget them.
            let start = self.key_starts.pop()?;
            self.keys.truncate(start);
        }
        self.events.push(if object {
            Event::Map(len)
        } else {
            Event::List(len)
        });
        Some(())
    }
}

/// Equal for equal keys, and rarely for different ones: the length and up to
/// 8 bytes from each end, so that most keys are told apart without comparing
/// their text.
fn fingerprint(key: &PhpKey<'_>) -> u64 {
    let bytes = match key {
        PhpKey::Int(index) => return *index as u64,
        PhpKey::String(text) => text.as_wtf8(),
    };
    let (head, tail) = ends(bytes);
    head ^ tail.rotate_left(23) ^ bytes.len() as u64
}

/// Up to 8 bytes from each end of `bytes`, as numbers (fixed-size loads: a
/// copy of a variable length would call `memcpy`).
fn ends(bytes: &[u8]) -> (u64, u64) {
    let len = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    match len {
        8.. => (word(0), word(len - 8)),
        4.. => (half(0), half(len - 4)),
        1.. => (
            u64::from(bytes[0]) | u64::from(bytes[len / 2]) << 8 | u64::from(bytes[len - 1]) << 16,
            0,
        ),
        0 => (0, 0),
    }
}

/// The integer PHP makes of a string key: only the canonical decimal form of
/// an int64, `-?(0|[1-9][0-9]*)` in range, and not `-0`.
fn int_key(key: &str) -> Option<i64> {
    let bytes = key.as_bytes();
    let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
    match digits {
        [b'0'] if digits.len() == bytes.len() => Some(0),
        [b'1'..=b'9', rest @ ..] if rest.len() < 19 && rest.iter().all(u8::is_ascii_digit) => {
            key.parse().ok()
        }
        _ => None,
    }
}

/// Collects a map's entries as PHP's array does: a repeated key keeps its
/// first position and takes the last value.
#[derive(Default)]
struct MapBuilder<'a> {
    entries: Vec<(PhpKey<'a>, PhpValue<'a>)>,
    /// Position of each key, built once the map gets large. Boxed on purpose
    /// (measured 3-5% faster): most maps never need it, and the builder moves
    /// on every push and pop of the stack.
    #[allow(clippy::box_collection)]
    positions: Option<Box<HashMap<PhpKey<'a>, usize>>>,
}

impl<'a> MapBuilder<'a> {
    fn insert(&mut self, key: PhpKey<'a>, value: PhpValue<'a>) {
        let found = match &self.positions {
            Some(positions) => positions.get(&key).copied(),
            None => self.entries.iter().position(|(k, _)| *k == key),
        };
        if let Some(at) = found {
            self.entries[at].1 = value;
            return;
        }
        if let Some(positions) = &mut self.positions {
            positions.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        if self.positions.is_none() && self.entries.len() > SCAN_LIMIT {
            let positions = self
                .entries
                .iter()
                .enumerate()
                .map(|(at, (k, _))| (k.clone(), at))
                .collect();
            self.positions = Some(Box::new(positions));
        }
    }
}

/// Whether dropping `value` could recurse.
fn is_container(value: &PhpValue<'_>) -> bool {
    matches!(value, PhpValue::List(_) | PhpValue::Map(_))
}

impl Drop for PhpValue<'_> {
    /// Empties nested containers onto a heap stack so that drop never recurses.
    fn drop(&mut self) {
        let mut pending = match self {
            PhpValue::List(items) if items.iter().any(is_container) => std::mem::take(items),
            PhpValue::Map(entries) if entries.iter().any(|(_, v)| is_container(v)) => {
                entries.drain(..).map(|(_, v)| v).collect()
            }
            _ => return,
        };
        while let Some(mut value) = pending.pop() {
            match &mut value {
                PhpValue::List(items) => pending.append(items),
                PhpValue::Map(entries) => pending.extend(entries.drain(..).map(|(_, v)| v)),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map<'a>(entries: Vec<(PhpKey<'a>, PhpValue<'a>)>) -> PhpValue<'a> {
        PhpValue::Map(entries)
    }

    fn s(text: &str) -> PhpKey<'_> {
        PhpKey::String(Str::new(text))
    }

    #[test]
    fn integers_stay_integers_while_they_fit() {
        let value = parse_php(
            br#"[0, -0, 9223372036854775807, -9223372036854775808, 9223372036854775808, -9223372036854775809, 1.0, -0.0, 1E2, 1e400, -1e400, 0.1e-400]"#,
        );
        let expected = PhpValue::List(vec![
            PhpValue::Int(0),
            PhpValue::Int(0),
            PhpValue::Int(i64::MAX),
            PhpValue::Int(i64::MIN),
            PhpValue::Float(9_223_372_036_854_775_808.0),
            PhpValue::Float(-9_223_372_036_854_775_808.0),
            PhpValue::Float(1.0),
            PhpValue::Float(-0.0),
            PhpValue::Float(100.0),
            PhpValue::Float(f64::INFINITY),
            PhpValue::Float(f64::NEG_INFINITY),
            PhpValue::Float(0.0),
        ]);
        assert_eq!(value, Some(expected));
        let value = parse_php(b"[-0.0]");
        let Some(PhpValue::List(items)) = &value else {
            panic!()
        };
        assert!(matches!(items[0], PhpValue::Float(f) if f.is_sign_negative()));
    }

    #[test]
    fn numeric_string_keys_become_integers() {
        for (key, expected) in [
            ("0", Some(0)),
            ("7", Some(7)),
            ("-7", Some(-7)),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None),
            ("-9223372036854775809", None),
            ("-0", None),
            ("07", None),
            (" 7", None),
            ("7 ", None),
            ("+7", None),
            ("", None),
            ("-", None),
        ] {
            assert_eq!(int_key(key), expected, "{key:?}");
        }
    }

    #[test]
    fn duplicates_keep_first_position_and_last_value() {
        let text = br#"{"b":1,"2":2,"a":3,"02":4,"b":5,"2":{"x":[]}}"#;
        let expected = map(vec![
            (s("b"), PhpValue::Int(5)),
            (
                PhpKey::Int(2),
                map(vec![(s("x"), PhpValue::List(Vec::new()))]),
            ),
            (s("a"), PhpValue::Int(3)),
            (s("02"), PhpValue::Int(4)),
        ]);
        assert_eq!(parse_php(text), Some(expected));
        let many: String = (0..100).map(|i| format!("\"k{}\":{i},", i % 40)).collect();
        let text = format!("{{{many}\"k3\":-1}}");
        let value = parse_php(text.as_bytes());
        let Some(PhpValue::Map(entries)) = &value else {
            panic!()
        };
        assert_eq!(entries.len(), 40);
        assert_eq!(entries[3], (s("k3"), PhpValue::Int(-1)));
        assert_eq!(entries[39], (s("k39"), PhpValue::Int(79)));
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let value = parse_php(r#"["plain é", "caf\u00e9", "\ud83d\ude00\/"]"#.as_bytes());
        let Some(PhpValue::List(items)) = &value else {
            panic!()
        };
        assert!(matches!(&items[0], PhpValue::String(s) if s.as_borrowed().is_some()));
        assert_eq!(items[1], PhpValue::String(Str::new("café")));
        assert_eq!(items[2], PhpValue::String(Str::new("😀/")));
    }

    #[test]
    fn null_where_php_returns_null() {
        for text in [
            &b"{"[..],
            b"",
            b"{\"a\":1,}",
            b"[01]",
            b"[1.]",
            b"[.5]",
            b"[+1]",
            b"[TRUE]",
            b"[\"\t\"]",
            b"[\"\\x41\"]",
            b"[\"\\ud800\"]",
            b"[\"\\udc00\"]",
            b"[\"\\ud800\\u0041\"]",
            b"[\"\xff\"]",
            b"[\"\xed\xa0\x80\"]",
            b"{\"a\":1}\x0b",
            b"{\"a\":1}\x00",
            b"[1] 2",
        ] {
            assert_eq!(parse_php(text), None, "{:?}", String::from_utf8_lossy(text));
        }
        assert_eq!(parse_php(b" null "), Some(PhpValue::Null));
    }

    #[test]
    fn at_most_511_levels() {
        let nested = |levels: usize| "[".repeat(levels) + &"]".repeat(levels);
        assert!(parse_php(nested(511).as_bytes()).is_some());
        assert!(parse_php(nested(512).as_bytes()).is_none());
        assert!(parse_php(nested(100_000).as_bytes()).is_none());
    }

    #[test]
    fn deep_values_drop_without_overflow() {
        let mut value = PhpValue::Null;
        for i in 0..1_000_000 {
            value = if i % 2 == 0 {
                PhpValue::List(vec![value])
            } else {
                PhpValue::Map(vec![(PhpKey::Int(0), value)])
            };
        }
        drop(value);
    }
}
