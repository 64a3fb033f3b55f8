//! The types and constants of the C ABI, laid out exactly as C sees them.
//!
//! Names follow C conventions (`gpp_node`, `GPP_OK`) so that the Rust source and
//! the generated header read the same.
#![allow(non_camel_case_types)]

use std::os::raw::c_char;

/// Outcome of a call: `GPP_OK` (0) or one of the `GPP_ERROR_*` codes.
pub type gpp_status = i32;

/// Success.
pub const GPP_OK: gpp_status = 0;
/// A required pointer argument was NULL. (An input of length 0 may be NULL.)
pub const GPP_ERROR_NULL_POINTER: gpp_status = 1;
/// The input is not UTF-8; `gpp_error.offset` and `gpp_error.length` say where.
pub const GPP_ERROR_INVALID_UTF8: gpp_status = 2;
/// `options` has a bit no `GPP_PARSE_*` constant defines.
pub const GPP_ERROR_INVALID_ARGUMENT: gpp_status = 3;
/// The input is longer than `GPP_MAX_INPUT_LEN` bytes.
pub const GPP_ERROR_INPUT_TOO_LARGE: gpp_status = 4;
/// A bug in the library: it panicked. The panic was caught (nothing unwinds
/// into C) and nothing was returned.
pub const GPP_ERROR_INTERNAL: gpp_status = 5;
/// The result would hold more text than `max_output_bytes` allows (unclosed
/// blocks each hold the rest of the document, so it can grow with the square
/// of the input); `gpp_error.output_bytes` and `gpp_error.limit` say how much.
/// Pass a larger limit, or 0 for none.
pub const GPP_ERROR_EXPANSION_LIMIT: gpp_status = 6;
/// The result did not fit in memory; `gpp_error.output_bytes` says how much
/// it needed when the allocation failed.
pub const GPP_ERROR_OUT_OF_MEMORY: gpp_status = 7;

/// The default `max_output_bytes` (64 MiB). A document may always produce 16
/// times its own size, whatever the limit; 0 means no limit.
pub const GPP_DEFAULT_MAX_OUTPUT_BYTES: u64 = 64 << 20;

/// Text given as JSON (an attribute filter's value, `gpp_edit_set_attrs`'s
/// attributes) is not JSON; `gpp_error.offset` is where in it.
pub const GPP_ERROR_INVALID_JSON: gpp_status = 8;
/// An edit changes bytes that an earlier edit of the same editor changes;
/// `gpp_error.offset` and `gpp_error.length` are that edit's byte range.
pub const GPP_ERROR_EDIT_OVERLAP: gpp_status = 9;
/// An edit was refused: attributes for freeform HTML or that are not an
/// object, or markup that would change the blocks around it;
/// `gpp_error.offset` and `gpp_error.length` are its byte range.
pub const GPP_ERROR_EDIT_REFUSED: gpp_status = 10;

/// `gpp_parse` option: also decode every block's attributes into
/// `gpp_document.values` (JavaScript `JSON.parse` semantics) and flag invalid ones.
pub const GPP_PARSE_DECODE_ATTRS: u32 = 1;
/// `gpp_parse` option: parse as WordPress's PHP `WP_Block_Parser` does (the
/// PHP dialect): ASCII-only whitespace in delimiters, an HTML run of exactly
/// `"0"` dropped where PHP drops it, and input that need not be UTF-8 (PHP
/// strings are bytes: invalid bytes stay where they are, inside the spans).
/// Attributes stay spans of JSON text, for the host's `json_decode`: with
/// `GPP_PARSE_DECODE_ATTRS` the call fails with `GPP_ERROR_INVALID_ARGUMENT`.
pub const GPP_PARSE_PHP: u32 = 2;

/// Index meaning "none" (`UINT32_MAX`): `gpp_content.node` of an HTML run,
/// `gpp_node.attrs_value` of a node without decoded attributes.
pub const GPP_NONE: u32 = 0xFFFF_FFFF;

/// The longest input `gpp_parse` and `gpp_parse_json` accept, in bytes (4 GiB - 2):
/// every offset, length, count and index in the records fits in 32 bits.
pub const GPP_MAX_INPUT_LEN: usize = 0xFFFF_FFFE;

/// `gpp_node.flags`: a run of freeform HTML (the reference's `blockName: null`).
pub const GPP_NODE_FREEFORM: u32 = 1;
/// `gpp_node.flags`: written as a void delimiter `<!-- wp:name /-->`.
pub const GPP_NODE_VOID: u32 = 1 << 1;
/// `gpp_node.flags`: the name was written without a namespace; the reference
/// reports it as `core/` followed by the name.
pub const GPP_NODE_IMPLICIT_CORE: u32 = 1 << 2;
/// `gpp_node.flags`: the opener had an attribute group (`gpp_node.attrs`).
pub const GPP_NODE_HAS_ATTRS: u32 = 1 << 3;
/// `gpp_node.flags`, with `GPP_PARSE_DECODE_ATTRS` only: the attribute group is
/// not valid JSON, so the reference's `attrs` is `null`.
pub const GPP_NODE_ATTRS_INVALID: u32 = 1 << 4;

/// `gpp_value.kind`: `null`.
pub const GPP_VALUE_NULL: u32 = 0;
/// `gpp_value.kind`: `false`.
pub const GPP_VALUE_FALSE: u32 = 1;
/// `gpp_value.kind`: `true`.
pub const GPP_VALUE_TRUE: u32 = 2;
/// `gpp_value.kind`: a number, in `gpp_value.number` (an IEEE double as in
/// JavaScript; a literal too large for a double is +/-infinity, which
/// `JSON.stringify` prints as `null`).
pub const GPP_VALUE_NUMBER: u32 = 3;
/// `gpp_value.kind`: a string, in `gpp_value.string`.
pub const GPP_VALUE_STRING: u32 = 4;
/// `gpp_value.kind`: an array of `gpp_value.count` items.
pub const GPP_VALUE_ARRAY: u32 = 5;
/// `gpp_value.kind`: an object of `gpp_value.count` members.
pub const GPP_VALUE_OBJECT: u32 = 6;

/// A byte range: `len` bytes starting at byte offset `start`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct gpp_span {
    /// Offset of the first byte.
    pub start: u32,
    /// Number of bytes.
    pub len: u32,
}

/// One block or freeform run. Spans are byte ranges of the caller's input.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct gpp_node {
    /// `GPP_NODE_*` bits.
    pub flags: u32,
    /// The whole block, delimiters included; for freeform, the HTML itself.
    pub span: gpp_span,
    /// The name as written (`paragraph`, `my-plugin/card`); empty for freeform.
    pub name: gpp_span,
    /// The attribute JSON as written, trailing whitespace included; empty
    /// unless `GPP_NODE_HAS_ATTRS`.
    pub attrs: gpp_span,
    /// Length of the opening (or void) delimiter at `span.start`; 0 for freeform.
    pub opener_len: u32,
    /// Length of the closing delimiter ending at `span.start + span.len`; 0 when
    /// no closer closed this block.
    pub closer_len: u32,
    /// First entry of this node's inner content in `gpp_document.contents`.
    pub content_start: u32,
    /// Number of inner-content entries.
    pub content_count: u32,
    /// Number of inner blocks.
    pub child_count: u32,
    /// Number of records right after this one that are nested inside it: the
    /// next sibling is at this index + 1 + `descendant_count`.
    pub descendant_count: u32,
    /// With `GPP_PARSE_DECODE_ATTRS`: index in `gpp_document.values` of the
    /// decoded attributes; `GPP_NONE` when absent or invalid, or without the option.
    pub attrs_value: u32,
}

/// One entry of a node's inner content (the reference's `innerContent`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct gpp_content {
    /// Index of the inner block in `gpp_document.nodes` (the reference writes
    /// `null` there), or `GPP_NONE` for a run of HTML.
    pub node: u32,
    /// The HTML run's bytes in the input (possibly empty), or the inner block's span.
    pub span: gpp_span,
}

/// One decoded JSON value, in a pre-ordered array like the nodes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct gpp_value {
    /// `GPP_VALUE_*`.
    pub kind: u32,
    /// The member name, when this value is in an object: a range of
    /// `gpp_document.text` (escapes decoded). Empty otherwise.
    pub key: gpp_span,
    /// `GPP_VALUE_STRING`: the string, a range of `gpp_document.text`.
    pub string: gpp_span,
    /// `GPP_VALUE_NUMBER`: the number.
    pub number: f64,
    /// `GPP_VALUE_ARRAY` / `GPP_VALUE_OBJECT`: number of items or members, which
    /// follow in order (each with its own descendants). Object members are
    /// unique, in JavaScript's property order.
    pub count: u32,
    /// Number of records right after this one that are nested inside it.
    pub descendant_count: u32,
}

/// A parsed document: flat, pre-ordered (depth-first, document order) node
/// records. Read-only; free it with `gpp_document_free`.
#[repr(C)]
#[derive(Debug)]
pub struct gpp_document {
    /// `node_count` records; the top-level blocks are record 0, then each next
    /// sibling (see `gpp_node.descendant_count`). NULL when `node_count` is 0.
    pub nodes: *const gpp_node,
    /// Number of node records.
    pub node_count: usize,
    /// Number of top-level nodes.
    pub root_count: usize,
    /// Inner-content entries, indexed by `gpp_node.content_start`. NULL when empty.
    pub contents: *const gpp_content,
    /// Number of inner-content entries.
    pub content_count: usize,
    /// Decoded attribute values (with `GPP_PARSE_DECODE_ATTRS`). NULL when empty.
    pub values: *const gpp_value,
    /// Number of value records.
    pub value_count: usize,
    /// Text of decoded keys and strings, not NUL-terminated; NULL when empty.
    /// UTF-8, except for strings that hold a lone UTF-16 surrogate (written
    /// `"\ud800"` in the attribute JSON, which JavaScript keeps): those hold it
    /// as WTF-8, the three bytes UTF-8 would use for its code point
    /// (`ED A0 80` for U+D800).
    pub text: *const c_char,
    /// Length of `text` in bytes.
    pub text_len: usize,
}

/// An attribute test of `gpp_find`: `key` present (`value` NULL), or equal
/// to the JSON text `value`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct gpp_attr_filter {
    /// The attribute name, UTF-8.
    pub key: *const c_char,
    /// Its length in bytes.
    pub key_len: usize,
    /// JSON text the attribute must equal, or NULL for "present".
    pub value: *const c_char,
    /// Its length in bytes.
    pub value_len: usize,
}

/// One block `gpp_find` found. Spans are byte ranges of the tree's text
/// (the input given to `gpp_tree_parse`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct gpp_match {
    /// Its depth-first index: the index of its record in `gpp_parse`'s
    /// nodes, and the `node` argument of `gpp_edit_*`.
    pub node: u32,
    /// Nesting depth, 0 at the top level.
    pub depth: u32,
    /// Depth-first index of the enclosing block, or `GPP_NONE`.
    pub parent: u32,
    /// The whole block, delimiters included.
    pub span: gpp_span,
    /// The name as written (`paragraph`: the full name is `core/paragraph`).
    pub name: gpp_span,
    /// The attribute JSON as written; empty when the opener had none.
    pub attrs: gpp_span,
}

/// The blocks `gpp_find` found; free with `gpp_matches_free`.
#[repr(C)]
#[derive(Debug)]
pub struct gpp_matches {
    /// `count` matches in document order; NULL when `count` is 0.
    pub items: *const gpp_match,
    /// Number of matches.
    pub count: usize,
}

/// One edit of a `gpp_editor`, from `gpp_edit_changes`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct gpp_change {
    /// The byte range of the tree's text it replaces (empty for an insertion).
    pub range: gpp_span,
    /// Its new text (UTF-8, not NUL-terminated), owned by the editor.
    pub text: *const c_char,
    /// Length of `text` in bytes.
    pub text_len: usize,
}

/// Details of a failed call. The caller owns it (usually on the stack); calls
/// fill it when given a non-NULL pointer, with `GPP_OK` and zeros on success.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct gpp_error {
    /// What went wrong: a `GPP_ERROR_*` code, or `GPP_OK`.
    pub status: gpp_status,
    /// `GPP_ERROR_INVALID_UTF8`: offset of the first byte that is not valid UTF-8.
    pub offset: usize,
    /// `GPP_ERROR_INVALID_UTF8`: length of the invalid sequence; 0 when the input
    /// ends inside a character.
    pub length: usize,
    /// `GPP_ERROR_EXPANSION_LIMIT`: bytes of text the result would hold;
    /// `GPP_ERROR_OUT_OF_MEMORY`: bytes it needed when an allocation failed.
    pub output_bytes: u64,
    /// `GPP_ERROR_EXPANSION_LIMIT`: the limit it is over, in bytes.
    pub limit: u64,
}

/// Narrows an offset, length, count or index to 32 bits. Each is bounded by
/// the input length, itself at most `GPP_MAX_INPUT_LEN`; a bug that broke this
/// would panic (reported as `GPP_ERROR_INTERNAL`), never truncate.
pub(crate) fn narrow(n: usize) -> u32 {
    u32::try_from(n).expect("offsets and counts are bounded by GPP_MAX_INPUT_LEN")
}
