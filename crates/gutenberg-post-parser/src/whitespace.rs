//! The whitespace each reference tokenizer accepts inside delimiters.
//!
//! JavaScript's `\s` is ECMAScript's `WhiteSpace` and `LineTerminator` sets,
//! which include several non-ASCII characters (no-break space, the byte-order
//! mark, the `Zs` spaces, the line and paragraph separators). PHP's (PCRE's `\s`
//! without `/u`) is the six ASCII bytes `[\t\n\v\f\r ]`. JSON's own whitespace
//! is narrower still; see `json`.

/// Whether `c` matches `\s` in a JavaScript regular expression.
#[inline]
pub fn is_js_whitespace(c: char) -> bool {
    match c {
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' => true,
        c if (c as u32) < 0x80 => false,
        '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}'
        | '\u{feff}' => true,
        _ => false,
    }
}

/// Whether `byte` matches `\s` in PHP's (PCRE's) regular expressions without `/u`.
#[inline]
pub fn is_php_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Length in bytes of the run of PHP whitespace that starts `s`.
#[inline]
pub fn php_leading_len(s: &str) -> usize {
    s.bytes().take_while(|&b| is_php_whitespace(b)).count()
}

/// Length in bytes of the run of PHP whitespace that ends `s`.
#[inline]
pub fn php_trailing_len(s: &str) -> usize {
    s.bytes()
        .rev()
        .take_while(|&b| is_php_whitespace(b))
        .count()
}

/// Length in bytes of the run of JavaScript whitespace that starts `s`.
#[inline]
pub fn leading_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    // ASCII fast path: almost every delimiter uses plain spaces.
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    if i < bytes.len() && bytes[i] >= 0x80 {
        for c in s[i..].chars() {
            if !is_js_whitespace(c) {
                break;
            }
            i += c.len_utf8();
        }
    }
    i
}

/// Length in bytes of the run of JavaScript whitespace that ends `s`.
#[inline]
pub fn trailing_len(s: &str) -> usize {
    s.len() - s.trim_end_matches(is_js_whitespace).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_unicode_runs() {
        assert_eq!(leading_len(" \t\r\nx"), 4);
        assert_eq!(leading_len("\u{a0}\u{3000} x"), 2 + 3 + 1);
        assert_eq!(leading_len("\u{85}"), 0, "NEL is not JavaScript whitespace");
        assert_eq!(trailing_len("x\u{feff} "), 4);
        assert_eq!(trailing_len("x"), 0);
    }

    #[test]
    fn php_takes_ascii_only() {
        assert_eq!(php_leading_len(" \t\r\n\u{b}\u{c}x"), 6);
        assert_eq!(php_leading_len("\u{a0} "), 0);
        assert_eq!(php_trailing_len("x \u{feff}"), 0);
        assert_eq!(php_trailing_len("x\u{feff} \n"), 2);
    }
}
