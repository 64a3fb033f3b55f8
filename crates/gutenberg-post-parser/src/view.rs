//! One read-only view over both trees (the borrowed [`Document`] and decoded
//! [`Block`] lists), so that each writer is written once.

use std::borrow::Cow;
use std::marker::PhantomData;

use crate::block::Block;
use crate::json::{self, Value};
use crate::tree::{Document, NodeId, Piece};

/// One entry of a block's inner content.
pub(crate) enum Item<'t, N> {
    Html(&'t str),
    Block(N),
}

/// Position in a block's inner content: next entry, next inner block.
#[derive(Clone, Copy, Default)]
pub(crate) struct Cursor {
    entry: usize,
    child: usize,
}

/// Every entry of a node's inner content, in order.
pub(crate) fn items<'t, 'v, T: TreeView<'t>>(
    tree: &'v T,
    node: T::Node,
) -> impl Iterator<Item = Item<'t, T::Node>> + 'v
where
    T::Node: 'v,
    't: 'v,
{
    let mut cursor = Cursor::default();
    std::iter::from_fn(move || tree.next_item(node, &mut cursor))
}

/// What the writers need to know about a tree.
pub(crate) trait TreeView<'t> {
    type Node: Copy;
    /// The name as the reference reports it, `None` for freeform HTML.
    fn name(&self, node: Self::Node) -> Option<Cow<'t, str>>;
    /// Appends the attributes as `JSON.stringify` prints them.
    fn write_attrs_json(&self, node: Self::Node, out: &mut String);
    /// Appends the attribute group for a delimiter (with a trailing space), if any.
    fn write_attrs_markup(&self, node: Self::Node, out: &mut String);
    /// The entry of the inner content at `cursor`, advancing it.
    fn next_item(&self, node: Self::Node, cursor: &mut Cursor) -> Option<Item<'t, Self::Node>>;
}

impl<'t, 'a: 't> TreeView<'t> for &'t Document<'a> {
    type Node = NodeId;

    fn name(&self, node: NodeId) -> Option<Cow<'t, str>> {
        self.block(node).name().map(|name| name.full())
    }

    fn write_attrs_json(&self, node: NodeId, out: &mut String) {
        json::write_value(out, &self.block(node).attrs());
    }

    fn write_attrs_markup(&self, node: NodeId, out: &mut String) {
        // The text as written (trailing whitespace included) keeps invalid JSON
        // invalid and valid JSON exact.
        if let Some(text) = self.nodes[node].attrs {
            out.push_str(text);
        }
    }

    fn next_item(&self, node: NodeId, cursor: &mut Cursor) -> Option<Item<'t, NodeId>> {
        let content = &self.nodes[node].content;
        let at = content.start + cursor.entry;
        if at >= content.end {
            return None;
        }
        cursor.entry += 1;
        let piece = self.pieces[at];
        Some(match piece {
            Piece::Html(start, end) => Item::Html(&self.source[start..end]),
            Piece::Block(child) => Item::Block(child),
        })
    }
}

/// A list of decoded blocks, viewed as a tree.
pub(crate) struct Blocks<'a>(pub PhantomData<&'a ()>);

impl<'t, 'a: 't> TreeView<'t> for Blocks<'a> {
    type Node = &'t Block<'a>;

    fn name(&self, block: &'t Block<'a>) -> Option<Cow<'t, str>> {
        block.block_name.map(|name| name.full())
    }

    fn write_attrs_json(&self, block: &'t Block<'a>, out: &mut String) {
        json::write_value(out, &block.attrs);
    }

    fn write_attrs_markup(&self, block: &'t Block<'a>, out: &mut String) {
        // `null` attributes (invalid JSON in the source) have no markup.
        if let Value::Object(object) = &block.attrs {
            if !object.is_empty() {
                write_delimiter_json(out, &block.attrs);
                out.push(' ');
            }
        }
    }

    fn next_item(
        &self,
        block: &'t Block<'a>,
        cursor: &mut Cursor,
    ) -> Option<Item<'t, &'t Block<'a>>> {
        loop {
            let entry = block.inner_content.get(cursor.entry)?;
            cursor.entry += 1;
            match entry {
                Some(html) => return Some(Item::Html(html)),
                None => {
                    // A `null` with no inner block left to match is skipped.
                    if let Some(child) = block.inner_blocks.get(cursor.child) {
                        cursor.child += 1;
                        return Some(Item::Block(child));
                    }
                }
            }
        }
    }
}

/// Appends attribute JSON that cannot end a comment early: inside strings,
/// `--`, `<`, `>`, `&` and `"` are written as `\u` escapes.
fn write_delimiter_json(out: &mut String, attrs: &Value<'_>) {
    let mut plain = String::new();
    json::write_value(&mut plain, attrs);
    let mut chars = plain.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('"') => out.push_str("\\u0022"),
                Some(escaped) => {
                    out.push('\\');
                    out.push(escaped);
                }
                None => out.push('\\'),
            },
            '-' if chars.peek() == Some(&'-') => {
                chars.next();
                out.push_str("\\u002d\\u002d");
            }
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
}
