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
    scan(&bytes[..end])?;
    Some(&text[..end])
}

/// `Some` when `json` is one value written as `JSON.stringify` writes it.
/// Values are read in one loop; after each, the commas and closing brackets
/// that follow it.
fn scan(json: &[u8]) -> Option<()> {
    let mut stack = Stack {
        open: [Open::Array; MAX_DEPTH],
        depth: 0,
    };
    let mut keys = Keys {
        starts: [0; MAX_KEYS],
        len: 0,
    };
    let mut at = 0;
    loop {
        // A value starts at `at`.
        match *json.get(at)? {
            b'{' if json.get(at + 1) == Some(&b'}') => at += 2,
            b'{' => {
                let first = keys.len as u8;
                stack.push(Open::Object(first))?;
                at = keys.read(json, at + 1, first.into())?;
                continue;
            }
            b'[' if json.get(at + 1) == Some(&b']') => at += 2,
            b'[' => {
                stack.push(Open::Array)?;
                at += 1;
                continue;
            }
            b'"' => at = string_end(json, at)?,
            b't' => at = literal_end(json, at, b"true")?,
            b'f' => at = literal_end(json, at, b"false")?,
            b'n' => at = literal_end(json, at, b"null")?,
            b'-' | b'0'..=b'9' => at = integer_end(json, at)?,
            _ => return None,
        }
        // A value ends at `at`: close what it ends, up to the next value.
        loop {
            let Some(&open) = stack.last() else {
                return (at == json.len()).then_some(());
            };
            match (*json.get(at)?, open) {
                (b',', Open::Object(first)) => {
                    at = keys.read(json, at + 1, first.into())?;
                    break;
                }
                (b',', Open::Array) => {
                    at += 1;
                    break;
                }
                (b'}', Open::Object(first)) => keys.len = first.into(),
                (b']', Open::Array) => {}
                _ => return None,
            }
            stack.pop();
            at += 1;
        }
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

    fn pop(&mut self) {
        self.depth -= 1;
    }

    fn last(&self) -> Option<&Open> {
        self.open[..self.depth].last()
    }
}

/// Where the keys of the open objects start (after their opening quote),
/// in order.
struct Keys {
    starts: [u32; MAX_KEYS],
    len: usize,
}

impl Keys {
    /// Reads the key at `at` and its colon, into the object whose keys
    /// start at `first`; returns where its value starts. `None` for a key
    /// made of digits or one the object already has.
    fn read(&mut self, json: &[u8], at: usize, first: usize) -> Option<usize> {
        if json.get(at) != Some(&b'"') {
            return None;
        }
        let end = string_end(json, at)?;
        let key = &json[at + 1..end - 1];
        let digits = !key.is_empty() && key.iter().all(u8::is_ascii_digit);
        if digits || self.contains(json, first, key) || json.get(end) != Some(&b':') {
            return None;
        }
        *self.starts.get_mut(self.len)? = u32::try_from(at + 1).ok()?;
        self.len += 1;
        Some(end + 1)
    }

    /// Whether `key` is among the keys from `first` on. Both are written
    /// as `JSON.stringify` writes them, so equal keys have equal bytes, and
    /// a key that starts with `key`'s bytes ends there when a quote follows
    /// (its escapes pair up as `key`'s do).
    fn contains(&self, json: &[u8], first: usize, key: &[u8]) -> bool {
        self.starts[first..self.len].iter().any(|&start| {
            let start = start as usize;
            json.get(start + key.len()) == Some(&b'"') && &json[start..start + key.len()] == key
        })
    }
}

/// The end of the string starting at `at` (after its closing quote), when
/// it is written as `JSON.stringify` writes it.
#[inline(always)]
fn string_end(json: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        // Eight bytes at a time: keys and most values end in the first word.
        while let Some(word) = json.get(at..at + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            match super::string::first_special(word) {
                Some(found) => {
                    at += found;
                    break;
                }
                None => at += 8,
            }
        }
        match *json.get(at)? {
            // Fewer than eight bytes were left: one at a time.
            byte if byte >= 0x20 && byte != b'"' && byte != b'\\' => at += 1,
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

    /// Appends a random value: small objects and arrays of a few keys and
    /// scalars, written as `JSON.stringify` would or nearly (other number
    /// forms, escapes, digit keys, duplicates, stray whitespace or tokens).
    fn generate(rng: &mut crate::test_rng::Rng, depth: usize, out: &mut String) {
        const KEYS: [&str; 6] = ["a", "b", "1", "a\\\"", "\\\\", "é"];
        const SCALARS: [&str; 14] = [
            "1",
            "-0",
            "0",
            "12",
            "1.5",
            "1e2",
            "true",
            "null",
            "fals",
            "\"x\"",
            "\"\\n\"",
            "\"\\u001f\"",
            "\"\\u00e9\"",
            "\"\\/\"",
        ];
        const JUNK: [&str; 5] = [" ", ",", ":", "}", "]"];
        if rng.below(40) == 0 {
            out.push_str(JUNK[rng.below(JUNK.len())]);
        }
        match rng.below(if depth < 4 { 4 } else { 1 }) {
            0 => out.push_str(SCALARS[rng.below(SCALARS.len())]),
            1 => {
                out.push('[');
                for at in 0..rng.below(4) {
                    if at > 0 {
                        out.push(',');
                    }
                    generate(rng, depth + 1, out);
                }
                out.push(']');
            }
            _ => {
                out.push('{');
                for at in 0..rng.below(4) {
                    if at > 0 {
                        out.push(',');
                    }
                    out.push('"');
                    out.push_str(KEYS[rng.below(KEYS.len())]);
                    out.push_str("\":");
                    generate(rng, depth + 1, out);
                }
                out.push('}');
            }
        }
    }

    #[test]
    fn generated_text_takes_the_shortcut_only_when_printing_agrees() {
        let mut rng = crate::test_rng::Rng(11);
        let (mut taken, mut left) = (0, 0);
        for _ in 0..100_000 {
            let mut text = String::from("{\"k\":");
            generate(&mut rng, 0, &mut text);
            text.push('}');
            match as_stringified(&text) {
                Some(shortcut) => {
                    taken += 1;
                    assert_eq!(Some(shortcut.to_owned()), printed(&text), "{text}");
                }
                // The shortcut may only leave out what prints differently
                // or is not JSON.
                None => left += usize::from(printed(&text).as_deref() != Some(&text)),
            }
        }
        assert!(taken > 5_000 && left > 5_000, "{taken} taken, {left} left");
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
