//! `JSON.stringify`, iteratively and byte for byte.
//!
//! Escaping is where the time goes (HTML is most of a document's JSON): the
//! text is scanned sixteen bytes at a time (SSE2 on x86-64, else eight in
//! portable code) for the few bytes that need an escape, and the runs
//! between them are copied whole.

use super::open::OpenStack;
use super::out::Out;
use super::string::{Piece, Str};
use super::value::Value;

/// What is left to print of an open container.
enum Rest<'v, 'a> {
    Items(std::slice::Iter<'v, Value<'a>>),
    Entries(std::slice::Iter<'v, (Str<'a>, Value<'a>)>),
}

/// Appends `value` as `JSON.stringify` prints it.
pub fn write_value<O: Out + ?Sized>(out: &mut O, value: &Value<'_>) {
    let mut stack = OpenStack::<(Rest<'_, '_>, bool)>::new();
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
                    out.push_ascii(b'[');
                    stack.push((Rest::Items(items.iter()), true));
                }
                Value::Object(entries) => {
                    out.push_ascii(b'{');
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
                    out.push_ascii(b']');
                    stack.pop();
                }
            },
            Rest::Entries(entries) => match entries.next() {
                Some((key, item)) => {
                    out.push_str(separator);
                    write_str(out, key);
                    out.push_ascii(b':');
                    next = Some(item);
                }
                None => {
                    out.push_ascii(b'}');
                    stack.pop();
                }
            },
        }
    }
}

/// Appends a number as JavaScript prints it; non-finite numbers print `null`.
pub fn write_number<O: Out + ?Sized>(out: &mut O, number: f64) {
    if !number.is_finite() {
        out.push_str("null");
    } else if number == 0.0 {
        // Both zeros print as `0`.
        out.push_ascii(b'0');
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

/// Appends a JSON string as `JSON.stringify` writes it: lone surrogates as
/// `\uXXXX` escapes (lower-case hex), the rest as [`write_string`] does.
pub fn write_str<O: Out + ?Sized>(out: &mut O, string: &Str<'_>) {
    let Some(text) = string.as_str() else {
        out.push_ascii(b'"');
        for piece in string.pieces() {
            match piece {
                Piece::Text(text) => write_escaped(out, text),
                Piece::Surrogate(code) => {
                    let escape = [
                        b'\\',
                        b'u',
                        HEX[(code >> 12) as usize & 0xf],
                        HEX[(code >> 8) as usize & 0xf],
                        HEX[(code >> 4) as usize & 0xf],
                        HEX[code as usize & 0xf],
                    ];
                    // SAFETY: ASCII.
                    out.push_str(unsafe { std::str::from_utf8_unchecked(&escape) });
                }
            }
        }
        out.push_ascii(b'"');
        return;
    };
    write_string(out, text);
}

/// Lower-case hexadecimal digits, as `JSON.stringify` writes escapes.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `text` as a quoted JSON string, escaped as `JSON.stringify` escapes it.
pub fn write_string<O: Out + ?Sized>(out: &mut O, text: &str) {
    out.push_ascii(b'"');
    write_escaped(out, text);
    out.push_ascii(b'"');
}

/// Appends `text` escaped as inside a JSON string, without the quotes:
/// `JSON.stringify` escapes the quote, the backslash and control characters.
pub fn write_escaped<O: Out + ?Sized>(out: &mut O, text: &str) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut at = 0;
    while let Some(found) = next_escape(bytes, at) {
        out.push_str(&text[run_start..found]);
        write_escape(out, bytes[found]);
        at = found + 1;
        run_start = at;
    }
    out.push_str(&text[run_start..]);
}

/// The position of the first byte at or after `from` that needs an escape:
/// sixteen bytes at a time with SSE2 (every x86-64 has it), then eight.
#[inline]
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    let from = match next_escape_sse2(bytes, from) {
        Ok(found) => return Some(found),
        Err(rest) => rest,
    };
    next_escape_swar(bytes, from)
}

/// Scans whole 16-byte blocks from `from`: `Ok` with the first byte that
/// needs an escape, or `Err` with where the unscanned tail starts.
#[cfg(target_arch = "x86_64")]
#[inline]
fn next_escape_sse2(bytes: &[u8], from: usize) -> Result<usize, usize> {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let mut at = from;
    // SAFETY: SSE2 is part of the x86-64 baseline; each unaligned load reads
    // 16 bytes that lie within `bytes`.
    unsafe {
        let quote = _mm_set1_epi8(b'"' as i8);
        let backslash = _mm_set1_epi8(b'\\' as i8);
        let last_control = _mm_set1_epi8(0x1f);
        while at + 16 <= bytes.len() {
            let chunk = _mm_loadu_si128(bytes.as_ptr().add(at).cast());
            // A byte is at most 0x1f when the unsigned minimum leaves it as is.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(chunk, last_control), chunk);
            let special = _mm_or_si128(
                _mm_cmpeq_epi8(chunk, quote),
                _mm_cmpeq_epi8(chunk, backslash),
            );
            let mask = _mm_movemask_epi8(_mm_or_si128(control, special)) as u32;
            if mask != 0 {
                return Ok(at + mask.trailing_zeros() as usize);
            }
            at += 16;
        }
    }
    Err(at)
}

/// [`next_escape`] eight bytes at a time, in portable code.
#[inline]
fn next_escape_swar(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A byte is flagged (its high bit set) when it is below 0x20, or when
        // it equals '"' or '\\' (it is zero after the XOR): the classic
        // "has zero byte" test, on bytes below 0x80 only.
        let quote = word ^ (LOW * u64::from(b'"'));
        let backslash = word ^ (LOW * u64::from(b'\\'));
        let flagged =
            (word.wrapping_sub(LOW * 0x20) | quote.wrapping_sub(LOW) | backslash.wrapping_sub(LOW))
                & !word
                & HIGH;
        if flagged != 0 {
            // Borrows can flag bytes after a real one, never before it: the
            // lowest flag is exact.
            let first = at + (flagged.trailing_zeros() / 8) as usize;
            debug_assert!(NEEDS_ESCAPE[usize::from(bytes[first])]);
            return Some(first);
        }
        at += 8;
    }
    (at..bytes.len()).find(|&i| NEEDS_ESCAPE[usize::from(bytes[i])])
}

/// Writes the escape of one byte that needs one.
#[cold]
fn write_escape<O: Out + ?Sized>(out: &mut O, byte: u8) {
    match byte {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        b'\n' => out.push_str("\\n"),
        b'\r' => out.push_str("\\r"),
        b'\t' => out.push_str("\\t"),
        0x08 => out.push_str("\\b"),
        0x0c => out.push_str("\\f"),
        _ => {
            let escape = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ];
            // SAFETY: ASCII.
            out.push_str(unsafe { std::str::from_utf8_unchecked(&escape) });
        }
    }
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
    fn every_position_of_every_escaped_byte_is_found() {
        let specials = (0u8..0x20).chain([b'"', b'\\']);
        for special in specials {
            for len in 1..40 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    if at + 1 < len {
                        bytes[at + 1] = 0xc3; // a high byte right after
                    }
                    assert_eq!(
                        next_escape(&bytes, 0),
                        Some(at),
                        "{special:#x} at {at} of {len}"
                    );
                }
            }
        }
        assert_eq!(next_escape("é日本語\u{7f} ~".repeat(9).as_bytes(), 0), None);
    }

    #[test]
    fn containers() {
        assert_eq!(
            round_trip(r#" { "a" : [ 1 , { } , [ ] ] , "b" : null } "#),
            r#"{"a":[1,{},[]],"b":null}"#
        );
    }
}
