//! PHP's readers for the core's `serialize`: what each value is, and the
//! errors users get for values of the wrong shape.
//!
//! PHP has one array type for lists and maps: an array whose keys are 0, 1,
//! ... in order reads as a list, any other as a map, except a block's `attrs`,
//! which always reads as a map (`[]` is WordPress's empty attributes).

use std::collections::HashSet;

use ext_php_rs::ffi::zval;
use gutenberg_post_parser::json::Str;
use gutenberg_post_parser::read::{Field, Host, Invalid, Problem, Reader};

use crate::zend::{self, Key, Read};

/// A value to read: a zval in the caller's arrays, or an array key.
#[derive(Clone, Copy)]
pub enum Value<'r> {
    Zval(*const zval),
    Index(i64),
    Key(&'r [u8]),
}

/// Reads PHP values that stay alive and unchanged for `'r` (the arguments
/// of one call).
#[derive(Default)]
pub struct PhpReader {
    /// The `attrs` values of the blocks read so far.
    attrs: HashSet<usize>,
}

impl PhpReader {
    /// The values of `blocks`, in order.
    ///
    /// # Safety
    /// `blocks` stays alive and unchanged for `'r`.
    pub unsafe fn roots<'r>(table: &'r ext_php_rs::ffi::HashTable) -> Vec<Value<'r>> {
        zend::entries(table)
            .into_iter()
            .map(|(_, value)| Value::Zval(value))
            .collect()
    }

    /// A reader of the attributes array `attrs` (for `read_attrs`): read as
    /// a map even when empty or list-like, as a block's `attrs` are.
    pub fn for_attrs(attrs: *const zval) -> Self {
        PhpReader {
            attrs: HashSet::from([attrs as usize]),
        }
    }
}

fn text_of(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

impl<'r> Reader<'r> for PhpReader {
    type Value = Value<'r>;
    type Error = std::convert::Infallible;

    fn read(&mut self, value: &Value<'r>) -> Result<Host<'r, Value<'r>>, Self::Error> {
        let pointer = match *value {
            Value::Index(index) => return Ok(Host::String(Str::new(index.to_string()))),
            Value::Key(bytes) => {
                return Ok(text_of(bytes).map_or(Host::Other, |text| Host::String(Str::new(text))))
            }
            Value::Zval(pointer) => pointer,
        };
        // SAFETY: the caller's values live for 'r (see `roots`).
        Ok(match unsafe { zend::read::<'r>(pointer) } {
            Read::Null => Host::Null,
            Read::Bool(flag) => Host::Bool(flag),
            Read::Long(number) => Host::Number(number as f64),
            Read::Double(number) => Host::Number(number),
            Read::String(bytes) => {
                text_of(bytes).map_or(Host::Other, |text| Host::String(Str::new(text)))
            }
            Read::Array(table) => {
                let id = table as *const _ as usize;
                // SAFETY: as above.
                let entries = unsafe { zend::entries(table) };
                let is_list = entries
                    .iter()
                    .enumerate()
                    .all(|(at, (key, _))| matches!(key, Key::Index(index) if *index == at as i64));
                if is_list && !self.attrs.contains(&(pointer as usize)) {
                    Host::List {
                        id,
                        items: entries
                            .into_iter()
                            .map(|(_, item)| Value::Zval(item))
                            .collect(),
                    }
                } else {
                    let entries = entries
                        .into_iter()
                        .map(|(key, item)| {
                            let key = match key {
                                Key::Index(index) => Value::Index(index),
                                Key::String(bytes) => {
                                    if bytes == b"attrs" {
                                        self.attrs.insert(item as usize);
                                    }
                                    Value::Key(bytes)
                                }
                            };
                            (key, Value::Zval(item))
                        })
                        .collect();
                    Host::Map { id, entries }
                }
            }
            Read::Other(_) => Host::Other,
        })
    }

    fn type_name(&mut self, value: &Value<'r>) -> String {
        let name = match *value {
            Value::Index(_) => "int",
            Value::Key(_) => "a string that is not UTF-8",
            // SAFETY: as in `read`.
            Value::Zval(pointer) => match unsafe { zend::read::<'r>(pointer) } {
                Read::Null => "null",
                Read::Bool(_) => "bool",
                Read::Long(_) => "int",
                Read::Double(_) => "float",
                Read::String(bytes) if text_of(bytes).is_none() => "a string that is not UTF-8",
                Read::String(_) => "string",
                Read::Array(_) => "array",
                Read::Other(name) => name,
            },
        };
        name.to_owned()
    }
}

/// The message for a block value of the wrong shape, and whether it is a
/// type problem (TypeError) rather than a value problem (ValueError).
pub fn invalid_message(invalid: Invalid) -> (bool, String) {
    let Invalid {
        block,
        path,
        problem,
    } = invalid;
    let (type_error, message) = problem_message(problem);
    (
        type_error,
        format!("block {block}: {message} (at blocks{path})"),
    )
}

/// The message for attributes of the wrong shape given as argument
/// `number` (`$name`) of `function` (`read_attrs`'s paths start at `.attrs`).
pub fn attrs_message(
    function: &str,
    number: usize,
    name: &str,
    invalid: Invalid,
) -> (bool, String) {
    let path = invalid
        .path
        .strip_prefix(".attrs")
        .unwrap_or(&invalid.path)
        .to_owned();
    let (type_error, message) = problem_message(invalid.problem);
    let message = message.strip_prefix("attrs: ").unwrap_or(&message);
    (
        type_error,
        format!("{function}(): Argument #{number} (${name}): {message} (at ${name}{path})"),
    )
}

/// What is wrong, and whether it is a type problem.
fn problem_message(problem: Problem) -> (bool, String) {
    match problem {
        Problem::NotABlock { found } => (true, format!("expected an array, not {found}")),
        Problem::Missing(field) => (false, format!("missing key '{}'", field.key())),
        Problem::WrongType { field, found } => {
            let expected = match field {
                Field::BlockName => "a string or null",
                Field::Attrs => "an array or null",
                Field::InnerBlocks | Field::InnerContent => "a list",
            };
            (
                true,
                format!("{} must be {expected}, not {found}", field.key()),
            )
        }
        Problem::ContentEntry { found } => (
            true,
            format!("innerContent items must be strings or null, not {found}"),
        ),
        Problem::AttrsKey { found } => (true, format!("attrs: keys must be strings, not {found}")),
        Problem::AttrsValue { found } => (
            true,
            format!("attrs: values must be null, bool, int, float, string or array, not {found}"),
        ),
        // The core's wording: nothing PHP-specific in these.
        problem @ (Problem::Placeholders { .. }
        | Problem::BlockCycle
        | Problem::AttrsCycle
        | Problem::InvalidName(_)
        | Problem::LoneSurrogate(_)) => (false, problem.to_string()),
    }
}
