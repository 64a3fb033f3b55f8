//! The decoded tree, in the reference's shape: names resolved, attributes parsed,
//! `innerHTML` joined.

use std::borrow::Cow;

use crate::json::Value;
use crate::tree::{Content, Document};

/// One block as the reference returns it. Strings borrow from the document
/// wherever they can.
///
/// Dropping a block never recurses, however deep its inner blocks nest. (Its
/// `Debug` output does: print deep trees with [`crate::blocks_to_json`] instead.)
#[derive(Debug)]
pub struct Block<'a> {
    /// `core/paragraph`, `my-plugin/card`, or `None` for freeform HTML.
    pub block_name: Option<Cow<'a, str>>,
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
        // A child's id is always greater than its parent's, so building blocks
        // from the highest id down finishes every child before its parent.
        let mut built: Vec<Option<Block<'a>>> = Vec::with_capacity(self.nodes.len());
        built.resize_with(self.nodes.len(), || None);
        for id in (0..self.nodes.len()).rev() {
            let node = self.block(id);
            let mut inner_blocks = Vec::with_capacity(node.inner_block_count());
            let mut inner_content = Vec::with_capacity(node.inner_content().len());
            for content in node.inner_content() {
                match content {
                    Content::Html(html) => inner_content.push(Some(Cow::Borrowed(html))),
                    Content::Block(child) => {
                        inner_content.push(None);
                        inner_blocks
                            .push(built[child.id()].take().expect("each block has one parent"));
                    }
                }
            }
            built[id] = Some(Block {
                block_name: node.name().map(|name| name.full()),
                attrs: node.attrs(),
                inner_blocks,
                inner_html: node.inner_html(),
                inner_content,
            });
        }
        self.roots
            .iter()
            .map(|&id| built[id].take().expect("each root appears once"))
            .collect()
    }
}
