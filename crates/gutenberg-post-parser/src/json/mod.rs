//! JSON with JavaScript's semantics, for block attributes.
//!
//! The reference decodes attributes with `JSON.parse` and prints them with
//! `JSON.stringify`; this module does both the same way: numbers are IEEE
//! doubles, the last of duplicate keys wins, integer-like keys come first in
//! ascending order, and numbers print as JavaScript prints them.
//!
//! Nothing here recurses: arbitrarily deep values parse, print and drop safely.

mod decode;
mod encode;
mod php;
mod value;

pub use decode::{parse, JsonError};
pub use encode::{write_escaped, write_number, write_string, write_value};
pub use php::{parse_php, PhpKey, PhpValue};
pub use value::{Array, Object, Value};
