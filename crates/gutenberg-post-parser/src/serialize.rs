//! Writing blocks back to block markup, so that `parse → serialize → parse` is stable.
//!
//! Delimiters are written in one canonical form: `<!-- wp:name {attrs} -->`,
//! `<!-- /wp:name -->`, and `<!-- wp:name {attrs} /-->` for a block with no inner
//! content. The `core/` namespace is left implicit. HTML is written as it is.

use std::borrow::Cow;

use crate::block::Block;
use crate::tree::Document;
use std::marker::PhantomData;

use crate::view::{items, Blocks, Cursor, Item, TreeView};

impl Document<'_> {
    /// The document as block markup in canonical delimiter form; attribute text is
    /// kept as written.
    pub fn serialize(&self) -> String {
        let mut out = String::with_capacity(self.source.len() + 64);
        write_markup(&self, self.roots.iter().copied(), &mut out);
        out
    }
}

/// Block markup for a list of blocks; see the module documentation for the form.
/// Attributes that are `null` are left out, as there is no markup for them.
pub fn serialize_blocks(blocks: &[Block<'_>]) -> String {
    let mut out = String::new();
    write_markup(&Blocks(PhantomData), blocks.iter(), &mut out);
    out
}

/// Writes each root and its descendants, depth-first with an explicit stack.
fn write_markup<'t, T: TreeView<'t>>(
    tree: &T,
    roots: impl Iterator<Item = T::Node>,
    out: &mut String,
) {
    // Each frame: an open block, its name and where its content walk is.
    let mut stack: Vec<(T::Node, Cow<'t, str>, Cursor)> = Vec::new();
    for root in roots {
        let mut next = Some(root);
        loop {
            if let Some(node) = next.take() {
                open(tree, node, out, &mut stack);
            }
            let Some((node, name, cursor)) = stack.last_mut() else {
                break;
            };
            match tree.next_item(*node, cursor) {
                Some(Item::Html(html)) => out.push_str(html),
                Some(Item::Block(child)) => next = Some(child),
                None => {
                    out.push_str("<!-- /wp:");
                    out.push_str(short_name(name));
                    out.push_str(" -->");
                    stack.pop();
                }
            }
        }
    }
}

/// Writes a freeform block whole, a void block whole, or an opener (pushing the
/// block onto `stack` so its content and closer follow).
fn open<'t, T: TreeView<'t>>(
    tree: &T,
    node: T::Node,
    out: &mut String,
    stack: &mut Vec<(T::Node, Cow<'t, str>, Cursor)>,
) {
    let Some(name) = tree.name(node) else {
        for item in items(tree, node) {
            if let Item::Html(html) = item {
                out.push_str(html);
            }
        }
        return;
    };
    out.push_str("<!-- wp:");
    out.push_str(short_name(&name));
    out.push(' ');
    tree.write_attrs_markup(node, out);
    if items(tree, node).next().is_none() {
        out.push_str("/-->");
    } else {
        out.push_str("-->");
        stack.push((node, name, Cursor::default()));
    }
}

fn short_name(name: &str) -> &str {
    name.strip_prefix("core/").unwrap_or(name)
}
