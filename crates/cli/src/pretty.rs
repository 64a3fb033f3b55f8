//! Indenting compact JSON as `JSON.stringify(value, null, 2)` would, as it is
//! written: a stream in, a stream out.

use gutenberg_post_parser::json::Out;

/// An [`Out`] that indents the compact, valid JSON it is given by two spaces
/// and passes it on. Iterative: nesting depth only grows the indentation.
pub struct Pretty<'o, O: Out + ?Sized> {
    out: &'o mut O,
    depth: usize,
    in_string: bool,
    /// The last byte was a backslash inside a string.
    escaped: bool,
    /// A `[` or `{` whose line break waits for the next byte: `[]` and `{}`
    /// stay on one line.
    open: Option<u8>,
    /// Room to build output in, reused between pieces.
    buffer: Vec<u8>,
}

impl<'o, O: Out + ?Sized> Pretty<'o, O> {
    /// Indents what is pushed into `out`.
    pub fn new(out: &'o mut O) -> Self {
        Pretty {
            out,
            depth: 0,
            in_string: false,
            escaped: false,
            open: None,
            buffer: Vec::new(),
        }
    }

    fn newline(&mut self) {
        self.buffer.push(b'\n');
        self.buffer.resize(self.buffer.len() + 2 * self.depth, b' ');
    }

    /// Writes what is pending; call once the JSON is complete.
    pub fn finish(mut self) {
        if let Some(open) = self.open.take() {
            self.buffer.push(open);
            self.flush();
        }
    }

    fn flush(&mut self) {
        // SAFETY: only whole UTF-8 pieces of the input and ASCII were added.
        self.out
            .push_str(unsafe { std::str::from_utf8_unchecked(&self.buffer) });
        self.buffer.clear();
    }
}

impl<O: Out + ?Sized> Out for Pretty<'_, O> {
    fn push_str(&mut self, text: &str) {
        for &byte in text.as_bytes() {
            if let Some(open) = self.open.take() {
                self.buffer.push(open);
                if matches!(byte, b']' | b'}') {
                    self.buffer.push(byte);
                    continue;
                }
                self.depth += 1;
                self.newline();
            }
            if self.in_string {
                self.buffer.push(byte);
                if self.escaped {
                    self.escaped = false;
                } else if byte == b'\\' {
                    self.escaped = true;
                } else if byte == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match byte {
                b'"' => {
                    self.in_string = true;
                    self.buffer.push(byte);
                }
                b'[' | b'{' => self.open = Some(byte),
                b']' | b'}' => {
                    self.depth -= 1;
                    self.newline();
                    self.buffer.push(byte);
                }
                b',' => {
                    self.buffer.push(byte);
                    self.newline();
                }
                b':' => self.buffer.extend_from_slice(b": "),
                _ => self.buffer.push(byte),
            }
        }
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `json` in pieces of `step` bytes (at character boundaries).
    fn pretty(json: &str, step: usize) -> String {
        let mut out = String::new();
        let mut pretty = Pretty::new(&mut out);
        let mut at = 0;
        while at < json.len() {
            let mut end = (at + step).min(json.len());
            while !json.is_char_boundary(end) {
                end += 1;
            }
            pretty.push_str(&json[at..end]);
            at = end;
        }
        pretty.finish();
        out
    }

    #[test]
    fn indents_like_json_stringify() {
        let json = r#"[{"a":[],"b":{},"c":["x,\"]:é",null]}]"#;
        let expected = "[\n  {\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n      \"x,\\\"]:é\",\n      null\n    ]\n  }\n]";
        for step in [1, 2, 3, 7, json.len()] {
            assert_eq!(pretty(json, step), expected, "pieces of {step}");
        }
        assert_eq!(pretty("[]", 1), "[]");
    }
}
