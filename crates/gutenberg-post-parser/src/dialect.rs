//! Which reference parser's output a document reproduces.

/// The reference parser whose output [`crate::parse_with`] reproduces.
///
/// The two references agree on the grammar and the recovery, and differ in
/// three details (measured in `fixtures/reference/php/DIALECT.md`):
/// whitespace inside delimiters, HTML runs that are exactly `"0"`, and how
/// attributes decode (see [`crate::build`] and [`crate::json::parse_php`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// `@wordpress/block-serialization-default-parser` 5.56.0: JavaScript's
    /// `\s` (no-break space, U+2028, the byte-order mark and the other Unicode
    /// spaces included) and attributes as `JSON.parse` returns them.
    #[default]
    Js,
    /// WordPress's `WP_Block_Parser` (PHP): ASCII whitespace only
    /// (`[\t\n\v\f\r ]`); an HTML run of exactly `"0"` is dropped before an
    /// inner block and at the end of a block closed at the top level (PHP's
    /// `! empty()`); attributes as `json_decode($text, true)` returns them.
    Php,
}
