//! `JSON.parse`, iteratively.

use std::borrow::Cow;
use std::fmt;

use super::open::OpenStack;
use super::string::{push_surrogate, special, Str};
use super::value::{Array, ObjectBuilder, Value};

/// Why a text is not JSON; `offset` is a byte offset into that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Where parsing stopped.
    pub offset: usize,
    /// What was expected there.
    pub reason: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.reason)
    }
}

impl std::error::Error for JsonError {}

/// Parses `text` as `JSON.parse` does. Lone UTF-16 surrogates written as `\u`
/// escapes are kept, as in JavaScript (see [`Str`]).
pub fn parse(text: &str) -> Result<Value<'_>, JsonError> {
    Parser { text, at: 0 }.document()
}

/// A container whose closing bracket has not been reached.
enum Open<'a> {
    Array(Vec<Value<'a>>),
    Object(ObjectBuilder<'a>, Str<'a>),
}

/// The cursor over a text; [`super::js_events`] reads strings and keys with it
/// too.
pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) at: usize,
}

impl<'a> Parser<'a> {
    fn fail<T>(&self, reason: &'static str) -> Result<T, JsonError> {
        Err(JsonError {
            offset: self.at,
            reason,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn document(mut self) -> Result<Value<'a>, JsonError> {
        let mut stack = OpenStack::new();
        'value: loop {
            self.skip_whitespace();
            // Parse one value, or open a container and go parse its first member.
            let mut done = match self.peek() {
                Some(b'[') => {
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.at += 1;
                        Value::Array(Array::default())
                    } else {
                        stack.push(Open::Array(Vec::new()));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.at += 1;
                        Value::Object(ObjectBuilder::default().finish())
                    } else {
                        let key = self.key()?;
                        stack.push(Open::Object(ObjectBuilder::default(), key));
                        continue 'value;
                    }
                }
                Some(b'"') => Value::String(self.string()?),
                Some(b't') => self.literal("true", Value::Bool(true))?,
                Some(b'f') => self.literal("false", Value::Bool(false))?,
                Some(b'n') => self.literal("null", Value::Null)?,
                Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
                _ => return self.fail("expected a value"),
            };
            // Hand the finished value to its container; close containers that end.
            loop {
                self.skip_whitespace();
                match stack.last_mut() {
                    None => {
                        return match self.peek() {
                            None => Ok(done),
                            Some(_) => self.fail("expected the end of the text"),
                        };
                    }
                    Some(Open::Array(items)) => {
                        items.push(done);
                        match self.peek() {
                            Some(b',') => {
                                self.at += 1;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.at += 1;
                                let Some(Open::Array(items)) = stack.pop() else {
                                    unreachable!("the top of the stack is an array")
                                };
                                done = Value::Array(Array::from_vec(items));
                            }
                            _ => return self.fail("expected ',' or ']'"),
                        }
                    }
                    Some(Open::Object(builder, key)) => {
                        builder.insert(std::mem::take(key), done);
                        match self.peek() {
                            Some(b',') => {
                                self.at += 1;
                                self.skip_whitespace();
                                *key = self.key()?;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.at += 1;
                                let Some(Open::Object(builder, _)) = stack.pop() else {
                                    unreachable!("the top of the stack is an object")
                                };
                                done = Value::Object(builder.finish());
                            }
                            _ => return self.fail("expected ',' or '}'"),
                        }
                    }
                }
            }
        }
    }

    /// `"key" :`, leaving the parser at the value.
    pub(super) fn key(&mut self) -> Result<Str<'a>, JsonError> {
        if self.peek() != Some(b'"') {
            return self.fail("expected a string key");
        }
        let key = self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return self.fail("expected ':'");
        }
        self.at += 1;
        Ok(key)
    }

    fn literal(&mut self, word: &'static str, value: Value<'a>) -> Result<Value<'a>, JsonError> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail("expected true, false or null")
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, read as a double.
    fn number(&mut self) -> Result<f64, JsonError> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - from
        };
        let mut at = self.at;
        if bytes[at] == b'-' {
            at += 1;
        }
        match bytes.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                digits(&mut at);
            }
            _ => {
                self.at = at;
                return self.fail("expected a digit");
            }
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if digits(&mut at) == 0 {
                self.at = at;
                return self.fail("expected a digit after '.'");
            }
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                self.at = at;
                return self.fail("expected a digit in the exponent");
            }
        }
        self.at = at;
        // Rust's float parsing rounds correctly, as JavaScript's does.
        Ok(self.text[start..at].parse().unwrap_or(f64::NAN))
    }

    /// A string literal; borrowed when it has no escapes.
    pub(super) fn string(&mut self) -> Result<Str<'a>, JsonError> {
        let bytes = self.text.as_bytes();
        self.at += 1;
        let start = self.at;
        let Some(end) = special(&bytes[start..]) else {
            self.at = bytes.len();
            return self.fail("unterminated string");
        };
        self.at = start + end;
        match bytes[self.at] {
            b'"' => {
                let text = &self.text[start..self.at];
                self.at += 1;
                return Ok(Str::new(Cow::Borrowed(text)));
            }
            b'\\' => {}
            _ => return self.fail("control character in string"),
        }
        // WTF-8: UTF-8 text, and lone surrogates if any escape makes one.
        let mut owned = Vec::from(&bytes[start..self.at]);
        let mut lone_surrogates = false;
        loop {
            match bytes.get(self.at) {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(if lone_surrogates {
                        Str::from_wtf8(owned).expect("escapes make WTF-8")
                    } else {
                        // SAFETY: UTF-8 runs of the text and UTF-8 of decoded escapes.
                        Str::new(unsafe { String::from_utf8_unchecked(owned) })
                    });
                }
                Some(b'\\') => {
                    self.at += 1;
                    lone_surrogates |= self.escape(&mut owned)?;
                }
                Some(0..=0x1f) => return self.fail("control character in string"),
                Some(_) => {
                    let run_start = self.at;
                    while bytes
                        .get(self.at)
                        .is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20)
                    {
                        self.at += 1;
                    }
                    owned.extend_from_slice(&bytes[run_start..self.at]);
                }
            }
        }
    }

    /// One escape sequence, after its backslash; returns whether it was a lone
    /// surrogate.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<bool, JsonError> {
        let Some(letter) = self.peek() else {
            return self.fail("unterminated escape");
        };
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
            b'u' => match self.unicode_escape()? {
                Ok(c) => c,
                Err(surrogate) => {
                    push_surrogate(out, surrogate);
                    return Ok(true);
                }
            },
            _ => {
                self.at -= 1;
                return self.fail("unknown escape");
            }
        };
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(false)
    }

    /// `\uXXXX`, pairing surrogates when a low one follows a high one: the
    /// character, or `Err` with a surrogate that stands alone.
    fn unicode_escape(&mut self) -> Result<Result<char, u32>, JsonError> {
        let first = self.hex4()?;
        if (0xd800..0xdc00).contains(&first) && self.text[self.at..].starts_with("\\u") {
            let save = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                let code = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                return Ok(char::from_u32(code).ok_or(first));
            }
            self.at = save;
        }
        Ok(char::from_u32(first).ok_or(first))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(digits) = self.text.get(self.at..self.at + 4) else {
            return self.fail("expected four hex digits");
        };
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return self.fail("expected four hex digits");
        }
        self.at += 4;
        Ok(u32::from_str_radix(digits, 16).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let value =
            parse(r#" {"a": [1, -0.5e1, true, null, "x\u00e9\ud83d\ude00"], "b": {}} "#).unwrap();
        let object = value.as_object().unwrap();
        let Value::Array(items) = object.get("a").unwrap() else {
            panic!()
        };
        assert_eq!(items[1], Value::Number(-5.0));
        assert_eq!(items[4].as_str(), Some("xé😀"));
    }

    #[test]
    fn rejects_what_json_parse_rejects() {
        for text in [
            "{",
            "{\"a\":1,}",
            "[01]",
            "{'a':1}",
            "\"\t\"",
            "1 2",
            "[1.]",
            "{\"a\" 1}",
            "\"\\x\"",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn integer_keys_sort_first() {
        let value = parse(r#"{"b":1,"2":2,"a":3,"1":4,"b":5}"#).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str().unwrap())
            .collect();
        assert_eq!(keys, ["1", "2", "b", "a"]);
        assert_eq!(
            value.as_object().unwrap().get("b"),
            Some(&Value::Number(5.0))
        );
    }

    #[test]
    fn deep_nesting_is_fine() {
        let depth = 200_000;
        let text = "[".repeat(depth) + &"]".repeat(depth);
        assert!(parse(&text).is_ok());
    }
}
