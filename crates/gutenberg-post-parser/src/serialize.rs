//! Writing blocks back to block markup, so that `parse → serialize → parse` is stable.
//!
//! Delimiters are written in one canonical form: `<!-- wp:name {attrs} -->`,
//! `<!-- /wp:name -->`, and `<!-- wp:name {attrs} /-->` for a block with no inner
//! content. The `core/` namespace is left implicit. HTML is written as it is.

use std::borrow::Cow;
use std::marker::PhantomData;

use crate::block::Block;
use crate::tree::Document;
use crate::view::{infallible, Blocks, Cursor, Item, TreeView};

impl Document<'_> {
    /// The document as block markup in canonical delimiter form; attribute text is
    /// kept as written.
    pub fn serialize(&self) -> String {
        let mut out = String::with_capacity(self.source.len() + 64);
        infallible(write_markup(
            &mut &*self,
            self.roots.iter().copied(),
            &mut out,
        ));
        out
    }
}

/// Block markup for a list of blocks; see the module documentation for the form.
/// Attributes that are `null` are left out, as there is no markup for them.
pub fn serialize_blocks(blocks: &[Block<'_>]) -> String {
    let mut out = String::new();
    infallible(write_markup(
        &mut Blocks(PhantomData),
        blocks.iter(),
        &mut out,
    ));
    out
}

/// An open block: its node, its name and where its content walk is.
type Frame<'t, N> = (N, Cow<'t, str>, Cursor);

/// Writes each root and its descendants, depth-first with an explicit stack.
pub(crate) fn write_markup<'t, T: TreeView<'t>>(
    tree: &mut T,
    roots: impl Iterator<Item = T::Root>,
    out: &mut String,
) -> Result<(), T::Error> {
    let mut stack: Vec<Frame<'t, T::Node>> = Vec::new();
    for root in roots {
        let mut next = Some(tree.open(root)?);
        loop {
            if let Some(node) = next.take() {
                open(tree, node, out, &mut stack)?;
            }
            let Some((node, name, cursor)) = stack.last_mut() else {
                break;
            };
            match tree.next_item(node, cursor)? {
                Some(Item::Html(html)) => out.push_str(&html),
                Some(Item::Block(child)) => next = Some(child),
                None => {
                    out.push_str("<!-- /wp:");
                    out.push_str(short_name(name));
                    out.push_str(" -->");
                    if let Some((node, ..)) = stack.pop() {
                        tree.close(&node);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Writes a freeform block whole, a void block whole, or an opener (pushing the
/// block onto `stack` so its content and closer follow).
fn open<'t, T: TreeView<'t>>(
    tree: &mut T,
    mut node: T::Node,
    out: &mut String,
    stack: &mut Vec<Frame<'t, T::Node>>,
) -> Result<(), T::Error> {
    let Some(name) = tree.name(&node) else {
        let mut cursor = Cursor::default();
        while let Some(item) = tree.next_item(&mut node, &mut cursor)? {
            if let Item::Html(html) = item {
                out.push_str(&html);
            }
        }
        tree.close(&node);
        return Ok(());
    };
    out.push_str("<!-- wp:");
    out.push_str(short_name(&name));
    out.push(' ');
    tree.write_attrs_markup(&node, out);
    if tree.has_content(&node) {
        out.push_str("-->");
        stack.push((node, name, Cursor::default()));
    } else {
        out.push_str("/-->");
        tree.close(&node);
    }
    Ok(())
}

fn short_name(name: &str) -> &str {
    name.strip_prefix("core/").unwrap_or(name)
}
