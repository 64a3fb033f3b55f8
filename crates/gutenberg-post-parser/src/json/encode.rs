//! `JSON.stringify`, iteratively and byte for byte.

use super::string::{Piece, Str};
use super::value::Value;

/// What is left to print of an open container.
enum Rest<'v, 'a> {
    Items(std::slice::Iter<'v, Value<'a>>),
    Entries(std::slice::Iter<'v, (Str<'a>, Value<'a>)>),
}

/// Appends `value` as `JSON.stringify` prints it.
pub fn write_value(out: &mut String, value: &Value<'_>) {
    let mut stack: Vec<(Rest<'_, '_>, bool)> = Vec::new();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            match value {
                Value::Null => out.push_str("null"),
                Value::Bool(true) => out.push_str("true"),
                Value::Bool(false) => out.push_str("false"),
                Value::Number(number) => write_number(out, *number),
                Value::String(string) => write_str(out, string),
                Value::Array(items) => {
                    out.push('[');
                    stack.push((Rest::Items(items.iter()), true));
                }
                Value::Object(entries) => {
                    out.push('{');
                    stack.push((Rest::Entries(entries.iter()), true));
                }
            }
        }
        let Some((rest, first)) = stack.last_mut() else {
            return;
        };
        let separator = if *first { "" } else { "," };
        *first = false;
        match rest {
            Rest::Items(items) => match items.next() {
                Some(item) => {
                    out.push_str(separator);
                    next = Some(item);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            Rest::Entries(entries) => match entries.next() {
                Some((key, item)) => {
                    out.push_str(separator);
                    write_str(out, key);
                    out.push(':');
                    next = Some(item);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
        }
    }
}

/// Appends a number as JavaScript prints it; non-finite numbers print `null`.
pub fn write_number(out: &mut String, number: f64) {
    if !number.is_finite() {
        out.push_str("null");
    } else if number == 0.0 {
        // Both zeros print as `0`.
        out.push('0');
    } else {
        out.push_str(ryu_js::Buffer::new().format_finite(number));
    }
}

/// Bytes that `JSON.stringify` escapes: quote, backslash and control characters.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Appends `text` as a quoted JSON string, escaped as `JSON.stringify` escapes it.
pub fn write_string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    write_escaped(out, text);
    out.push('"');
}

/// Appends a JSON string as `JSON.stringify` writes it: lone surrogates as
/// `\uXXXX` escapes (lower-case hex), the rest as [`write_string`] does.
pub fn write_str(out: &mut String, string: &Str<'_>) {
    let Some(text) = string.as_str() else {
        out.push('"');
        for piece in string.pieces() {
            match piece {
                Piece::Text(text) => write_escaped(out, text),
                Piece::Surrogate(code) => {
                    out.push_str("\\u");
                    for shift in [12, 8, 4, 0] {
                        out.push(char::from(HEX[((code >> shift) & 0xf) as usize]));
                    }
                }
            }
        }
        out.push('"');
        return;
    };
    write_string(out, text);
}

/// Lower-case hexadecimal digits, as `JSON.stringify` writes escapes.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `text` escaped as inside a JSON string, without the quotes.
pub fn write_escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if !NEEDS_ESCAPE[byte as usize] {
            continue;
        }
        out.push_str(&text[run_start..at]);
        run_start = at + 1;
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
    }
    out.push_str(&text[run_start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn round_trip(text: &str) -> String {
        let mut out = String::new();
        write_value(&mut out, &parse(text).unwrap());
        out
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases = [
            ("1", "1"),
            ("-0", "0"),
            ("1.50", "1.5"),
            ("1e21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("1e-7", "1e-7"),
            ("0.000001", "0.000001"),
            ("1e400", "null"),
            ("9007199254740993", "9007199254740992"),
            ("0.1", "0.1"),
        ];
        for (text, printed) in cases {
            assert_eq!(round_trip(text), printed, "{text}");
        }
    }

    #[test]
    fn strings_escape_as_javascript_escapes_them() {
        assert_eq!(
            round_trip(r#""a\"\\\/\b\f\n\r\t\u0001\u007f\u2028é""#),
            "\"a\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\u{7f}\u{2028}é\""
        );
    }

    #[test]
    fn containers() {
        assert_eq!(
            round_trip(r#" { "a" : [ 1 , { } , [ ] ] , "b" : null } "#),
            r#"{"a":[1,{},[]],"b":null}"#
        );
    }
}
