//! The decoded tree, in the reference's shape: names resolved, attributes parsed,
//! `innerHTML` joined.

use std::borrow::Cow;

use crate::json::Value;
use crate::tree::{BlockName, Document, NodeId, Piece};

/// One block as the reference returns it. Strings borrow from the document
/// wherever they can.
///
/// Dropping a block never recurses, however deep its inner blocks nest. (Its
/// `Debug` output does: print deep trees with [`crate::blocks_to_json`] instead.)
#[derive(Debug)]
pub struct Block<'a> {
    /// The block's name (`core/paragraph`, `my-plugin/card`), or `None` for
    /// freeform HTML. [`BlockName::full`] gives the name the reference reports.
    pub block_name: Option<BlockName<'a>>,
    /// An object (empty when the opener had no attributes), or `Value::Null`
    /// when the attribute JSON was invalid.
    pub attrs: Value<'a>,
    /// The blocks nested inside this one.
    pub inner_blocks: Vec<Block<'a>>,
    /// The HTML of this block, inner blocks left out.
    pub inner_html: Cow<'a, str>,
    /// HTML runs, with `None` where each inner block sits.
    pub inner_content: Vec<Option<Cow<'a, str>>>,
}

impl<'a> Block<'a> {
    /// A freeform HTML block, as the reference makes for text between blocks.
    pub fn freeform(html: &'a str) -> Self {
        Block {
            block_name: None,
            attrs: Value::Object(Default::default()),
            inner_blocks: Vec::new(),
            inner_html: Cow::Borrowed(html),
            inner_content: vec![Some(Cow::Borrowed(html))],
        }
    }
}

impl Drop for Block<'_> {
    fn drop(&mut self) {
        if self.inner_blocks.iter().all(|b| b.inner_blocks.is_empty()) {
            return;
        }
        let mut pending = std::mem::take(&mut self.inner_blocks);
        while let Some(mut block) = pending.pop() {
            pending.append(&mut block.inner_blocks);
        }
    }
}

impl<'a> Document<'a> {
    /// The decoded tree: exactly what the reference's `parse` returns.
    pub fn to_blocks(&self) -> Vec<Block<'a>> {
        // Post-order with an explicit stack: a block is built once its inner
        // blocks are, taking them from the end of `done`. What is left in `done`
        // at the end is the top level.
        let mut done: Vec<Block<'a>> = Vec::with_capacity(self.roots.len());
        let mut stack: Vec<(NodeId, usize)> = Vec::new();
        for &root in &self.roots {
            stack.push((root, self.nodes[root].content.start));
            while let Some((id, next_piece)) = stack.last_mut() {
                let id = *id;
                let content = self.nodes[id].content.clone();
                let child = (*next_piece..content.end).find_map(|at| match self.pieces[at] {
                    Piece::Block(child) => Some((at, child)),
                    Piece::Html(..) => None,
                });
                if let Some((at, child)) = child {
                    *next_piece = at + 1;
                    stack.push((child, self.nodes[child].content.start));
                    continue;
                }
                stack.pop();
                let node = self.block(id);
                let inner_blocks = done.split_off(done.len() - node.inner_block_count());
                let inner_content = self.pieces[content]
                    .iter()
                    .map(|piece| match *piece {
                        Piece::Html(start, end) => Some(Cow::Borrowed(&self.source[start..end])),
                        Piece::Block(_) => None,
                    })
                    .collect();
                done.push(Block {
                    block_name: node.name(),
                    attrs: node.attrs(),
                    inner_blocks,
                    inner_html: node.inner_html(),
                    inner_content,
                });
            }
        }
        done
    }
}
