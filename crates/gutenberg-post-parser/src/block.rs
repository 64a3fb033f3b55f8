//! The decoded tree, in the reference's shape: names resolved, attributes parsed,
//! `innerHTML` joined.

use std::borrow::Cow;
use std::convert::Infallible;

use crate::build::{Builder, Decoded, Html, Scratch};
use crate::json::{Array, Object, Value};
use crate::tree::{BlockName, Document, NodeId};

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
        let decoded = Decoded::new(self);
        let mut builder = BlockBuilder { stack: Vec::new() };
        let built = decoded.build(self, &mut builder, &mut Scratch::default());
        match (built, builder.stack.pop()) {
            (Ok(()), Some(Slot::Blocks(blocks))) => blocks,
            _ => unreachable!("the driver pushes the list of top-level blocks"),
        }
    }
}

/// One value on [`BlockBuilder`]'s stack.
enum Slot<'a> {
    Value(Value<'a>),
    Key(Cow<'a, str>),
    Name(BlockName<'a>),
    Html(Cow<'a, str>),
    Blocks(Vec<Block<'a>>),
    Content(Vec<Option<Cow<'a, str>>>),
    Block(Block<'a>),
}

/// Builds [`Block`]s: the Rust host of [`Builder`].
struct BlockBuilder<'a> {
    stack: Vec<Slot<'a>>,
}

/// The driver broke its own protocol: a bug, not bad input.
#[cold]
fn out_of_order() -> ! {
    unreachable!("the build driver pushed values out of order")
}

impl<'a> BlockBuilder<'a> {
    fn push(&mut self, slot: Slot<'a>) -> Result<(), Infallible> {
        self.stack.push(slot);
        Ok(())
    }

    /// The top `len` slots, in the order they were pushed.
    fn pop(&mut self, len: usize) -> std::vec::Drain<'_, Slot<'a>> {
        let start = self.stack.len() - len;
        self.stack.drain(start..)
    }

    fn pop_value(&mut self) -> Value<'a> {
        match self.stack.pop() {
            Some(Slot::Value(value)) => value,
            _ => out_of_order(),
        }
    }
}

impl<'a> Builder<'a> for BlockBuilder<'a> {
    type Error = Infallible;

    fn null(&mut self) -> Result<(), Infallible> {
        self.push(Slot::Value(Value::Null))
    }

    fn bool(&mut self, value: bool) -> Result<(), Infallible> {
        self.push(Slot::Value(Value::Bool(value)))
    }

    fn number(&mut self, value: f64) -> Result<(), Infallible> {
        self.push(Slot::Value(Value::Number(value)))
    }

    fn string(&mut self, value: &Cow<'a, str>) -> Result<(), Infallible> {
        self.push(Slot::Value(Value::String(value.clone())))
    }

    fn key(&mut self, key: &Cow<'a, str>) -> Result<(), Infallible> {
        self.push(Slot::Key(key.clone()))
    }

    fn array(&mut self, len: usize) -> Result<(), Infallible> {
        let items = self
            .pop(len)
            .map(|slot| match slot {
                Slot::Value(value) => value,
                _ => out_of_order(),
            })
            .collect();
        self.push(Slot::Value(Value::Array(Array::from_vec(items))))
    }

    fn object(&mut self, len: usize) -> Result<(), Infallible> {
        let mut entries = Vec::with_capacity(len);
        let mut slots = self.pop(2 * len);
        while let (Some(Slot::Key(key)), Some(Slot::Value(value))) = (slots.next(), slots.next()) {
            entries.push((key, value));
        }
        drop(slots);
        if entries.len() != len {
            out_of_order();
        }
        self.push(Slot::Value(Value::Object(Object::from_ordered(entries))))
    }

    fn name(&mut self, name: BlockName<'a>, _id: usize) -> Result<(), Infallible> {
        self.push(Slot::Name(name))
    }

    fn html(&mut self, html: Html<'a>) -> Result<(), Infallible> {
        self.push(Slot::Html(Cow::Borrowed(html.text)))
    }

    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> Result<(), Infallible> {
        let mut joined = String::with_capacity(len);
        pieces.iter().for_each(|piece| joined.push_str(piece));
        self.push(Slot::Html(Cow::Owned(joined)))
    }

    fn dup(&mut self, depth: usize) -> Result<(), Infallible> {
        let at = self.stack.len() - 1 - depth;
        let copy = match &self.stack[at] {
            Slot::Html(html) => Slot::Html(html.clone()),
            Slot::Value(value) => Slot::Value(value.clone()),
            _ => out_of_order(),
        };
        self.push(copy)
    }

    fn inner_blocks(&mut self, len: usize) -> Result<(), Infallible> {
        let blocks = self
            .pop(len)
            .map(|slot| match slot {
                Slot::Block(block) => block,
                _ => out_of_order(),
            })
            .collect();
        self.push(Slot::Blocks(blocks))
    }

    fn inner_content(&mut self, len: usize) -> Result<(), Infallible> {
        let content = self
            .pop(len)
            .map(|slot| match slot {
                Slot::Html(html) => Some(html),
                Slot::Value(Value::Null) => None,
                _ => out_of_order(),
            })
            .collect();
        self.push(Slot::Content(content))
    }

    fn block(&mut self, _id: NodeId) -> Result<(), Infallible> {
        let (Some(Slot::Content(inner_content)), Some(Slot::Html(inner_html))) =
            (self.stack.pop(), self.stack.pop())
        else {
            out_of_order()
        };
        let Some(Slot::Blocks(inner_blocks)) = self.stack.pop() else {
            out_of_order()
        };
        let attrs = self.pop_value();
        let block_name = match self.stack.pop() {
            Some(Slot::Name(name)) => Some(name),
            Some(Slot::Value(Value::Null)) => None,
            _ => out_of_order(),
        };
        self.push(Slot::Block(Block {
            block_name,
            attrs,
            inner_blocks,
            inner_html,
            inner_content,
        }))
    }
}
