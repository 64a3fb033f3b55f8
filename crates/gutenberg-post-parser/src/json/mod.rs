//! JSON for block attributes, with the rules of each reference parser.
//!
//! The npm reference decodes attributes with `JSON.parse` and prints them with
//! `JSON.stringify`; [`parse`], [`Value`] and [`write_value`] do both the same
//! way: numbers are IEEE doubles, the last of duplicate keys wins, integer-like
//! keys come first in ascending order, and numbers print as JavaScript prints
//! them. Strings are UTF-16 in JavaScript and may hold lone surrogates
//! (`"\ud800"`); [`Str`] keeps them.
//!
//! WordPress's PHP parser decodes them with `json_decode($text, true)`;
//! [`parse_php`] and [`PhpValue`] follow its rules (int64 and float numbers,
//! PHP array keys, insertion order, `null` for what it refuses).
//!
//! Nothing here recurses: arbitrarily deep values parse, print and drop safely.

mod decode;
mod encode;
mod events;
mod js_events;
mod open;
mod out;
mod php;
mod string;
mod stringified;
mod value;

pub use decode::{parse, JsonError};
pub use encode::{write_escaped, write_number, write_str, write_string, write_value};
pub(crate) use js_events::JsEvent;
pub use js_events::JsEvents;
pub use out::{Out, OutOfMemory, TryString, WriteOut};
pub(crate) use php::Event;
pub use php::{parse_php, PhpEvents, PhpKey, PhpValue};
pub use string::Str;
pub use stringified::as_stringified;
pub use value::{Array, Object, Value};
