//! Indenting compact JSON text as `JSON.stringify(value, null, 2)` would.

use std::io::{self, Write};

/// Writes `json` (compact and valid, as the parser prints it) indented by two
/// spaces. Iterative: nesting depth only grows the indentation.
pub fn write(json: &str, out: &mut dyn Write) -> io::Result<()> {
    let bytes = json.as_bytes();
    let mut text = Vec::with_capacity(bytes.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut at = 0;
    let newline = |text: &mut Vec<u8>, depth: usize| {
        text.push(b'\n');
        text.resize(text.len() + 2 * depth, b' ');
    };
    while at < bytes.len() {
        let byte = bytes[at];
        at += 1;
        if in_string {
            text.push(byte);
            match byte {
                b'\\' => {
                    text.push(bytes[at]);
                    at += 1;
                }
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => {
                in_string = true;
                text.push(byte);
            }
            b'[' | b'{' if matches!(bytes.get(at), Some(b']' | b'}')) => {
                text.extend_from_slice(&[byte, bytes[at]]);
                at += 1;
            }
            b'[' | b'{' => {
                text.push(byte);
                depth += 1;
                newline(&mut text, depth);
            }
            b']' | b'}' => {
                depth -= 1;
                newline(&mut text, depth);
                text.push(byte);
            }
            b',' => {
                text.push(byte);
                newline(&mut text, depth);
            }
            b':' => text.extend_from_slice(b": "),
            _ => text.push(byte),
        }
    }
    out.write_all(&text)
}

#[cfg(test)]
mod tests {
    fn pretty(json: &str) -> String {
        let mut out = Vec::new();
        super::write(json, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn indents_like_json_stringify() {
        assert_eq!(
            pretty(r#"[{"a":[],"b":{},"c":["x,\"]:",null]}]"#),
            "[\n  {\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n      \"x,\\\"]:\",\n      null\n    ]\n  }\n]"
        );
        assert_eq!(pretty("[]"), "[]");
    }
}
