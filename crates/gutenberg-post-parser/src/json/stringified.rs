//! A shortcut past decoding: attribute JSON that is already written exactly
//! as `JSON.stringify` would print its value (most of it is: editors write
//! it with `JSON.stringify`) can be copied instead of decoded and printed.

/// Most keys the open objects may have together for the shortcut
/// (duplicates are looked for among an object's keys one by one).
const MAX_KEYS: usize = 64;

/// Most containers open at once for the shortcut, so that it needs no
/// allocation.
const MAX_DEPTH: usize = 32;

/// Most digits of an integer the shortcut takes: up to 15 digits, a double
/// holds it exactly and JavaScript prints it as written.
const MAX_DIGITS: usize = 15;

/// What the scanner expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (after `:` or `,` in an array).
    Value,
    /// A value or `]` (after `[`).
    ValueOrClose,
    /// A key (after `,` in an object).
    Key,
    /// A key or `}` (after `{`).
    KeyOrClose,
    /// `,` or the closing bracket of the open container.
    CommaOrClose,
}

/// An open container: an object (with where its keys start in the key
/// list) or an array.
#[derive(Clone, Copy)]
enum Open {
    Object(u8),
    Array,
}

/// The JSON object at the start of `text`, when it is followed only by JSON
/// whitespace and is written exactly as `JSON.stringify` prints the value
/// `JSON.parse` makes of it: then printing its decoded value
/// ([`super::parse`], [`super::write_value`]) gives back these bytes.
///
/// `None` says only that the shortcut does not apply: decode and print.
/// It does not apply to whitespace, escapes `JSON.stringify` does not write
/// (`\/`, `\u00e9`, surrogates), numbers other than integers of up to 15
/// digits (and `-0`), keys made of digits (JavaScript moves them first),
/// duplicate keys, more than 64 keys in the open objects, or more than 32
/// levels of nesting.
///
/// ```
/// use gutenberg_post_parser::json::as_stringified;
/// assert_eq!(as_stringified("{\"a\":[1,true,\"\\n\"]} "), Some("{\"a\":[1,true,\"\\n\"]}"));
/// assert_eq!(as_stringified("{\"a\": 1}"), None); // JSON.stringify writes no space
/// assert_eq!(as_stringified("{\"a\":1.50}"), None); // it writes 1.5
/// ```
pub fn as_stringified(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let end = bytes.iter().rposition(|&byte| byte == b'}')? + 1;
    let trailing = &bytes[end..];
    if bytes.first() != Some(&b'{') || !trailing.iter().all(|b| b" \t\n\r".contains(b)) {
        return None;
    }
    let json = &bytes[..end];
    let mut stack = Stack {
        open: [Open::Array; MAX_DEPTH],
        depth: 0,
    };
    let mut keys = Keys {
        spans: [(0, 0); MAX_KEYS],
        len: 0,
    };
    let mut expect = Expect::Value;
    let mut at = 0;
    loop {
        let byte = *json.get(at)?;
        let closed = match expect {
            Expect::Value | Expect::ValueOrClose => match byte {
                b'{' => {
                    stack.push(Open::Object(keys.len as u8))?;
                    expect = Expect::KeyOrClose;
                    at += 1;
                    continue;
                }
                b'[' => {
                    stack.push(Open::Array)?;
                    expect = Expect::ValueOrClose;
                    at += 1;
                    continue;
                }
                b']' if expect == Expect::ValueOrClose => true,
                b'"' => {
                    at = string_end(json, at)?;
                    false
                }
                b't' => {
                    at = literal_end(json, at, b"true")?;
                    false
                }
                b'f' => {
                    at = literal_end(json, at, b"false")?;
                    false
                }
                b'n' => {
                    at = literal_end(json, at, b"null")?;
                    false
                }
                b'-' | b'0'..=b'9' => {
                    at = integer_end(json, at)?;
                    false
                }
                _ => return None,
            },
            Expect::Key | Expect::KeyOrClose => match byte {
                b'}' if expect == Expect::KeyOrClose => true,
                b'"' => {
                    let key_end = string_end(json, at)?;
                    let key = &json[at + 1..key_end - 1];
                    let Some(&Open::Object(first)) = stack.last() else {
                        return None;
                    };
                    let digits = !key.is_empty() && key.iter().all(u8::is_ascii_digit);
                    if digits || keys.contains(json, first.into(), key) {
                        return None;
                    }
                    keys.push(at + 1, key_end - 1)?;
                    if json.get(key_end) != Some(&b':') {
                        return None;
                    }
                    at = key_end + 1;
                    expect = Expect::Value;
                    continue;
                }
                _ => return None,
            },
            Expect::CommaOrClose => match (byte, stack.last()?) {
                (b',', Open::Object(_)) => {
                    expect = Expect::Key;
                    at += 1;
                    continue;
                }
                (b',', Open::Array) => {
                    expect = Expect::Value;
                    at += 1;
                    continue;
                }
                (b'}', Open::Object(_)) | (b']', Open::Array) => true,
                _ => return None,
            },
        };
        if closed {
            if let Some(Open::Object(first)) = stack.pop() {
                keys.len = first.into();
            }
            at += 1;
            if stack.is_empty() {
                return (at == json.len()).then_some(&text[..end]);
            }
        }
        expect = Expect::CommaOrClose;
    }
}

/// The open containers, innermost last.
struct Stack {
    open: [Open; MAX_DEPTH],
    depth: usize,
}

impl Stack {
    fn push(&mut self, open: Open) -> Option<()> {
        *self.open.get_mut(self.depth)? = open;
        self.depth += 1;
        Some(())
    }

    fn pop(&mut self) -> Option<Open> {
        self.depth = self.depth.checked_sub(1)?;
        Some(self.open[self.depth])
    }

    fn last(&self) -> Option<&Open> {
        self.open[..self.depth].last()
    }

    fn is_empty(&self) -> bool {
        self.depth == 0
    }
}

/// The keys of the open objects, in order, as byte ranges of the text.
struct Keys {
    spans: [(u32, u32); MAX_KEYS],
    len: usize,
}

impl Keys {
    fn push(&mut self, start: usize, end: usize) -> Option<()> {
        let span = (u32::try_from(start).ok()?, u32::try_from(end).ok()?);
        *self.spans.get_mut(self.len)? = span;
        self.len += 1;
        Some(())
    }

    /// Whether `key` is among the keys from `first` on.
    fn contains(&self, json: &[u8], first: usize, key: &[u8]) -> bool {
        self.spans[first..self.len]
            .iter()
            .any(|&(start, end)| &json[start as usize..end as usize] == key)
    }
}

/// Bytes that end a run of plain string text: `"`, `\\`, control characters.
const STOPS_STRING: [bool; 256] = {
    let mut stops = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        stops[byte] = true;
        byte += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// The end of the string starting at `at` (after its closing quote), when
/// it is written as `JSON.stringify` writes it.
fn string_end(json: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        while !STOPS_STRING[usize::from(*json.get(at)?)] {
            at += 1;
        }
        match json[at] {
            b'"' => return Some(at + 1),
            b'\\' => {
                at += match *json.get(at + 1)? {
                    b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                    b'u' => {
                        // Only control characters without a short escape.
                        let hex = json.get(at + 2..at + 6)?;
                        let lower = |d: &u8| d.is_ascii_digit() || (b'a'..=b'f').contains(d);
                        if &hex[..2] != b"00" || !hex.iter().all(lower) || hex[2] > b'1' {
                            return None;
                        }
                        if matches!(&hex[2..], b"08" | b"09" | b"0a" | b"0c" | b"0d") {
                            return None;
                        }
                        6
                    }
                    _ => return None,
                }
            }
            _ => return None, // a control character
        }
    }
}

/// The end of `literal` when it is at `at`.
fn literal_end(json: &[u8], at: usize, literal: &[u8]) -> Option<usize> {
    let end = at + literal.len();
    (json.get(at..end)? == literal).then_some(end)
}

/// The end of the integer at `at`, when JavaScript prints it as written.
fn integer_end(json: &[u8], at: usize) -> Option<usize> {
    let negative = json[at] == b'-';
    let start = at + usize::from(negative);
    let digits = json[start..]
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    let end = start + digits;
    let leading_zero = json[start..].first() == Some(&b'0');
    let valid = match digits {
        0 => false,
        1 => !(negative && leading_zero),
        _ => !leading_zero && digits <= MAX_DIGITS,
    };
    let fraction = matches!(json.get(end), Some(b'.' | b'e' | b'E'));
    (valid && !fraction).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, write_value};

    /// What decoding and printing gives, or `None` for invalid JSON.
    fn printed(text: &str) -> Option<String> {
        let value = parse(text).ok()?;
        let mut out = String::new();
        write_value(&mut out, &value);
        Some(out)
    }

    #[test]
    fn the_shortcut_gives_what_printing_gives() {
        let cases = [
            "{}",
            "{} \n",
            r#"{"a":1,"b":[true,false,null,-5,0,"x"],"c":{"d":{}}}"#,
            r#"{"s":"é\u001f\"\\\n\t <!-- -->"}"#,
            "{\"s\":\"\u{2028}\"}",
            r#"{"a":{"a":1},"b":{"a":2}}"#,
            r#"{"n":123456789012345,"m":-123456789012345}"#,
            r#"{"a":[[[[]]]],"b":[{},{}]}"#,
        ];
        for text in cases {
            let shortcut = as_stringified(text);
            assert!(shortcut.is_some(), "{text}");
            assert_eq!(shortcut.map(str::to_owned), printed(text), "{text}");
        }
    }

    #[test]
    fn anything_else_is_left_to_decoding() {
        let cases = [
            r#"{"a": 1}"#,
            r#"{ "a":1}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"1":1,"a":2}"#,
            r#"{"a":1.5}"#,
            r#"{"a":1e5}"#,
            r#"{"a":-0}"#,
            r#"{"a":01}"#,
            r#"{"a":1234567890123456}"#,
            r#"{"a":"\/"}"#,
            r#"{"a":"\u00e9"}"#,
            r#"{"a":"\u000a"}"#,
            r#"{"a":"\u001F"}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\ud83d\ude00"}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":tru}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":1,}"#,
            r#"{"a"}"#,
            r#"{"a":1}}"#,
            r#"{"a":1} x}"#,
            "{\"a\":1}\u{a0}",
            r#"[1]"#,
            r#"{"a":[1}"#,
            "{\"a\":\"}",
            "{",
            "",
        ];
        for text in cases {
            assert_eq!(as_stringified(text), None, "{text}");
        }
        let many: Vec<String> = (0..=MAX_KEYS).map(|i| format!("\"k{i}\":{i}")).collect();
        assert_eq!(as_stringified(&format!("{{{}}}", many.join(","))), None);
        let enough = &many[..MAX_KEYS];
        assert!(as_stringified(&format!("{{{}}}", enough.join(","))).is_some());
        let nested = |depth| format!("{{\"a\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
        assert!(as_stringified(&nested(MAX_DEPTH - 1)).is_some());
        assert_eq!(as_stringified(&nested(MAX_DEPTH)), None);
        assert_eq!(as_stringified(&nested(100_000)), None);
    }
}
