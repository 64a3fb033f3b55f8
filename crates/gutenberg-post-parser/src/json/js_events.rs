//! Attributes as `JSON.parse` reads them, as a flat list of events instead of
//! a tree of values: the quick path for a JavaScript host that builds its own
//! objects from slices of the document ([`crate::build::build_js_attrs`]).
//!
//! It applies only where each string is a plain slice of the text: a string
//! or key with an escape is refused, so that the host's own `JSON.parse`
//! decodes it (lone surrogates included); so is a `__proto__` key, which a
//! JavaScript assignment would take for the prototype. Keys come in the text's order and
//! may repeat, as a JavaScript object takes them: the last value at the first
//! position, integer-like keys first.

use super::decode::Parser;
use super::events::{recycled, run, Grammar};

/// One step of a decoded value, in the order a host's builder takes them:
/// scalars and keys as they come, each container after its items.
pub(crate) enum JsEvent<'a> {
    Null,
    Bool(bool),
    Number(f64),
    /// A string without escapes: a slice of the text.
    String(&'a str),
    /// An object key without escapes: a slice of the text.
    Key(&'a str),
    /// Closes an array of this many items.
    Array(usize),
    /// Closes an object of this many entries (repeated keys counted).
    Object(usize),
}

/// Working memory for [`crate::build::build_js_attrs`]; reusable.
pub struct JsEvents<'a> {
    events: Vec<JsEvent<'a>>,
    /// Open containers: whether an object, and how many members so far.
    open: Vec<(bool, usize)>,
}

impl Default for JsEvents<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> JsEvents<'a> {
    /// Empty working memory (nothing allocated yet).
    pub const fn new() -> Self {
        JsEvents {
            events: Vec::new(),
            open: Vec::new(),
        }
    }

    /// Decodes `text`; false where this quick path does not apply: where
    /// `JSON.parse` throws, where a string or key holds an escape, where a
    /// key is `__proto__`, and where a number is outside what [`number`]
    /// converts.
    pub(crate) fn parse(&mut self, text: &'a str) -> bool {
        self.events.clear();
        let mut grammar = JsGrammar {
            parser: Parser { text, at: 0 },
            events: &mut self.events,
        };
        run(&mut grammar, &mut self.open).is_some()
    }

    /// The same working memory for texts of another lifetime, emptied: a
    /// host keeps it between calls, so that small texts allocate nothing.
    pub fn recycle<'b>(self) -> JsEvents<'b> {
        JsEvents {
            events: recycled(self.events),
            open: self.open,
        }
    }

    /// The events of the last successful [`JsEvents::parse`], taken out.
    pub(crate) fn drain(&mut self) -> std::vec::Drain<'_, JsEvent<'a>> {
        self.events.drain(..)
    }
}

/// [`JsEvents`] reading one text: the cursor, and the events it pushes.
struct JsGrammar<'e, 'a> {
    parser: Parser<'a>,
    events: &'e mut Vec<JsEvent<'a>>,
}

impl<'a> Grammar for JsGrammar<'_, 'a> {
    fn cursor(&self) -> (&str, usize) {
        (self.parser.text, self.parser.at)
    }

    fn cursor_mut(&mut self) -> &mut usize {
        &mut self.parser.at
    }

    /// An object's next key, with its colon.
    fn key(&mut self) -> Option<()> {
        let key = self.parser.key().ok()?.as_borrowed()?;
        if key == "__proto__" {
            return None;
        }
        self.events.push(JsEvent::Key(key));
        Some(())
    }

    fn scalar(&mut self, first: u8) -> Option<()> {
        let parser = &mut self.parser;
        let event = match first {
            b'"' => JsEvent::String(parser.string().ok()?.as_borrowed()?),
            b't' => word(parser, "true", JsEvent::Bool(true))?,
            b'f' => word(parser, "false", JsEvent::Bool(false))?,
            b'n' => word(parser, "null", JsEvent::Null)?,
            b'-' | b'0'..=b'9' => JsEvent::Number(number(parser)?),
            _ => return None,
        };
        self.events.push(event);
        Some(())
    }

    fn close(&mut self, object: bool, len: usize) -> Option<()> {
        self.events.push(if object {
            JsEvent::Object(len)
        } else {
            JsEvent::Array(len)
        });
        Some(())
    }
}

/// The largest integer below which every integer is a double.
const EXACT: u64 = 1 << 53;

/// The powers of ten that are doubles exactly.
const POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A number, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, when
/// one operation on exact doubles gives its value: its digits make an integer
/// below 2^53 and its decimal exponent is at most 22 either way, so the value
/// is that integer times or divided by an exact power of ten, rounded once, as
/// `JSON.parse` rounds. Other numbers (rare in attributes) are refused: this
/// path has no general decimal conversion, which would double the size of
/// the WebAssembly module.
fn number(parser: &mut Parser<'_>) -> Option<f64> {
    let bytes = parser.text.as_bytes();
    let mut at = parser.at;
    let negative = bytes[at] == b'-';
    at += usize::from(negative);
    let mut digits: u64 = 0;
    let mut scale: i64 = 0;
    let mut push = |digit: u8| {
        digits = digits * 10 + u64::from(digit - b'0');
        digits < EXACT
    };
    match bytes.get(at)? {
        b'0' => at += 1,
        b'1'..=b'9' => {
            while let Some(&digit @ b'0'..=b'9') = bytes.get(at) {
                if !push(digit) {
                    return None;
                }
                at += 1;
            }
        }
        _ => return None,
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let from = at;
        while let Some(&digit @ b'0'..=b'9') = bytes.get(at) {
            if !push(digit) {
                return None;
            }
            scale -= 1;
            at += 1;
        }
        if at == from {
            return None;
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        let sign = match bytes.get(at) {
            Some(b'-') => -1,
            Some(b'+') => 1,
            _ => 0,
        };
        at += usize::from(sign != 0);
        let from = at;
        let mut exponent: i64 = 0;
        while let Some(&digit @ b'0'..=b'9') = bytes.get(at) {
            exponent = (exponent * 10 + i64::from(digit - b'0')).min(1000);
            at += 1;
        }
        if at == from {
            return None;
        }
        scale += if sign < 0 { -exponent } else { exponent };
    }
    let power = *POWERS.get(scale.unsigned_abs() as usize)?;
    let magnitude = if scale < 0 {
        digits as f64 / power
    } else {
        digits as f64 * power
    };
    parser.at = at;
    Some(if negative { -magnitude } else { magnitude })
}

/// `true`, `false` or `null`, lowercase only, as `event`.
fn word<'a>(parser: &mut Parser<'a>, word: &str, event: JsEvent<'a>) -> Option<JsEvent<'a>> {
    parser.text[parser.at..].starts_with(word).then(|| {
        parser.at += word.len();
        event
    })
}

#[cfg(test)]
mod tests {
    use crate::build::{build_js_attrs, Builder, Html};
    use crate::json::{parse, Array, JsEvents, Object, Str, Value};
    use crate::test_rng::Rng;
    use crate::BlockName;
    use crate::NodeId;

    /// Makes the core's values from the pushed events, objects with
    /// JavaScript's key rules (as the JavaScript host's objects do).
    #[derive(Default)]
    struct Values<'a> {
        stack: Vec<Value<'a>>,
        /// Every string and key pushed was borrowed from the text.
        all_borrowed: bool,
    }

    impl<'a> Values<'a> {
        fn push(&mut self, value: Value<'a>) -> Result<(), ()> {
            self.stack.push(value);
            Ok(())
        }

        fn borrowed(&mut self, text: &Str<'a>) -> Value<'a> {
            self.all_borrowed &= text.as_borrowed().is_some();
            Value::String(text.clone())
        }
    }

    impl<'a> Builder<'a> for Values<'a> {
        type Error = ();
        fn null(&mut self) -> Result<(), ()> {
            self.push(Value::Null)
        }
        fn bool(&mut self, value: bool) -> Result<(), ()> {
            self.push(Value::Bool(value))
        }
        fn number(&mut self, value: f64) -> Result<(), ()> {
            self.push(Value::Number(value))
        }
        fn string(&mut self, value: &Str<'a>) -> Result<(), ()> {
            let value = self.borrowed(value);
            self.push(value)
        }
        fn array(&mut self, len: usize) -> Result<(), ()> {
            let items = self.stack.split_off(self.stack.len() - len);
            self.push(Value::Array(Array::from_vec(items)))
        }
        fn object(&mut self, len: usize) -> Result<(), ()> {
            let mut flat = self.stack.split_off(self.stack.len() - 2 * len).into_iter();
            let mut entries = Vec::new();
            while let (Some(Value::String(key)), Some(value)) = (flat.next(), flat.next()) {
                entries.push((key, value));
            }
            assert_eq!(entries.len(), len, "a key that is not a string");
            self.push(Value::Object(entries.into_iter().collect::<Object<'_>>()))
        }
        fn name(&mut self, _: Option<BlockName<'a>>, _: usize) -> Result<(), ()> {
            unreachable!("attributes only")
        }
        fn html(&mut self, _: Html<'a>) -> Result<(), ()> {
            unreachable!("attributes only")
        }
        fn joined_html(&mut self, _: &[&'a str], _: usize) -> Result<(), ()> {
            unreachable!("attributes only")
        }
        fn dup(&mut self, _: usize) -> Result<(), ()> {
            unreachable!("attributes only")
        }
        fn block(&mut self, _: NodeId) -> Result<(), ()> {
            unreachable!("attributes only")
        }
    }

    /// Attribute-like JSON: objects with repeated and integer-like keys,
    /// escapes and numbers outside the quick path now and then, JSON and
    /// other whitespace, and in some a
    /// bracket, comma, colon, quote or backslash inserted or overwritten.
    fn generated(rng: &mut Rng) -> String {
        let mut out = String::new();
        let mut open: Vec<(bool, usize)> = Vec::new();
        let pieces = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "12",
            "-3.5e2",
            "0.5",
            "-0.0",
            "1.5E+3",
            "12e-3",
            "0.1",
            "2.675",
            "123456789012345.6",
            "\"\"",
            "\"full\"",
            "\"a\\\"b\"",
            "\"\\ud800\"",
            "\"é\"",
            // Numbers outside the quick path.
            "1e400",
            "2e-400",
            "9007199254740993",
            "1e23",
            "0.30000000000000004",
        ];
        let keys = [
            "\"a\"",
            "\"b\"",
            "\"0\"",
            "\"10\"",
            "\"__proto__\"",
            "\"k\\n\"",
        ];
        let spaces = [" ", "\n", "\t", "\r", "\u{b}", "\u{a0}"];
        loop {
            if rng.below(8) == 0 {
                let kinds = if rng.below(20) == 0 { 6 } else { 4 };
                out.push_str(spaces[rng.below(kinds)]);
            }
            let depth = open.len();
            if let Some((object, count)) = open.last_mut() {
                if *count > 0 && rng.below(3) == 0 {
                    out.push(if *object { '}' } else { ']' });
                    open.pop();
                    if open.is_empty() {
                        break;
                    }
                    continue;
                }
                if *count > 0 {
                    out.push(',');
                }
                *count += 1;
                if *object {
                    out.push_str(keys[rng.below(keys.len())]);
                    out.push(':');
                }
            }
            match rng.below(if depth < 4 { 4 } else { 2 }) {
                0 | 1 => out.push_str(pieces[rng.below(pieces.len())]),
                kind => {
                    out.push(if kind == 2 { '{' } else { '[' });
                    open.push((kind == 2, 0));
                    continue;
                }
            }
            if open.is_empty() {
                break;
            }
        }
        if rng.below(10) == 0 && !out.is_empty() {
            let at = rng.below(out.len());
            let byte = ['{', '}', '[', ']', ',', ':', '"', '\\'][rng.below(8)];
            if rng.below(2) == 0 && out.is_char_boundary(at) {
                out.insert(at, byte);
            } else if out.as_bytes()[at].is_ascii() {
                out.replace_range(at..at + 1, byte.encode_utf8(&mut [0; 4]));
            }
        }
        out
    }

    #[test]
    fn build_js_attrs_pushes_what_json_parse_decodes() {
        let mut rng = Rng(0x5eed_2026_1207);
        let texts: Vec<String> = (0..20_000).map(|_| generated(&mut rng)).collect();
        let mut events = JsEvents::new();
        let (mut quick, mut decoded) = (0, 0);
        for text in &texts {
            let want = parse(text).ok();
            decoded += usize::from(want.is_some());
            let mut values = Values {
                all_borrowed: true,
                ..Values::default()
            };
            if !build_js_attrs(text, &mut values, &mut events).unwrap() {
                // Refused: nothing pushed, and the text is invalid or escapes.
                assert!(values.stack.is_empty(), "{text:?}");
                let refused = ["\\", "\"__proto__\"", "1e400", "2e-400", "9007199254740993"]
                    .iter()
                    .chain(&["1e23", "0.30000000000000004"])
                    .any(|feature| text.contains(feature));
                assert!(want.is_none() || refused, "{text:?}");
                continue;
            }
            quick += 1;
            assert!(values.all_borrowed, "{text:?}");
            assert_eq!(values.stack.len(), 1, "{text:?}");
            let ours = values.stack.pop().unwrap();
            let want = want.unwrap_or_else(|| panic!("JSON.parse throws for {text:?}"));
            // `==` takes -0 for 0: compare the printed forms too.
            assert_eq!(ours, want, "{text:?}");
            assert_eq!(format!("{ours:?}"), format!("{want:?}"), "{text:?}");
        }
        // Both outcomes are well represented.
        assert!(
            quick > decoded / 3 && decoded < 19_000,
            "{quick} of {decoded}"
        );
    }

    #[test]
    fn deep_nesting_is_fine() {
        let depth = 200_000;
        let text = "[".repeat(depth) + &"]".repeat(depth);
        let mut values = Values::default();
        assert!(build_js_attrs(&text, &mut values, &mut JsEvents::new()).unwrap());
        assert_eq!(values.stack.len(), 1);
    }
}
