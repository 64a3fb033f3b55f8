//! Building a host language's values from a parsed document: the one walk that
//! every binding's `parse` goes through.
//!
//! A binding implements [`Builder`] with its own constructors; the core drives
//! them bottom-up, as a stack machine: each constructor pushes one value onto
//! the builder's stack, and the container constructors ([`Builder::array`],
//! [`Builder::object`], [`Builder::block`], ...) pop their items and push the
//! container. The driver never recurses and keeps its whole state in a
//! [`Scratch`] that the caller owns, so it owns nothing that needs dropping:
//! a host whose errors unwind with `longjmp` (Ruby, PHP) may leave it in the
//! middle of a call, inside its own protection, without skipping a destructor.
//!
//! Per block, the driver pushes, in the reference's key order:
//!
//! 1. the name ([`Builder::name`], or [`Builder::null`] for freeform HTML);
//! 2. the attributes (a JSON value; an empty object when the opener had none,
//!    `null` when their JSON is invalid);
//! 3. the inner blocks, each built the same way, then [`Builder::inner_blocks`];
//! 4. `innerHTML`: [`Builder::html`] for a block with one HTML run (or none),
//!    [`Builder::joined_html`] for several;
//! 5. `innerContent`: each run again ([`Builder::dup`] of the value pushed in
//!    step 4 when there is a single run, so that both can be one object) and
//!    [`Builder::null`] for each inner block, then [`Builder::inner_content`];
//!
//! and then calls [`Builder::block`], which pops those five values.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::slice;

use crate::json::Value;
use crate::tree::{BlockName, Document, NodeId, Piece};

/// A host language's constructors, called bottom-up by [`Prepared::build`].
///
/// Every method pushes exactly one value onto the builder's stack (after
/// popping the ones it consumes). Values can live wherever the host needs
/// them: a `Vec` of owned references, or an array the host's garbage collector
/// scans (with indices as handles).
pub trait Builder<'a> {
    /// A failure of the host (an exception).
    type Error;

    /// Pushes `null`: JSON `null`, a freeform block's name, an inner block's
    /// place in `innerContent`.
    fn null(&mut self) -> Result<(), Self::Error>;
    /// Pushes a JSON boolean.
    fn bool(&mut self, value: bool) -> Result<(), Self::Error>;
    /// Pushes a JSON number (a double, as in JavaScript).
    fn number(&mut self, value: f64) -> Result<(), Self::Error>;
    /// Pushes a JSON string value of the attributes.
    fn string(&mut self, value: &Cow<'a, str>) -> Result<(), Self::Error>;
    /// Pushes an object key of the attributes. Keys repeat across blocks, so a
    /// host may share them.
    fn key(&mut self, key: &Cow<'a, str>) -> Result<(), Self::Error> {
        self.string(key)
    }
    /// Pops `len` values and pushes a JSON array of them, in order.
    fn array(&mut self, len: usize) -> Result<(), Self::Error>;
    /// Pops `len` key/value pairs (`2 * len` values, each key below its value)
    /// and pushes a JSON object of them, in order. Keys are unique.
    fn object(&mut self, len: usize) -> Result<(), Self::Error>;

    /// Pushes a block name. `id` is the same for every block of this document
    /// whose full name is the same (`p` and `core/p` included), and counts up
    /// from 0 in order of first use, so a host can make each name once.
    fn name(&mut self, name: BlockName<'a>, id: usize) -> Result<(), Self::Error>;
    /// Pushes a run of HTML (possibly empty).
    fn html(&mut self, html: Html<'a>) -> Result<(), Self::Error>;
    /// Pushes the `innerHTML` of a block whose HTML is split by inner blocks:
    /// `pieces` joined, `len` bytes in all.
    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> Result<(), Self::Error>;
    /// Pushes the value `depth` places below the top again (0: the top).
    fn dup(&mut self, depth: usize) -> Result<(), Self::Error>;
    /// Pops `len` blocks and pushes a list of them: a block's `innerBlocks`,
    /// or the document's top-level blocks.
    fn inner_blocks(&mut self, len: usize) -> Result<(), Self::Error> {
        self.array(len)
    }
    /// Pops `len` entries (HTML runs, and `null` where an inner block sits)
    /// and pushes a block's `innerContent`.
    fn inner_content(&mut self, len: usize) -> Result<(), Self::Error> {
        self.array(len)
    }
    /// Pops name, attrs, innerBlocks, innerHTML and innerContent (innerContent
    /// on top) and pushes the block. `id` is the node's id in the document.
    fn block(&mut self, id: NodeId) -> Result<(), Self::Error>;
}

/// A host that also builds the entries of a depth-first walk
/// ([`Prepared::build_walk`]).
pub trait WalkBuilder<'a>: Builder<'a> {
    /// Pops a block's name and attributes (attributes on top) and pushes the
    /// walk's entry for the block.
    fn walk_entry(&mut self, entry: WalkEntry) -> Result<(), Self::Error>;
}

/// Where a block met by [`Prepared::build_walk`] sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkEntry {
    /// The node's id in the document.
    pub id: NodeId,
    /// 0 for a top-level block, 1 for its inner blocks, and so on.
    pub depth: usize,
    /// The whole block in the document, delimiters included (byte offsets).
    pub span: Range<usize>,
    /// The opening (or void) delimiter; `None` for freeform HTML.
    pub opener: Option<Range<usize>>,
    /// The closing delimiter, when one closed the block.
    pub closer: Option<Range<usize>>,
    /// Whether the block was written as a void delimiter.
    pub void: bool,
}

/// A run of HTML handed to [`Builder::html`].
#[derive(Clone, Copy, Debug)]
pub struct Html<'a> {
    /// The text: a slice of the document.
    pub text: &'a str,
    /// Where the text starts in the document, in bytes.
    pub start: usize,
    /// Whether the text runs to the end of the document. Every unclosed block
    /// ends with the rest of the document, so a host that can share the
    /// document's tail (instead of copying it) keeps such output linear.
    pub ends_document: bool,
}

/// A document ready to be built: parsed, every attribute group decoded and
/// every block name numbered, without touching any host value (so a host can
/// do it with its interpreter lock released).
pub struct Prepared<'a> {
    document: Document<'a>,
    decoded: Decoded<'a>,
}

/// What [`Prepared`] adds to a document.
pub(crate) struct Decoded<'a> {
    /// Each node's attributes: an empty object when absent, `Value::Null` when
    /// invalid.
    attrs: Vec<Value<'a>>,
    /// Each node's name id ([`Builder::name`]); unused for freeform nodes.
    name_ids: Vec<u32>,
}

/// The driver's working memory. Owned by the caller (see the module
/// documentation), reusable across builds.
#[derive(Default)]
pub struct Scratch<'v, 'a> {
    /// Open blocks: node id and the next piece of its content to look at.
    blocks: Vec<(NodeId, usize)>,
    /// Open JSON containers: what is left of each, and how many it holds.
    values: Vec<(Open<'v, 'a>, usize)>,
    /// The HTML runs of one block, for [`Builder::joined_html`].
    pieces: Vec<&'a str>,
}

/// What is left to push of an open JSON container.
enum Open<'v, 'a> {
    Items(slice::Iter<'v, Value<'a>>),
    Entries(slice::Iter<'v, (Cow<'a, str>, Value<'a>)>),
}

impl<'a> Prepared<'a> {
    /// Decodes the attributes of every block of `document` and numbers its
    /// block names.
    pub fn new(document: Document<'a>) -> Self {
        let decoded = Decoded::new(&document);
        Prepared { document, decoded }
    }

    /// The parsed document.
    pub fn document(&self) -> &Document<'a> {
        &self.document
    }

    /// The decoded attributes of node `id`, as [`crate::BlockRef::attrs`] gives them.
    pub fn attrs(&self, id: NodeId) -> &Value<'a> {
        &self.decoded.attrs[id]
    }

    /// Builds the document's top-level blocks: pushes one list
    /// ([`Builder::inner_blocks`]) holding them, each built as the module
    /// documentation says.
    pub fn build<'v, B: Builder<'a>>(
        &'v self,
        builder: &mut B,
        scratch: &mut Scratch<'v, 'a>,
    ) -> Result<(), B::Error> {
        self.decoded.build(&self.document, builder, scratch)
    }

    /// Builds every block's walk entry, depth-first in document order: for
    /// each block, pushes its name and attributes and calls
    /// [`WalkBuilder::walk_entry`]; then pushes one list
    /// ([`Builder::array`]) holding the entries.
    pub fn build_walk<'v, B: WalkBuilder<'a>>(
        &'v self,
        builder: &mut B,
        scratch: &mut Scratch<'v, 'a>,
    ) -> Result<(), B::Error> {
        let mut count = 0;
        for (block, depth) in self.document.walk_in(&mut scratch.blocks) {
            let id = block.id();
            self.decoded.push_name(&self.document, id, builder)?;
            push_value(&self.decoded.attrs[id], builder, &mut scratch.values)?;
            builder.walk_entry(WalkEntry {
                id,
                depth,
                span: block.span(),
                opener: block.opener_span(),
                closer: block.closer_span(),
                void: block.is_void(),
            })?;
            count += 1;
        }
        builder.array(count)
    }
}

impl<'a> Decoded<'a> {
    pub(crate) fn new(document: &Document<'a>) -> Self {
        let attrs = (0..document.node_count())
            .map(|id| document.block(id).attrs())
            .collect();
        Decoded {
            attrs,
            name_ids: number_names(document),
        }
    }

    /// See [`Prepared::build`].
    pub(crate) fn build<'v, B: Builder<'a>>(
        &'v self,
        document: &Document<'a>,
        builder: &mut B,
        scratch: &mut Scratch<'v, 'a>,
    ) -> Result<(), B::Error> {
        scratch.blocks.clear();
        for &root in &document.roots {
            self.open_block(document, root, builder, scratch)?;
            while let Some(&(id, next)) = scratch.blocks.last() {
                let content = document.nodes[id].content.clone();
                let child = (next..content.end).find_map(|at| match document.pieces[at] {
                    Piece::Block(child) => Some((at, child)),
                    Piece::Html(..) => None,
                });
                match child {
                    Some((at, child)) => {
                        if let Some(top) = scratch.blocks.last_mut() {
                            top.1 = at + 1;
                        }
                        self.open_block(document, child, builder, scratch)?;
                    }
                    None => {
                        scratch.blocks.pop();
                        close_block(document, id, builder, &mut scratch.pieces)?;
                    }
                }
            }
        }
        builder.inner_blocks(document.roots.len())
    }

    /// Pushes a block's name, `null` for freeform HTML.
    fn push_name<B: Builder<'a>>(
        &self,
        document: &Document<'a>,
        id: NodeId,
        builder: &mut B,
    ) -> Result<(), B::Error> {
        match document.nodes[id].name {
            None => builder.null(),
            Some(name) => builder.name(BlockName::new(name), self.name_ids[id] as usize),
        }
    }

    /// Pushes a block's name and attributes, and opens it for its inner blocks.
    fn open_block<'v, B: Builder<'a>>(
        &'v self,
        document: &Document<'a>,
        id: NodeId,
        builder: &mut B,
        scratch: &mut Scratch<'v, 'a>,
    ) -> Result<(), B::Error> {
        self.push_name(document, id, builder)?;
        push_value(&self.attrs[id], builder, &mut scratch.values)?;
        scratch.blocks.push((id, document.nodes[id].content.start));
        Ok(())
    }
}

/// Pushes what follows a block's inner blocks, and the block itself.
fn close_block<'a, B: Builder<'a>>(
    document: &Document<'a>,
    id: NodeId,
    builder: &mut B,
    pieces: &mut Vec<&'a str>,
) -> Result<(), B::Error> {
    let node = &document.nodes[id];
    builder.inner_blocks(node.child_count)?;
    let content = &document.pieces[node.content.clone()];
    let html = |start: usize, end: usize| Html {
        text: &document.source[start..end],
        start,
        ends_document: end == document.source.len(),
    };
    let mut runs = content.iter().filter_map(|piece| match *piece {
        Piece::Html(start, end) => Some((start, end)),
        Piece::Block(_) => None,
    });
    let single_run = match (runs.next(), runs.next()) {
        (None, _) => {
            builder.html(html(node.opener_end, node.opener_end))?;
            false
        }
        (Some((start, end)), None) => {
            builder.html(html(start, end))?;
            true
        }
        (Some(_), Some(_)) => {
            pieces.clear();
            pieces.extend(content.iter().filter_map(|piece| match *piece {
                Piece::Html(start, end) => Some(&document.source[start..end]),
                Piece::Block(_) => None,
            }));
            let len = pieces.iter().map(|piece| piece.len()).sum();
            builder.joined_html(pieces, len)?;
            false
        }
    };
    for (pushed, piece) in content.iter().enumerate() {
        match *piece {
            Piece::Html(..) if single_run => builder.dup(pushed)?,
            Piece::Html(start, end) => builder.html(html(start, end))?,
            Piece::Block(_) => builder.null()?,
        }
    }
    builder.inner_content(content.len())?;
    builder.block(id)
}

/// Pushes a JSON value, depth-first with the explicit stack `open`.
fn push_value<'v, 'a, B: Builder<'a>>(
    value: &'v Value<'a>,
    builder: &mut B,
    open: &mut Vec<(Open<'v, 'a>, usize)>,
) -> Result<(), B::Error> {
    open.clear();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            match value {
                Value::Null => builder.null()?,
                Value::Bool(flag) => builder.bool(*flag)?,
                Value::Number(number) => builder.number(*number)?,
                Value::String(text) => builder.string(text)?,
                Value::Array(items) => open.push((Open::Items(items.iter()), items.len())),
                Value::Object(entries) => open.push((Open::Entries(entries.iter()), entries.len())),
            }
        }
        let Some((rest, len)) = open.last_mut() else {
            return Ok(());
        };
        let len = *len;
        match rest {
            Open::Items(items) => match items.next() {
                Some(item) => next = Some(item),
                None => {
                    open.pop();
                    builder.array(len)?;
                }
            },
            Open::Entries(entries) => match entries.next() {
                Some((key, item)) => {
                    builder.key(key)?;
                    next = Some(item);
                }
                None => {
                    open.pop();
                    builder.object(len)?;
                }
            },
        }
    }
}

/// The name id of every node: equal full names get equal ids, numbered in
/// order of first use.
fn number_names(document: &Document<'_>) -> Vec<u32> {
    let mut ids: HashMap<Cow<'_, str>, u32> = HashMap::new();
    let mut last: Option<(&str, u32)> = None;
    document
        .nodes
        .iter()
        .map(|node| {
            let Some(name) = node.name else { return 0 };
            // Runs of the same name (paragraph after paragraph) skip the lookup.
            if let Some((previous, id)) = last {
                if previous == name {
                    return id;
                }
            }
            let next = ids.len() as u32;
            let id = *ids.entry(BlockName::new(name).full()).or_insert(next);
            last = Some((name, id));
            id
        })
        .collect()
}
