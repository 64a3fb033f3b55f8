//! C ABI for the Gutenberg post parser (`include/gutenberg_post_parser.h`).
//!
//! A foreign caller crosses the boundary a constant number of times per
//! document: [`gpp_parse`] returns every block as flat, pre-ordered records
//! whose strings are byte ranges of the caller's input, and
//! [`gpp_document_free`] releases them; [`gpp_parse_json`] returns the
//! reference's JSON text; [`gpp_error_message`] describes a failure.
//!
//! Every function checks its pointers, reports failure with a status code,
//! catches panics, and keeps no global state, so threads may parse different
//! documents at once.

mod ffi;
mod outcome;
mod query;
mod records;
pub mod types;
mod values;

pub use ffi::{
    gpp_document_free, gpp_error_message, gpp_json_free, gpp_parse, gpp_parse_json, gpp_version,
};
pub use query::{
    gpp_attrs_json, gpp_edit_changes, gpp_edit_error_message, gpp_edit_free, gpp_edit_insert_after,
    gpp_edit_insert_before, gpp_edit_new, gpp_edit_remove, gpp_edit_replace,
    gpp_edit_replace_inner_html, gpp_edit_set_attrs, gpp_edit_text, gpp_edit_text_len,
    gpp_edit_write_text, gpp_editor, gpp_find, gpp_inner_html, gpp_matches_free, gpp_text_free,
    gpp_tree, gpp_tree_free, gpp_tree_parse, gpp_tree_parse_borrowed,
};
pub use types::*;
