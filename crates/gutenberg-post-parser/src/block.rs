//! The decoded tree, in the reference's shape: names resolved, attributes parsed,
//! `innerHTML` joined.

use std::borrow::Cow;
use std::convert::Infallible;

use crate::build::{Builder, Decoded, Html, Scratch};
use crate::inner_content::InnerContent;
use crate::json::{self, Array, Object, Str, Value};
use crate::limits::{ExpansionLimitError, Limits, Sharing};
use crate::tree::{BlockName, Document, NodeId};
use crate::view::infallible;

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
    pub inner_content: InnerContent<'a>,
}

impl<'a> Block<'a> {
    /// A freeform HTML block, as the reference makes for text between blocks.
    pub fn freeform(html: &'a str) -> Self {
        Block {
            block_name: None,
            attrs: Value::Object(Default::default()),
            inner_blocks: Vec::new(),
            inner_html: Cow::Borrowed(html),
            inner_content: InnerContent::one(Some(Cow::Borrowed(html))),
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
    /// The decoded tree: exactly what the reference's `parse` returns, within
    /// the default [`Limits`]. Its HTML borrows from the document, so only
    /// joined `innerHTML`s (and names and attributes) count towards them.
    ///
    /// # Errors
    /// [`ExpansionLimitError`] when the tree would be over the limit (see
    /// [`crate::limits`]).
    pub fn to_blocks(&self) -> Result<Vec<Block<'a>>, ExpansionLimitError> {
        self.to_blocks_with(&Limits::default())
    }

    /// [`Document::to_blocks`] within `limits`.
    ///
    /// # Errors
    /// As for [`Document::to_blocks`].
    pub fn to_blocks_with(&self, limits: &Limits) -> Result<Vec<Block<'a>>, ExpansionLimitError> {
        limits.check_document(self, SHARING)?;
        // Attributes are decoded as the blocks are built (`raw_attrs`), each
        // straight into the tree: decoding them first would make every value
        // twice.
        let decoded = Decoded::raw();
        let mut builder = BlockBuilder::new(self);
        // The top-level blocks wait here until the end.
        builder.blocks.reserve(self.len());
        infallible(decoded.build(self, &mut builder, &mut Scratch::default()));
        match builder.lists.pop() {
            Some(blocks) if builder.lists.is_empty() => Ok(blocks),
            _ => out_of_order(),
        }
    }
}

/// What a [`Block`] tree shares: its HTML runs are slices of the document.
const SHARING: Sharing = Sharing {
    all_runs: true,
    ..Sharing::TREE
};

/// Builds [`Block`]s: the Rust host of [`Builder`]. Each kind of value has a
/// stack of its own, so that nothing is wrapped or moved more than it must.
/// Names have none: [`Builder::name`] pushes nothing, and each block takes
/// its name from its node.
struct BlockBuilder<'d, 'a> {
    document: &'d Document<'a>,
    /// JSON values: attributes and what they hold.
    values: Vec<Value<'a>>,
    /// Object keys, each below its value.
    keys: Vec<Str<'a>>,
    /// `innerHTML`s and `innerContent` entries (`None` for an inner block).
    html: Vec<Option<Cow<'a, str>>>,
    /// Finished blocks, then lists of them: `innerBlocks` and the result.
    blocks: Vec<Block<'a>>,
    lists: Vec<Vec<Block<'a>>>,
    contents: Vec<InnerContent<'a>>,
}

impl<'d, 'a> BlockBuilder<'d, 'a> {
    fn new(document: &'d Document<'a>) -> Self {
        BlockBuilder {
            document,
            values: Vec::new(),
            keys: Vec::new(),
            html: Vec::new(),
            blocks: Vec::new(),
            lists: Vec::new(),
            contents: Vec::new(),
        }
    }

    /// Pops the attributes and pushes the block of node `id`, which has no
    /// inner blocks.
    fn childless(
        &mut self,
        id: NodeId,
        inner_html: &'a str,
        inner_content: InnerContent<'a>,
    ) -> Result<(), Infallible> {
        let Some(attrs) = self.values.pop() else {
            out_of_order()
        };
        self.blocks.push(Block {
            block_name: self.name_of(id),
            attrs,
            inner_blocks: Vec::new(),
            inner_html: Cow::Borrowed(inner_html),
            inner_content,
        });
        Ok(())
    }

    /// The name of the block of node `id`.
    fn name_of(&self, id: NodeId) -> Option<BlockName<'a>> {
        self.document.nodes[id].name.map(BlockName::new)
    }
}

/// The driver broke its own protocol: a bug, not bad input.
#[cold]
fn out_of_order() -> ! {
    unreachable!("the build driver pushed values out of order")
}

/// The top `len` items of `stack`, in the order they were pushed.
fn pop<T>(stack: &mut Vec<T>, len: usize) -> std::vec::Drain<'_, T> {
    let Some(start) = stack.len().checked_sub(len) else {
        out_of_order()
    };
    stack.drain(start..)
}

impl<'a> Builder<'a> for BlockBuilder<'_, 'a> {
    type Error = Infallible;

    fn null(&mut self) -> Result<(), Infallible> {
        self.values.push(Value::Null);
        Ok(())
    }

    fn bool(&mut self, value: bool) -> Result<(), Infallible> {
        self.values.push(Value::Bool(value));
        Ok(())
    }

    fn number(&mut self, value: f64) -> Result<(), Infallible> {
        self.values.push(Value::Number(value));
        Ok(())
    }

    fn string(&mut self, value: &Str<'a>) -> Result<(), Infallible> {
        self.values.push(Value::String(value.clone()));
        Ok(())
    }

    fn key(&mut self, key: &Str<'a>) -> Result<(), Infallible> {
        self.keys.push(key.clone());
        Ok(())
    }

    fn array(&mut self, len: usize) -> Result<(), Infallible> {
        let items = pop(&mut self.values, len).collect();
        self.values.push(Value::Array(Array::from_vec(items)));
        Ok(())
    }

    fn object(&mut self, len: usize) -> Result<(), Infallible> {
        let object = if len == 0 {
            Object::new()
        } else {
            let values = pop(&mut self.values, len).collect::<Vec<_>>();
            Object::from_ordered(pop(&mut self.keys, len).zip(values).collect())
        };
        self.values.push(Value::Object(object));
        Ok(())
    }

    fn raw_attrs(&mut self, text: Html<'a>) -> Result<(), Infallible> {
        self.values
            .push(json::parse(text.text).unwrap_or(Value::Null));
        Ok(())
    }

    fn name(&mut self, _name: Option<BlockName<'a>>, _id: usize) -> Result<(), Infallible> {
        Ok(())
    }

    fn html(&mut self, html: Html<'a>) -> Result<(), Infallible> {
        self.html.push(Some(Cow::Borrowed(html.text)));
        Ok(())
    }

    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> Result<(), Infallible> {
        let mut joined = String::with_capacity(len);
        pieces.iter().for_each(|piece| joined.push_str(piece));
        self.html.push(Some(Cow::Owned(joined)));
        Ok(())
    }

    /// Only ever asked for the HTML just pushed as `innerHTML`.
    fn dup(&mut self, depth: usize) -> Result<(), Infallible> {
        let Some(at) = self.html.len().checked_sub(depth + 1) else {
            out_of_order()
        };
        let copy = self.html[at].clone();
        self.html.push(copy);
        Ok(())
    }

    fn inner_block_slot(&mut self) -> Result<(), Infallible> {
        self.html.push(None);
        Ok(())
    }

    fn inner_blocks(&mut self, len: usize) -> Result<(), Infallible> {
        let blocks = if len == 0 {
            Vec::new()
        } else if len == self.blocks.len() {
            // The whole stack, as for the top-level blocks: no copy.
            std::mem::take(&mut self.blocks)
        } else {
            pop(&mut self.blocks, len).collect()
        };
        self.lists.push(blocks);
        Ok(())
    }

    fn inner_content(&mut self, len: usize) -> Result<(), Infallible> {
        let content = pop(&mut self.html, len).collect();
        self.contents.push(content);
        Ok(())
    }

    fn leaf(&mut self, id: NodeId, html: Html<'a>) -> Result<(), Infallible> {
        let content = InnerContent::one(Some(Cow::Borrowed(html.text)));
        self.childless(id, html.text, content)
    }

    fn empty(&mut self, id: NodeId, _html: Html<'a>) -> Result<(), Infallible> {
        self.childless(id, "", InnerContent::default())
    }

    fn block(&mut self, id: NodeId) -> Result<(), Infallible> {
        let (Some(inner_content), Some(Some(inner_html)), Some(inner_blocks)) =
            (self.contents.pop(), self.html.pop(), self.lists.pop())
        else {
            out_of_order()
        };
        let Some(attrs) = self.values.pop() else {
            out_of_order()
        };
        self.blocks.push(Block {
            block_name: self.name_of(id),
            attrs,
            inner_blocks,
            inner_html,
            inner_content,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{blocks_to_json, parse};

    /// Builds `source` with its attributes decoded first and pushed as
    /// values, as other hosts get them.
    fn decoded_first(source: &str) -> Vec<Block<'_>> {
        let document = parse(source);
        let decoded = Decoded::new(&document, true);
        let mut builder = BlockBuilder::new(&document);
        infallible(decoded.build(&document, &mut builder, &mut Scratch::default()));
        builder.lists.pop().expect("the top-level list")
    }

    #[test]
    fn raw_attributes_decode_as_decoded_ones() {
        let source = "<!-- wp:a {\"x\":[1,{\"y\":\"\\ud800\"}]} /-->t<!-- wp:b {\"bad\" -->\
                      <!-- wp:c {\"k\":2} --><p>i</p><!-- /wp:c --><!-- /wp:b -->";
        let expected = blocks_to_json(&decoded_first(source));
        assert_eq!(
            blocks_to_json(&parse(source).to_blocks().unwrap()),
            expected
        );
    }
}
