//! The work done without the GVL: parsing and decoding every block's attributes.

use gutenberg_post_parser::json::Value;
use gutenberg_post_parser::{Document, NodeId, Utf8Error};
use magnus::{Error, Ruby};

use crate::input::Pinned;
use crate::{gvl, text};

/// A parsed document with every node's decoded attributes and the depth-first
/// order of its nodes.
pub struct Parsed<'a> {
    /// The borrowed tree.
    pub document: Document<'a>,
    /// Every node with its depth, parents before their inner blocks, in
    /// document order.
    pub order: Vec<(NodeId, usize)>,
    /// `attrs` of each node: an object, or `Value::Null` for invalid JSON.
    pub attrs: Vec<Value<'a>>,
}

/// Parses the pinned document with the GVL released. Raises
/// `GutenbergPostParser::Error` when its bytes are not UTF-8.
pub fn parse_without_gvl<'p>(ruby: &Ruby, pinned: &'p Pinned) -> Result<Parsed<'p>, Error> {
    let bytes = pinned.bytes();
    gvl::without_gvl(ruby, || parse(bytes))?
        .map_err(|error| text::invalid_utf8(ruby, "document", error))
}

/// Parses `bytes`, orders the nodes and decodes the attributes. Touches no Ruby
/// object.
fn parse(bytes: &[u8]) -> Result<Parsed<'_>, Utf8Error> {
    let document = gutenberg_post_parser::parse_bytes(bytes)?;
    let order = document
        .walk()
        .map(|(block, depth)| (block.id(), depth))
        .collect();
    let attrs = (0..document.node_count())
        .map(|id| document.block(id).attrs())
        .collect();
    Ok(Parsed {
        document,
        order,
        attrs,
    })
}
