//! Changes to a block's attributes, as search-and-replace tools make them:
//! set a key, remove one, or replace text inside every string value.
//!
//! ```
//! use gutenberg_post_parser::json::{self, Value};
//! use gutenberg_post_parser::rewrite::{change_attrs, AttrChange};
//!
//! let attrs = json::parse(r#"{"url":"http://old.example/a","sizes":["http://old.example/b"]}"#).unwrap();
//! let changes = [
//!     AttrChange::Replace { from: "http://old.example".into(), to: "https://new.example".into() },
//!     AttrChange::Set("id".into(), Value::Number(7.0)),
//! ];
//! let changed = change_attrs(&attrs, &changes).unwrap();
//! let mut text = String::new();
//! json::write_value(&mut text, &changed);
//! assert_eq!(text, r#"{"url":"https://new.example/a","sizes":["https://new.example/b"],"id":7}"#);
//! ```

use std::vec;

use crate::json::{Array, Object, Str, Value};
use crate::query::same_value;

/// One change to an attributes object.
#[derive(Clone, Debug)]
pub enum AttrChange<'v> {
    /// Sets a key to a value (added last when new, as JavaScript adds it).
    Set(String, Value<'v>),
    /// Removes a key.
    Unset(String),
    /// Replaces every occurrence of `from` with `to` inside every string
    /// value, at any depth (keys are left alone).
    Replace {
        /// The text to find; empty finds nothing.
        from: String,
        /// Its replacement.
        to: String,
    },
}

/// The attributes after `changes`, in order; `None` when `attrs` is not an
/// object (invalid JSON in the source) or nothing would change.
pub fn change_attrs<'a>(attrs: &Value<'a>, changes: &[AttrChange<'a>]) -> Option<Value<'a>> {
    let object = attrs.as_object()?;
    let mut entries: Vec<(Str<'a>, Value<'a>)> = object.to_vec();
    for change in changes {
        match change {
            AttrChange::Set(key, value) => {
                // A repeated key keeps its place and takes the last value.
                entries.push((Str::from(key.clone()), value.clone()));
                entries = Object::from_iter(entries).take();
            }
            AttrChange::Unset(key) => entries.retain(|(k, _)| k != key.as_str()),
            AttrChange::Replace { from, to } => {
                for (_, value) in &mut entries {
                    replace_in_strings(value, from, to);
                }
            }
        }
    }
    let changed = Value::Object(entries.into_iter().collect());
    (!same_value(&changed, attrs)).then_some(changed)
}

/// An array or object taken apart while its values are rewritten.
enum Frame<'a> {
    Array(Vec<Value<'a>>, vec::IntoIter<Value<'a>>),
    Object(
        Vec<(Str<'a>, Value<'a>)>,
        vec::IntoIter<(Str<'a>, Value<'a>)>,
        Option<Str<'a>>,
    ),
}

/// Replaces `from` with `to` in every string inside `value`; returns how
/// many strings changed. Iterative: any depth is fine.
pub fn replace_in_strings(value: &mut Value<'_>, from: &str, to: &str) -> usize {
    if from.is_empty() {
        return 0;
    }
    let mut changed = 0;
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut next = Some(std::mem::replace(value, Value::Null));
    loop {
        // Open the next value, or finish the one on top of the stack.
        let mut done = match next.take() {
            Some(Value::Array(mut array)) => {
                let items = array.take();
                stack.push(Frame::Array(
                    Vec::with_capacity(items.len()),
                    items.into_iter(),
                ));
                None
            }
            Some(Value::Object(mut object)) => {
                let entries = object.take();
                let kept = Vec::with_capacity(entries.len());
                stack.push(Frame::Object(kept, entries.into_iter(), None));
                None
            }
            Some(Value::String(text)) => {
                Some(Value::String(replaced(text, from, to, &mut changed)))
            }
            Some(other) => Some(other),
            None => None,
        };
        loop {
            let Some(top) = stack.last_mut() else {
                *value = done.expect("the outermost value is finished last");
                return changed;
            };
            match top {
                Frame::Array(items, rest) => {
                    items.extend(done.take());
                    if let Some(item) = rest.next() {
                        next = Some(item);
                        break;
                    }
                }
                Frame::Object(entries, rest, key) => {
                    if let Some(finished) = done.take() {
                        entries.push((key.take().expect("a key is pending"), finished));
                    }
                    if let Some((k, item)) = rest.next() {
                        *key = Some(k);
                        next = Some(item);
                        break;
                    }
                }
            }
            done = Some(match stack.pop().expect("a frame is open") {
                Frame::Array(items, _) => Value::Array(Array::from_vec(items)),
                Frame::Object(entries, _, _) => Value::Object(Object::from_ordered(entries)),
            });
        }
    }
}

fn replaced<'a>(text: Str<'a>, from: &str, to: &str, changed: &mut usize) -> Str<'a> {
    match text.as_str() {
        Some(plain) if plain.contains(from) => {
            *changed += 1;
            Str::from(plain.replace(from, to))
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn text(value: &Value<'_>) -> String {
        let mut out = String::new();
        json::write_value(&mut out, value);
        out
    }

    #[test]
    fn set_unset_and_replace() {
        let attrs = json::parse(r#"{"a":"x-x","b":{"c":["x",1,{"d":"xx"}]},"2":0}"#).unwrap();
        let changes = [
            AttrChange::Replace {
                from: "x".into(),
                to: "yz".into(),
            },
            AttrChange::Unset("2".into()),
            AttrChange::Set("a".into(), Value::Bool(true)),
            AttrChange::Set("1".into(), Value::Null),
        ];
        let changed = change_attrs(&attrs, &changes).unwrap();
        assert_eq!(
            text(&changed),
            r#"{"1":null,"a":true,"b":{"c":["yz",1,{"d":"yzyz"}]}}"#
        );
    }

    #[test]
    fn nothing_to_change_is_none() {
        let attrs = json::parse(r#"{"a":"b"}"#).unwrap();
        let replace = AttrChange::Replace {
            from: "zz".into(),
            to: "y".into(),
        };
        assert!(change_attrs(&attrs, &[replace]).is_none());
        assert!(change_attrs(&attrs, &[AttrChange::Set("a".into(), attrs_b())]).is_none());
        assert!(change_attrs(&Value::Null, &[AttrChange::Unset("a".into())]).is_none());
    }

    fn attrs_b() -> Value<'static> {
        Value::String(Str::from("b"))
    }

    #[test]
    fn deep_values_do_not_recurse() {
        let depth = 200_000;
        let source = "[".repeat(depth) + "\"x\"" + &"]".repeat(depth);
        let mut value = json::parse(&source).unwrap();
        assert_eq!(replace_in_strings(&mut value, "x", "y"), 1);
        let mut out = String::new();
        json::write_value(&mut out, &value);
        assert_eq!(out, source.replace('x', "y"));
    }
}
