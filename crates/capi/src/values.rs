//! Flattens decoded JSON into pre-ordered `gpp_value` records, with every key
//! and string copied into one text buffer.

use std::slice;

use gutenberg_post_parser::json::{Str, Value};

use crate::types::{
    gpp_span, gpp_value, narrow, GPP_VALUE_ARRAY, GPP_VALUE_FALSE, GPP_VALUE_NULL,
    GPP_VALUE_NUMBER, GPP_VALUE_OBJECT, GPP_VALUE_STRING, GPP_VALUE_TRUE,
};

/// The value records of a document and the text their keys and strings live in.
#[derive(Default)]
pub(crate) struct Values {
    pub records: Vec<gpp_value>,
    /// UTF-8, except that a string holding a lone surrogate (`"\ud800"` in the
    /// JSON) holds it as WTF-8: the three bytes UTF-8 would give its code point.
    pub text: Vec<u8>,
}

/// The children of a container still to be written.
enum Children<'v, 'a> {
    Items(slice::Iter<'v, Value<'a>>),
    Members(slice::Iter<'v, (Str<'a>, Value<'a>)>),
}

impl Values {
    /// Appends `root` and everything inside it, depth-first with an explicit
    /// stack (any depth is fine); returns the index of `root`'s record.
    pub fn push(&mut self, root: &Value<'_>) -> u32 {
        let root_index = self.records.len();
        let mut open: Vec<(usize, Children<'_, '_>)> = Vec::new();
        if let Some(children) = self.push_one(None, root) {
            open.push((root_index, children));
        }
        while let Some((record, children)) = open.last_mut() {
            let next = match children {
                Children::Items(items) => items.next().map(|value| (None, value)),
                Children::Members(members) => members.next().map(|(key, value)| (Some(key), value)),
            };
            match next {
                Some((key, value)) => {
                    let index = self.records.len();
                    if let Some(children) = self.push_one(key, value) {
                        open.push((index, children));
                    }
                }
                None => {
                    let record = *record;
                    self.records[record].descendant_count = narrow(self.records.len() - record - 1);
                    open.pop();
                }
            }
        }
        narrow(root_index)
    }

    /// Appends one record; returns its children when it is a container.
    fn push_one<'v, 'a>(
        &mut self,
        key: Option<&Str<'_>>,
        value: &'v Value<'a>,
    ) -> Option<Children<'v, 'a>> {
        let key = key.map_or_else(gpp_span::default, |key| self.append_text(key));
        let mut record = gpp_value {
            kind: GPP_VALUE_NULL,
            key,
            string: gpp_span::default(),
            number: 0.0,
            count: 0,
            descendant_count: 0,
        };
        let children = match value {
            Value::Null => None,
            Value::Bool(false) => {
                record.kind = GPP_VALUE_FALSE;
                None
            }
            Value::Bool(true) => {
                record.kind = GPP_VALUE_TRUE;
                None
            }
            Value::Number(number) => {
                record.kind = GPP_VALUE_NUMBER;
                record.number = *number;
                None
            }
            Value::String(string) => {
                record.kind = GPP_VALUE_STRING;
                record.string = self.append_text(string);
                None
            }
            Value::Array(items) => {
                record.kind = GPP_VALUE_ARRAY;
                record.count = narrow(items.len());
                Some(Children::Items(items.iter()))
            }
            Value::Object(members) => {
                record.kind = GPP_VALUE_OBJECT;
                record.count = narrow(members.len());
                Some(Children::Members(members.iter()))
            }
        };
        self.records.push(record);
        children
    }

    fn append_text(&mut self, text: &Str<'_>) -> gpp_span {
        let start = self.text.len();
        self.text.extend_from_slice(text.as_wtf8());
        gpp_span {
            start: narrow(start),
            len: narrow(text.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gutenberg_post_parser::json;

    #[test]
    fn records_are_pre_ordered_with_subtree_sizes() {
        let value = json::parse(r#"{"a":[1,{"b":"x\ny"}],"c":true,"a\"":null}"#).unwrap();
        let mut values = Values::default();
        assert_eq!(values.push(&value), 0);
        let kinds: Vec<u32> = values.records.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                GPP_VALUE_OBJECT,
                GPP_VALUE_ARRAY,
                GPP_VALUE_NUMBER,
                GPP_VALUE_OBJECT,
                GPP_VALUE_STRING,
                GPP_VALUE_TRUE,
                GPP_VALUE_NULL
            ]
        );
        let descendants: Vec<u32> = values.records.iter().map(|r| r.descendant_count).collect();
        assert_eq!(descendants, [6, 3, 0, 1, 0, 0, 0]);
        let text = |span: gpp_span| {
            std::str::from_utf8(&values.text[span.start as usize..(span.start + span.len) as usize])
                .unwrap()
        };
        assert_eq!(values.records[0].count, 3);
        assert_eq!(text(values.records[4].string), "x\ny");
        assert_eq!(text(values.records[4].key), "b");
        assert_eq!(text(values.records[6].key), "a\"");
    }

    #[test]
    fn deep_values_flatten_without_recursion() {
        let depth = 100_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let value = json::parse(&text).unwrap();
        let mut values = Values::default();
        values.push(&value);
        assert_eq!(values.records.len(), depth);
        assert_eq!(values.records[0].descendant_count as usize, depth - 1);
    }
}
