//! The reference's output as JSON text: `JSON.stringify(parse(document))`.

use std::convert::Infallible;
use std::marker::PhantomData;

use crate::block::Block;
use crate::json::{self, Out, TryString};
use crate::limits::{Limits, OutputError, Sharing};
use crate::tree::Document;
use crate::view::{infallible, items, Blocks, Cursor, Item, TreeView};

impl Document<'_> {
    /// The document as the reference's `JSON.stringify(parse(document))`, byte
    /// for byte, within the default [`Limits`].
    ///
    /// # Errors
    /// [`OutputError`] when the JSON would hold more text than the limits
    /// allow (see [`crate::limits`]) or does not fit in memory.
    pub fn to_json(&self) -> Result<String, OutputError> {
        self.to_json_with(&Limits::default())
    }

    /// [`Document::to_json`] within `limits`.
    ///
    /// # Errors
    /// As for [`Document::to_json`].
    pub fn to_json_with(&self, limits: &Limits) -> Result<String, OutputError> {
        limits.check_document(self, Sharing::NOTHING)?;
        let mut out = TryString::with_capacity(self.source.len() + self.source.len() / 2 + 64);
        self.write_json(&mut out);
        Ok(out.finish()?)
    }

    /// Writes the reference's JSON to `out` as it goes (a stream keeps memory
    /// small whatever the size of the JSON). Checks no limit: see
    /// [`Limits::check_document`] with [`Sharing::NOTHING`] for that.
    pub fn write_json<O: Out + ?Sized>(&self, out: &mut O) {
        write_json(&mut &*self, self.roots.iter().copied(), out);
    }
}

/// Decoded blocks as JSON text, in the reference's shape.
pub fn blocks_to_json(blocks: &[Block<'_>]) -> String {
    let mut out = String::new();
    write_json(&mut Blocks(PhantomData), blocks.iter(), &mut out);
    out
}

/// Writes a JSON array of trees, depth-first with an explicit stack.
fn write_json<'t, T: TreeView<'t, Error = Infallible>, O: Out + ?Sized>(
    tree: &mut T,
    roots: impl Iterator<Item = T::Root>,
    out: &mut O,
) {
    out.push_ascii(b'[');
    // Each frame: a node, where its walk over inner blocks is, whether one was written.
    let mut stack: Vec<(T::Node, Cursor, bool)> = Vec::new();
    for (at, root) in roots.enumerate() {
        if at > 0 {
            out.push_ascii(b',');
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
                        out.push_ascii(b',');
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
    out.push_ascii(b']');
}

/// `{"blockName":…,"attrs":…,"innerBlocks":[`
fn open_block<'t, T: TreeView<'t>, O: Out + ?Sized>(tree: &T, node: &T::Node, out: &mut O) {
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
fn close_block<'t, T: TreeView<'t, Error = Infallible>, O: Out + ?Sized>(
    tree: &mut T,
    node: &mut T::Node,
    out: &mut O,
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
            out.push_ascii(b',');
        }
        match item {
            Item::Html(html) => json::write_string(out, &html),
            Item::Block(_) => out.push_str("null"),
        }
    }
    out.push_str("]}");
}
