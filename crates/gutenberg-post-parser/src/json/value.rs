//! The decoded JSON value.

use std::collections::HashMap;
use std::ops::Deref;

use super::string::Str;

/// A JSON value. Strings borrow from the source text unless they contained escapes.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Every JSON number, as a JavaScript number (an IEEE double).
    Number(f64),
    /// A string (which may hold lone surrogates, as in JavaScript).
    String(Str<'a>),
    /// An array.
    Array(Array<'a>),
    /// An object, keys in JavaScript's property order.
    Object(Object<'a>),
}

impl<'a> Value<'a> {
    /// The object, when this is one.
    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Value::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The array, when this is one.
    pub fn as_array(&self) -> Option<&Array<'a>> {
        match self {
            Value::Array(array) => Some(array),
            _ => None,
        }
    }

    /// The text of a string that holds no lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(string) => string.as_str(),
            _ => None,
        }
    }

    /// The number, when this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A JSON array. Dropping it never recurses, however deep it nests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Array<'a>(Vec<Value<'a>>);

impl<'a> Array<'a> {
    /// Wraps these items.
    pub fn from_vec(items: Vec<Value<'a>>) -> Self {
        Array(items)
    }

    /// Takes the items out, leaving the array empty.
    pub fn take(&mut self) -> Vec<Value<'a>> {
        std::mem::take(&mut self.0)
    }
}

impl<'a> Deref for Array<'a> {
    type Target = [Value<'a>];
    fn deref(&self) -> &[Value<'a>] {
        &self.0
    }
}

/// A JSON object: unique keys, array-index keys first in ascending order, then
/// the rest in first-insertion order, as JavaScript orders an object's properties.
/// Dropping it never recurses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object<'a>(Vec<(Str<'a>, Value<'a>)>);

impl<'a> Object<'a> {
    /// An empty object.
    pub fn new() -> Self {
        Object(Vec::new())
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        // A key's WTF-8 is its UTF-8 unless it holds a lone surrogate, whose
        // bytes no `str` holds.
        self.get_wtf8(key.as_bytes())
    }

    /// The value of the key whose [`Str::as_wtf8`] bytes are `key`, if
    /// present: how a host string with a lone surrogate names its key.
    pub fn get_wtf8(&self, key: &[u8]) -> Option<&Value<'a>> {
        self.0
            .iter()
            .find(|(k, _)| k.as_wtf8() == key)
            .map(|(_, v)| v)
    }

    /// An object of entries already in JavaScript's order, with unique keys.
    pub(crate) fn from_ordered(entries: Vec<(Str<'a>, Value<'a>)>) -> Self {
        Object(entries)
    }

    /// Takes the entries out, leaving the object empty.
    pub fn take(&mut self) -> Vec<(Str<'a>, Value<'a>)> {
        std::mem::take(&mut self.0)
    }
}

impl<'a> Deref for Object<'a> {
    type Target = [(Str<'a>, Value<'a>)];
    fn deref(&self) -> &[(Str<'a>, Value<'a>)] {
        &self.0
    }
}

impl<'a> FromIterator<(Str<'a>, Value<'a>)> for Object<'a> {
    /// Inserts each entry as `JSON.parse` would: a repeated key keeps its first
    /// position and takes the last value.
    fn from_iter<I: IntoIterator<Item = (Str<'a>, Value<'a>)>>(entries: I) -> Self {
        let mut builder = ObjectBuilder::default();
        for (key, value) in entries {
            builder.insert(key, value);
        }
        builder.finish()
    }
}

/// Collects an object's entries with JavaScript's key rules.
#[derive(Default)]
pub(crate) struct ObjectBuilder<'a> {
    /// Array-index keys with their numeric value, kept sorted.
    indexed: Vec<(u32, Str<'a>, Value<'a>)>,
    /// Other keys in first-insertion order.
    named: Vec<(Str<'a>, Value<'a>)>,
    /// Position of each named key, built once the object gets large.
    positions: Option<HashMap<Str<'a>, usize>>,
}

/// Past this many named keys, duplicate checks use a hash map instead of a scan.
const SCAN_LIMIT: usize = 16;

impl<'a> ObjectBuilder<'a> {
    pub(crate) fn insert(&mut self, key: Str<'a>, value: Value<'a>) {
        if let Some(index) = key.as_str().and_then(array_index) {
            match self.indexed.binary_search_by_key(&index, |entry| entry.0) {
                Ok(at) => self.indexed[at].2 = value,
                Err(at) => self.indexed.insert(at, (index, key, value)),
            }
            return;
        }
        if let Some(positions) = &mut self.positions {
            match positions.get(&key) {
                Some(&at) => self.named[at].1 = value,
                None => {
                    positions.insert(key.clone(), self.named.len());
                    self.named.push((key, value));
                }
            }
            return;
        }
        if let Some(entry) = self.named.iter_mut().find(|(k, _)| *k == key) {
            entry.1 = value;
            return;
        }
        self.named.push((key, value));
        if self.named.len() > SCAN_LIMIT {
            let positions = self
                .named
                .iter()
                .enumerate()
                .map(|(at, (k, _))| (k.clone(), at))
                .collect();
            self.positions = Some(positions);
        }
    }

    pub(crate) fn finish(self) -> Object<'a> {
        if self.indexed.is_empty() {
            return Object(self.named);
        }
        let mut entries = Vec::with_capacity(self.indexed.len() + self.named.len());
        entries.extend(self.indexed.into_iter().map(|(_, k, v)| (k, v)));
        entries.extend(self.named);
        Object(entries)
    }
}

/// The value of a key that JavaScript treats as an array index: the canonical
/// decimal form of an integer from 0 to 2³² − 2.
fn array_index(key: &str) -> Option<u32> {
    let bytes = key.as_bytes();
    let canonical = match bytes {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.len() <= 9 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !canonical {
        return None;
    }
    let value: u64 = key.parse().ok()?;
    (value < u64::from(u32::MAX)).then_some(value as u32)
}

/// Empties nested containers onto a heap stack so that drop never recurses.
fn drop_children(mut pending: Vec<Value<'_>>) {
    while let Some(value) = pending.pop() {
        match value {
            Value::Array(mut array) => pending.append(&mut array.0),
            Value::Object(mut object) => pending.extend(object.0.drain(..).map(|(_, v)| v)),
            _ => {}
        }
    }
}

fn has_containers<'v, 'a: 'v>(mut values: impl Iterator<Item = &'v Value<'a>>) -> bool {
    values.any(|value| matches!(value, Value::Array(_) | Value::Object(_)))
}

impl Drop for Array<'_> {
    fn drop(&mut self) {
        if has_containers(self.0.iter()) {
            drop_children(std::mem::take(&mut self.0));
        }
    }
}

impl Drop for Object<'_> {
    fn drop(&mut self) {
        if has_containers(self.0.iter().map(|(_, v)| v)) {
            drop_children(self.0.drain(..).map(|(_, v)| v).collect());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_index_keys() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("4294967294"), Some(4_294_967_294));
        assert_eq!(array_index("4294967295"), None);
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index("-1"), None);
        assert_eq!(array_index(""), None);
    }

    #[test]
    fn duplicate_keys_keep_first_position_and_last_value() {
        let object: Object = (0..40)
            .map(|i| {
                (
                    Str::from(format!("k{}", i % 20)),
                    Value::Number(f64::from(i)),
                )
            })
            .collect();
        assert_eq!(object.len(), 20);
        assert_eq!(object[3].0, "k3");
        assert_eq!(object.get("k3"), Some(&Value::Number(23.0)));
    }

    #[test]
    fn keys_with_lone_surrogates_are_found_by_their_wtf8() {
        let value = crate::json::parse(r#"{"\ud800":1,"a":2}"#).expect("valid JSON");
        let object = value.as_object().expect("an object");
        assert_eq!(object.get_wtf8(b"\xed\xa0\x80"), Some(&Value::Number(1.0)));
        assert_eq!(object.get_wtf8(b"a"), Some(&Value::Number(2.0)));
        assert_eq!(object.get_wtf8(b"\xed\xa0"), None);
    }

    #[test]
    fn deep_nesting_drops_without_overflow() {
        let mut value = Value::Null;
        for _ in 0..1_000_000 {
            value = Value::Array(Array(vec![value]));
        }
        drop(value);
    }
}
