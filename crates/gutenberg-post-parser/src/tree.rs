//! The borrowed parse tree: every name, attribute text and HTML piece is a slice
//! of the input document.
//!
//! Nodes live in one flat array and refer to each other by [`NodeId`], so the tree
//! is built, walked and dropped without recursion however deep the document nests.

use std::borrow::{BorrowMut, Cow};
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use crate::json::{self, Value};
use crate::Dialect;

/// Index of a node in its [`Document`].
pub type NodeId = usize;

/// A parsed document: the top-level blocks, in the reference's output order.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    pub(crate) source: &'a str,
    pub(crate) nodes: Vec<Node<'a>>,
    pub(crate) pieces: Vec<Piece>,
    pub(crate) roots: Vec<NodeId>,
    pub(crate) dialect: Dialect,
    /// End of the last delimiter the parser consumed (0 when none).
    pub(crate) consumed_end: usize,
    /// The attribute text of the last closer the parser read that had one
    /// (no node keeps it).
    pub(crate) closer_attrs: Option<&'a str>,
    /// Whether two HTML runs share bytes of the source: only when the end of
    /// the document closed two or more blocks, each of which then holds the
    /// rest of the document. Without it, no result can hold more text than
    /// twice the document (see [`crate::limits`]).
    pub(crate) runs_overlap: bool,
    /// Where the source has an attribute group that never ends, for the
    /// checks of edits ([`crate::edit`]): found on the first edit, then
    /// shared by every editor of the document.
    pub(crate) edit_hazards: OnceLock<Vec<usize>>,
}

/// One block or freeform run as stored in a [`Document`].
#[derive(Clone, Debug)]
pub(crate) struct Node<'a> {
    /// `None` for freeform HTML.
    pub name: Option<&'a str>,
    /// The raw attribute group, when the opener had one.
    pub attrs: Option<&'a str>,
    /// Byte range of the whole block: opener to closer, or the freeform text.
    pub span: Range<usize>,
    /// End of the opening delimiter (equals `span.start` for freeform).
    pub opener_end: usize,
    /// Start of the closing delimiter, when the block was closed by one.
    pub closer_start: Option<usize>,
    /// Whether the opener was a void `/-->` delimiter.
    pub void: bool,
    /// This node's inner content in [`Document::pieces`].
    pub content: Range<usize>,
    /// Number of inner blocks.
    pub child_count: usize,
}

/// One entry of a block's inner content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A run of HTML: a byte range of the source.
    Html(usize, usize),
    /// An inner block (`null` in the reference's `innerContent`).
    Block(NodeId),
}

impl<'a> Document<'a> {
    /// The text this document was parsed from.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The reference parser whose output this document reproduces.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Where the parser stopped consuming delimiters: the byte offset just
    /// past the last delimiter it consumed, 0 when it consumed none. It is
    /// what `WP_Block_Parser` leaves in `$offset` after `parse()`; it is not
    /// moved to the end when the rest of the document becomes freeform HTML
    /// (an orphaned closer is not consumed).
    pub fn consumed_end(&self) -> usize {
        self.consumed_end
    }

    /// The attribute text of the last delimiter the parser read that had
    /// one, a closer's included (the tree drops those). `WP_Block_Parser`
    /// decodes every such text in document order, so this is the one whose
    /// decoding `json_last_error()` reports after its parse.
    ///
    /// Walks back from the last node to the last one with attributes.
    pub fn last_attrs(&self) -> Option<&'a str> {
        // Nodes are stored in the order their delimiters were read.
        let block = self.nodes.iter().rev().find_map(|node| node.attrs);
        match (block, self.closer_attrs) {
            (Some(block), Some(closer)) if closer.as_ptr() > block.as_ptr() => Some(closer),
            (block, closer) => block.or(closer),
        }
    }

    /// The top-level blocks (freeform runs included), in output order.
    pub fn blocks(&self) -> impl ExactSizeIterator<Item = BlockRef<'_, 'a>> + '_ {
        self.roots.iter().map(move |&id| self.block(id))
    }

    /// Number of top-level blocks.
    pub fn len(&self) -> usize {
        self.roots.len()
    }

    /// Whether the document produced no blocks at all (empty input).
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Total number of nodes, nested ones included.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node with this id. Ids run from 0 to [`Document::node_count`].
    ///
    /// # Panics
    /// When `id` is out of range.
    pub fn block(&self, id: NodeId) -> BlockRef<'_, 'a> {
        assert!(id < self.nodes.len(), "node id {id} out of range");
        BlockRef { document: self, id }
    }

    /// Every block, depth-first in document order, with its nesting depth
    /// (0 for top-level blocks). Iterative: any depth is fine.
    pub fn walk(&self) -> Walk<'_, 'a> {
        let mut stack = Vec::with_capacity(self.roots.len() + 16);
        stack.extend(self.roots.iter().rev().map(|&id| (id, 0)));
        Walk {
            document: self,
            stack,
        }
    }

    /// [`Document::walk`] with its stack in `stack` (emptied first), for
    /// callers that must own every allocation.
    pub(crate) fn walk_in<'s>(
        &self,
        stack: &'s mut Vec<(NodeId, usize)>,
    ) -> Walk<'_, 'a, &'s mut Vec<(NodeId, usize)>> {
        stack.clear();
        stack.extend(self.roots.iter().rev().map(|&id| (id, 0)));
        Walk {
            document: self,
            stack,
        }
    }
}

/// A reference to one node of a [`Document`].
#[derive(Clone, Copy)]
pub struct BlockRef<'d, 'a> {
    document: &'d Document<'a>,
    id: NodeId,
}

/// One entry of [`BlockRef::inner_content`].
#[derive(Clone, Copy, Debug)]
pub enum Content<'d, 'a> {
    /// HTML between delimiters (may be empty, as in the reference).
    Html(&'a str),
    /// An inner block, written `null` in the reference's `innerContent`.
    Block(BlockRef<'d, 'a>),
}

/// One entry of [`BlockRef::inner_content_spans`]: a [`Content`] whose HTML
/// run is given as a byte range of the source.
#[derive(Clone, Debug)]
pub enum ContentSpan<'d, 'a> {
    /// HTML between delimiters: its byte range in [`Document::source`].
    Html(Range<usize>),
    /// An inner block.
    Block(BlockRef<'d, 'a>),
}

impl<'d, 'a> BlockRef<'d, 'a> {
    fn node(&self) -> &'d Node<'a> {
        &self.document.nodes[self.id]
    }

    /// The document this node belongs to.
    pub fn document(&self) -> &'d Document<'a> {
        self.document
    }

    /// This node's id in its document.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The block name, or `None` for freeform HTML.
    pub fn name(&self) -> Option<BlockName<'a>> {
        self.node().name.map(BlockName)
    }

    /// Whether this is a run of freeform HTML (`blockName: null`).
    pub fn is_freeform(&self) -> bool {
        self.node().name.is_none()
    }

    /// Whether the block was written as a void `<!-- wp:name /-->` delimiter.
    pub fn is_void(&self) -> bool {
        self.node().void
    }

    /// The attribute text as written, trailing whitespace included, or `None` when
    /// the opener had no attributes.
    pub fn attrs_json(&self) -> Option<&'a str> {
        self.node().attrs
    }

    /// The attributes as the reference decodes them: an empty object when absent,
    /// `Value::Null` when the JSON is invalid, otherwise the decoded object.
    pub fn attrs(&self) -> Value<'a> {
        match self.node().attrs {
            None => Value::Object(json::Object::new()),
            Some(text) => json::parse(text).unwrap_or(Value::Null),
        }
    }

    /// The attributes as `WP_Block_Parser` decodes them, `json_decode($text,
    /// true)` ([`json::parse_php`]): an empty array when absent, `None` (PHP's
    /// `null`) where PHP refuses the JSON.
    pub fn php_attrs(&self) -> Option<json::PhpValue<'a>> {
        match self.node().attrs {
            None => Some(json::PhpValue::Map(Vec::new())),
            Some(text) => json::parse_php(text.as_bytes()),
        }
    }

    /// Byte range of the whole block in the source, delimiters included.
    pub fn span(&self) -> Range<usize> {
        self.node().span.clone()
    }

    /// Byte range of the opening (or void) delimiter; `None` for freeform HTML.
    pub fn opener_span(&self) -> Option<Range<usize>> {
        let node = self.node();
        node.name.map(|_| node.span.start..node.opener_end)
    }

    /// Byte range of the closing delimiter, when one closed this block.
    pub fn closer_span(&self) -> Option<Range<usize>> {
        let node = self.node();
        node.closer_start.map(|start| start..node.span.end)
    }

    /// The inner content: HTML runs and inner blocks, in order.
    pub fn inner_content(&self) -> impl ExactSizeIterator<Item = Content<'d, 'a>> + 'd {
        let document = self.document;
        document.pieces[self.node().content.clone()]
            .iter()
            .map(move |piece| match *piece {
                Piece::Html(start, end) => Content::Html(&document.source[start..end]),
                Piece::Block(id) => Content::Block(BlockRef { document, id }),
            })
    }

    /// The inner content with each HTML run as a byte range of the source, for
    /// callers that hand out offsets: unlike [`BlockRef::inner_content`], it
    /// never reads the source text.
    pub fn inner_content_spans(&self) -> impl ExactSizeIterator<Item = ContentSpan<'d, 'a>> + 'd {
        let document = self.document;
        document.pieces[self.node().content.clone()]
            .iter()
            .map(move |piece| match *piece {
                Piece::Html(start, end) => ContentSpan::Html(start..end),
                Piece::Block(id) => ContentSpan::Block(BlockRef { document, id }),
            })
    }

    /// The inner blocks, in order.
    pub fn inner_blocks(&self) -> impl Iterator<Item = BlockRef<'d, 'a>> + 'd {
        self.inner_content().filter_map(|content| match content {
            Content::Block(block) => Some(block),
            Content::Html(_) => None,
        })
    }

    /// Number of inner blocks.
    pub fn inner_block_count(&self) -> usize {
        self.node().child_count
    }

    /// The HTML runs of the inner content, in order.
    pub fn html_pieces(&self) -> impl Iterator<Item = &'a str> + 'd {
        self.inner_content().filter_map(|content| match content {
            Content::Html(html) => Some(html),
            Content::Block(_) => None,
        })
    }

    /// The reference's `innerHTML`: the HTML runs joined. Borrowed when there is
    /// at most one run.
    pub fn inner_html(&self) -> Cow<'a, str> {
        let mut pieces = self.html_pieces();
        let Some(first) = pieces.next() else {
            return Cow::Borrowed("");
        };
        match pieces.next() {
            None => Cow::Borrowed(first),
            Some(second) => {
                let mut joined = String::with_capacity(first.len() + second.len());
                joined.push_str(first);
                joined.push_str(second);
                pieces.for_each(|piece| joined.push_str(piece));
                Cow::Owned(joined)
            }
        }
    }
}

impl fmt::Debug for BlockRef<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockRef")
            .field("id", &self.id)
            .field("name", &self.name())
            .field("span", &self.span())
            .finish()
    }
}

/// A block name as written in the delimiter; `core/` is implied when it has no
/// namespace.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct BlockName<'a>(&'a str);

impl<'a> BlockName<'a> {
    /// A name as written in a delimiter: `namespace/name`, or `name` for the
    /// `core` namespace. For blocks made by hand; nothing checks the characters.
    pub fn new(name: &'a str) -> Self {
        BlockName(name)
    }

    /// The name exactly as written (`paragraph`, `my-plugin/card`).
    pub fn as_written(&self) -> &'a str {
        self.0
    }

    /// The namespace: `core` when none was written.
    pub fn namespace(&self) -> &'a str {
        self.0
            .split_once('/')
            .map_or("core", |(namespace, _)| namespace)
    }

    /// The name without its namespace.
    pub fn local_name(&self) -> &'a str {
        self.0.split_once('/').map_or(self.0, |(_, name)| name)
    }

    /// Whether a namespace was written out.
    pub fn has_namespace(&self) -> bool {
        self.0.contains('/')
    }

    /// The full name as the reference reports it (`core/paragraph`).
    pub fn full(&self) -> Cow<'a, str> {
        if self.has_namespace() {
            Cow::Borrowed(self.0)
        } else {
            Cow::Owned(format!("core/{}", self.0))
        }
    }
}

impl fmt::Display for BlockName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.has_namespace() {
            f.write_str("core/")?;
        }
        f.write_str(self.0)
    }
}

impl fmt::Debug for BlockName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl PartialEq<str> for BlockName<'_> {
    fn eq(&self, other: &str) -> bool {
        if self.has_namespace() {
            self.0 == other
        } else {
            other.strip_prefix("core/") == Some(self.0)
        }
    }
}

impl PartialEq<&str> for BlockName<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// Depth-first walk over every block of a document; see [`Document::walk`].
pub struct Walk<'d, 'a, S = Vec<(NodeId, usize)>> {
    document: &'d Document<'a>,
    /// Blocks still to visit with their depth, next one last.
    stack: S,
}

impl<'d, 'a, S: BorrowMut<Vec<(NodeId, usize)>>> Iterator for Walk<'d, 'a, S> {
    type Item = (BlockRef<'d, 'a>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let stack = self.stack.borrow_mut();
        let (id, depth) = stack.pop()?;
        let block = self.document.block(id);
        let children = self.document.pieces[self.document.nodes[id].content.clone()]
            .iter()
            .rev()
            .filter_map(|piece| match *piece {
                Piece::Block(child) => Some((child, depth + 1)),
                Piece::Html(..) => None,
            });
        stack.extend(children);
        Some((block, depth))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_spans_match_content() {
        let source = "<!-- wp:g -->a<!-- wp:x /--><!-- wp:p -->é<!-- /wp:p -->b<!-- /wp:g -->";
        let document = crate::parse(source);
        for (block, _) in document.walk() {
            let spans: Vec<_> = block.inner_content_spans().collect();
            assert_eq!(spans.len(), block.inner_content().len());
            for (span, content) in spans.into_iter().zip(block.inner_content()) {
                match (span, content) {
                    (ContentSpan::Html(range), Content::Html(html)) => {
                        assert_eq!(&source[range], html)
                    }
                    (ContentSpan::Block(a), Content::Block(b)) => assert_eq!(a.id(), b.id()),
                    (span, content) => panic!("{span:?} does not match {content:?}"),
                }
            }
        }
    }
}
