//! One read-only view over every tree the writers print: the borrowed
//! [`Document`], decoded [`Block`] lists, and a host language's block values
//! (see [`crate::read`]), so that each writer is written once.

use std::borrow::Cow;
use std::convert::Infallible;
use std::marker::PhantomData;

use crate::block::Block;
use crate::json::{self, Out, Value};
use crate::tree::{Document, NodeId, Piece};

/// One entry of a block's inner content.
pub(crate) enum Item<'t, N> {
    Html(Cow<'t, str>),
    Block(N),
}

/// Position in a block's inner content: next entry, next inner block.
#[derive(Clone, Copy, Default)]
pub(crate) struct Cursor {
    entry: usize,
    child: usize,
}

impl Cursor {
    /// Moves to the next entry and returns the index of the one passed.
    pub(crate) fn next_entry(&mut self) -> usize {
        self.entry += 1;
        self.entry - 1
    }

    /// Moves to the next inner block and returns the index of the one passed.
    pub(crate) fn next_child(&mut self) -> usize {
        self.child += 1;
        self.child - 1
    }
}

/// What the writers need to know about a tree. Nodes are opened from roots
/// and from [`Item::Block`]s; reading a node may fail (host values of the
/// wrong shape), printing an opened node may not.
pub(crate) trait TreeView<'t> {
    type Root;
    type Node;
    type Error;
    /// The node for a top-level entry.
    fn open(&mut self, root: Self::Root) -> Result<Self::Node, Self::Error>;
    /// The name as the reference reports it, `None` for freeform HTML.
    fn name(&self, node: &Self::Node) -> Option<Cow<'t, str>>;
    /// Appends the attributes as `JSON.stringify` prints them.
    fn write_attrs_json<O: Out + ?Sized>(&self, node: &Self::Node, out: &mut O);
    /// Appends the attribute group for a delimiter (with a trailing space), if any.
    fn write_attrs_markup(&self, node: &Self::Node, out: &mut String);
    /// Whether the node has any inner content (else it prints as a void block).
    fn has_content(&self, node: &Self::Node) -> bool;
    /// The entry of the inner content at `cursor`, advancing it.
    fn next_item(
        &mut self,
        node: &mut Self::Node,
        cursor: &mut Cursor,
    ) -> Result<Option<Item<'t, Self::Node>>, Self::Error>;
    /// Called when the writer is done with a node.
    fn close(&mut self, _node: &Self::Node) {}
}

/// Every entry of a node's inner content, in order, for views that cannot fail.
pub(crate) fn items<'t, 'v, T>(
    tree: &'v mut T,
    node: &'v mut T::Node,
) -> impl Iterator<Item = Item<'t, T::Node>> + 'v
where
    T: TreeView<'t, Error = Infallible>,
    't: 'v,
{
    let mut cursor = Cursor::default();
    std::iter::from_fn(move || infallible(tree.next_item(node, &mut cursor)))
}

/// The value of a result that cannot be an error.
pub(crate) fn infallible<T>(result: Result<T, Infallible>) -> T {
    match result {
        Ok(value) => value,
        Err(never) => match never {},
    }
}

impl<'t, 'a: 't> TreeView<'t> for &'t Document<'a> {
    type Root = NodeId;
    type Node = NodeId;
    type Error = Infallible;

    fn open(&mut self, root: NodeId) -> Result<NodeId, Infallible> {
        Ok(root)
    }

    fn name(&self, node: &NodeId) -> Option<Cow<'t, str>> {
        self.block(*node).name().map(|name| name.full())
    }

    fn write_attrs_json<O: Out + ?Sized>(&self, node: &NodeId, out: &mut O) {
        json::write_value(out, &self.block(*node).attrs());
    }

    fn write_attrs_markup(&self, node: &NodeId, out: &mut String) {
        // The text as written (trailing whitespace included) keeps invalid JSON
        // invalid and valid JSON exact.
        if let Some(text) = self.nodes[*node].attrs {
            out.push_str(text);
        }
    }

    fn has_content(&self, node: &NodeId) -> bool {
        !self.nodes[*node].content.is_empty()
    }

    fn next_item(
        &mut self,
        node: &mut NodeId,
        cursor: &mut Cursor,
    ) -> Result<Option<Item<'t, NodeId>>, Infallible> {
        let content = &self.nodes[*node].content;
        let at = content.start + cursor.entry;
        if at >= content.end {
            return Ok(None);
        }
        cursor.next_entry();
        Ok(Some(match self.pieces[at] {
            Piece::Html(start, end) => Item::Html(Cow::Borrowed(&self.source[start..end])),
            Piece::Block(child) => Item::Block(child),
        }))
    }
}

/// A list of decoded blocks, viewed as a tree.
pub(crate) struct Blocks<'a>(pub PhantomData<&'a ()>);

impl<'t, 'a: 't> TreeView<'t> for Blocks<'a> {
    type Root = &'t Block<'a>;
    type Node = &'t Block<'a>;
    type Error = Infallible;

    fn open(&mut self, root: &'t Block<'a>) -> Result<&'t Block<'a>, Infallible> {
        Ok(root)
    }

    fn name(&self, block: &&'t Block<'a>) -> Option<Cow<'t, str>> {
        block.block_name.map(|name| name.full())
    }

    fn write_attrs_json<O: Out + ?Sized>(&self, block: &&'t Block<'a>, out: &mut O) {
        json::write_value(out, &block.attrs);
    }

    fn write_attrs_markup(&self, block: &&'t Block<'a>, out: &mut String) {
        write_attrs_markup(&block.attrs, out);
    }

    fn has_content(&self, block: &&'t Block<'a>) -> bool {
        // A `null` with no inner block left to match prints nothing.
        let mut nulls = 0;
        for entry in &block.inner_content {
            match entry {
                Some(_) => return true,
                None => nulls += 1,
            }
        }
        nulls > 0 && !block.inner_blocks.is_empty()
    }

    fn next_item(
        &mut self,
        block: &mut &'t Block<'a>,
        cursor: &mut Cursor,
    ) -> Result<Option<Item<'t, &'t Block<'a>>>, Infallible> {
        let block: &'t Block<'a> = block;
        loop {
            let Some(entry) = block.inner_content.get(cursor.next_entry()) else {
                return Ok(None);
            };
            match entry {
                Some(html) => return Ok(Some(Item::Html(Cow::Borrowed(html)))),
                None => {
                    // A `null` with no inner block left to match is skipped.
                    if let Some(child) = block.inner_blocks.get(cursor.child) {
                        cursor.next_child();
                        return Ok(Some(Item::Block(child)));
                    }
                }
            }
        }
    }
}

/// Appends the attribute group of a delimiter for decoded attributes, with a
/// trailing space: nothing for `null` (invalid JSON in the source) or `{}`.
/// Written as WordPress's `serializeAttributes` writes them.
pub(crate) fn write_attrs_markup(attrs: &Value<'_>, out: &mut String) {
    if let Value::Object(object) = attrs {
        if !object.is_empty() {
            crate::edit::write_attributes(out, attrs);
            out.push(' ');
        }
    }
}
