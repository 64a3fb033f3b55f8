//! A fast, exact parser of WordPress block serialization.
//!
//! WordPress stores posts as HTML with blocks marked by comments:
//!
//! ```text
//! <!-- wp:paragraph {"align":"center"} --><p>Hi</p><!-- /wp:paragraph -->
//! ```
//!
//! [`parse`] returns the same blocks as WordPress's own default parser
//! (`@wordpress/block-serialization-default-parser` 5.56.0 and PHP's
//! `WP_Block_Parser`), with the same recovery from broken markup, as a tree that
//! borrows every string from the input.
//!
//! ```
//! let document = gutenberg_post_parser::parse(
//!     "<!-- wp:paragraph {\"align\":\"center\"} --><p>Hi</p><!-- /wp:paragraph -->",
//! );
//! let block = document.blocks().next().unwrap();
//! assert_eq!(block.name().unwrap(), "core/paragraph");
//! assert_eq!(block.inner_html(), "<p>Hi</p>");
//! assert_eq!(block.attrs().as_object().unwrap().get("align").unwrap().as_str(), Some("center"));
//! assert_eq!(
//!     document.to_json().unwrap(),
//!     r#"[{"blockName":"core/paragraph","attrs":{"align":"center"},"innerBlocks":[],"innerHTML":"<p>Hi</p>","innerContent":["<p>Hi</p>"]}]"#,
//! );
//! ```
//!
//! Three forms of the result, from cheapest to richest:
//! - [`Document`]: the borrowed tree. Names, raw attribute text and HTML runs are
//!   slices of the input; byte spans of every block are available.
//! - [`Block`]: the reference's shape with attributes decoded ([`Document::to_blocks`]).
//! - JSON text: [`Document::to_json`], byte for byte `JSON.stringify(parse(doc))`.
//!
//! Nothing recurses on the input's structure: 100,000-deep nesting parses,
//! converts, prints and drops on a small stack.

mod block;
pub mod build;
mod builder;
pub mod delimiter;
mod dialect;
pub mod edit;
mod error;
mod inner_content;
pub mod json;
pub mod limits;
pub mod php;
pub mod query;
pub mod read;
pub mod rewrite;
mod serialize;
pub mod table;
#[cfg(test)]
mod test_rng;
mod to_json;
mod tree;
mod view;
pub mod whitespace;

pub use block::Block;
pub use dialect::Dialect;
pub use error::Utf8Error;
pub use inner_content::InnerContent;
pub use serialize::serialize_blocks;
pub use to_json::blocks_to_json;
pub use tree::{BlockName, BlockRef, Content, ContentSpan, Document, NodeId, Walk};

/// Parses a document as the npm reference does ([`Dialect::Js`]). Never
/// fails: broken markup gets the reference's recovery.
pub fn parse(document: &str) -> Document<'_> {
    builder::build(document, Dialect::Js)
}

/// Parses a document as the reference of `dialect` does. For PHP strings,
/// which need not be UTF-8, see [`php::Source`].
pub fn parse_with(document: &str, dialect: Dialect) -> Document<'_> {
    builder::build(document, dialect)
}

/// Parses a document given as bytes, which must be UTF-8.
///
/// # Errors
/// [`Utf8Error`], saying where the first invalid byte is, when they are not.
pub fn parse_bytes(document: &[u8]) -> Result<Document<'_>, Utf8Error> {
    Utf8Error::check(document).map(parse)
}

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;
