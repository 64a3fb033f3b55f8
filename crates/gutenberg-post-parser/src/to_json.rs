//! The reference's output as JSON text: `JSON.stringify(parse(document))`.

use std::convert::Infallible;
use std::marker::PhantomData;

use crate::block::Block;
use crate::json;
use crate::tree::Document;
use crate::view::{infallible, items, Blocks, Cursor, Item, TreeView};

impl Document<'_> {
    /// The document as the reference's `JSON.stringify(parse(document))`, byte for byte.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(self.source.len() + self.source.len() / 8 + 64);
        write_json(&mut &*self, self.roots.iter().copied(), &mut out);
        out
    }
}

/// Decoded blocks as JSON text, in the reference's shape.
pub fn blocks_to_json(blocks: &[Block<'_>]) -> String {
    let mut out = String::new();
    write_json(&mut Blocks(PhantomData), blocks.iter(), &mut out);
    out
}

/// Writes a JSON array of trees, depth-first with an explicit stack.
fn write_json<'t, T: TreeView<'t, Error = Infallible>>(
    tree: &mut T,
    roots: impl Iterator<Item = T::Root>,
    out: &mut String,
) {
    out.push('[');
    // Each frame: a node, where its walk over inner blocks is, whether one was written.
    let mut stack: Vec<(T::Node, Cursor, bool)> = Vec::new();
    for (at, root) in roots.enumerate() {
        if at > 0 {
            out.push(',');
        }
        let root = infallible(tree.open(root));
        open_block(tree, &root, out);
        stack.push((root, Cursor::default(), false));
        while let Some((node, cursor, wrote_child)) = stack.last_mut() {
            let child = loop {
                match infallible(tree.next_item(node, cursor)) {
                    Some(Item::Block(child)) => break Some(child),
                    Some(Item::Html(_)) => {}
                    None => break None,
                }
            };
            match child {
                Some(child) => {
                    if *wrote_child {
                        out.push(',');
                    }
                    *wrote_child = true;
                    open_block(tree, &child, out);
                    stack.push((child, Cursor::default(), false));
                }
                None => {
                    if let Some((mut node, ..)) = stack.pop() {
                        close_block(tree, &mut node, out);
                    }
                }
            }
        }
    }
    out.push(']');
}

/// `{"blockName":…,"attrs":…,"innerBlocks":[`
fn open_block<'t, T: TreeView<'t>>(tree: &T, node: &T::Node, out: &mut String) {
    out.push_str("{\"blockName\":");
    match tree.name(node) {
        None => out.push_str("null"),
        Some(name) => json::write_string(out, &name),
    }
    out.push_str(",\"attrs\":");
    tree.write_attrs_json(node, out);
    out.push_str(",\"innerBlocks\":[");
}

/// `],"innerHTML":…,"innerContent":[…]}`
fn close_block<'t, T: TreeView<'t, Error = Infallible>>(
    tree: &mut T,
    node: &mut T::Node,
    out: &mut String,
) {
    out.push_str("],\"innerHTML\":\"");
    for item in items(tree, node) {
        if let Item::Html(html) = item {
            json::write_escaped(out, &html);
        }
    }
    out.push_str("\",\"innerContent\":[");
    for (at, item) in items(tree, node).enumerate() {
        if at > 0 {
            out.push(',');
        }
        match item {
            Item::Html(html) => json::write_string(out, &html),
            Item::Block(_) => out.push_str("null"),
        }
    }
    out.push_str("]}");
}
