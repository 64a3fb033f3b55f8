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
//! 1. the name ([`Builder::name`]; `None` for freeform HTML);
//! 2. the attributes (a JSON value; an empty object when the opener had none,
//!    `null` when their JSON is invalid), decoded with the rules of the
//!    document's [`Dialect`]: `JSON.parse`'s, or for [`Dialect::Php`]
//!    `json_decode($text, true)`'s ([`json::parse_php`]), whose integers,
//!    floats and integer keys go to [`Builder::int`], [`Builder::float`] and
//!    [`Builder::int_key`];
//! 3. the inner blocks, each built the same way, then [`Builder::inner_blocks`];
//! 4. `innerHTML`: [`Builder::html`] for a block with one HTML run (or none),
//!    [`Builder::joined_html`] for several;
//! 5. `innerContent`: each run again ([`Builder::dup`] of the value pushed in
//!    step 4 when there is a single run, so that both can be one object) and
//!    [`Builder::inner_block_slot`] for each inner block, then
//!    [`Builder::inner_content`];
//!
//! and then calls [`Builder::block`], which pops those five values. A block
//! with no inner blocks and a single HTML run (most blocks) takes a shortcut
//! after step 2: [`Builder::leaf`], whose default makes steps 3 to 5 and the
//! block as above; one with no inner blocks and no HTML (void blocks) takes
//! [`Builder::empty`].

use std::collections::HashMap;
use std::ops::Range;
use std::slice;

use crate::json::{self, Event, JsEvent, JsEvents, PhpEvents, PhpKey, PhpValue, Str, Value};
use crate::limits::{ExpansionLimitError, Limits, Sharing};
use crate::tree::{BlockName, Document, NodeId, Piece};
use crate::Dialect;

/// A host language's constructors, called bottom-up by [`Prepared::build`].
///
/// Every method pushes exactly one value onto the builder's stack (after
/// popping the ones it consumes). Values can live wherever the host needs
/// them: a `Vec` of owned references, or an array the host's garbage collector
/// scans (with indices as handles).
pub trait Builder<'a> {
    /// A failure of the host (an exception).
    type Error;

    /// Pushes JSON `null`.
    fn null(&mut self) -> Result<(), Self::Error>;
    /// Pushes a JSON boolean.
    fn bool(&mut self, value: bool) -> Result<(), Self::Error>;
    /// Pushes a JSON number (a double, as in JavaScript).
    fn number(&mut self, value: f64) -> Result<(), Self::Error>;
    /// Pushes an integer of PHP-dialect attributes: `json_decode` keeps an
    /// integer literal that fits in int64 as an `int`. The default pushes it
    /// as a number.
    fn int(&mut self, value: i64) -> Result<(), Self::Error> {
        self.number(value as f64)
    }
    /// Pushes a float of PHP-dialect attributes (any other number). The
    /// default pushes it as a number.
    fn float(&mut self, value: f64) -> Result<(), Self::Error> {
        self.number(value)
    }
    /// Pushes a JSON string value of the attributes. It may hold lone
    /// surrogates ([`Str::as_wtf8`]), which JavaScript keeps.
    fn string(&mut self, value: &Str<'a>) -> Result<(), Self::Error>;
    /// Pushes an object key of the attributes. Keys repeat across blocks, so a
    /// host may share them (those borrowed from the document are
    /// [`Str::as_borrowed`]).
    fn key(&mut self, key: &Str<'a>) -> Result<(), Self::Error> {
        self.string(key)
    }
    /// Pushes an integer key of PHP-dialect attributes: `json_decode` makes
    /// a key that is the canonical decimal form of an int64 an integer key.
    /// The default pushes its decimal text as a key.
    fn int_key(&mut self, key: i64) -> Result<(), Self::Error> {
        self.key(&Str::new(key.to_string()))
    }
    /// Pops `len` values and pushes a JSON array of them, in order.
    fn array(&mut self, len: usize) -> Result<(), Self::Error>;
    /// Pops `len` key/value pairs (`2 * len` values, each key below its value)
    /// and pushes a JSON object of them, in order. Keys are unique.
    fn object(&mut self, len: usize) -> Result<(), Self::Error>;
    /// Pushes a block's attributes from their JSON text as written (trailing
    /// whitespace included), for a document prepared with
    /// [`Prepared::with_raw_attrs`], whose host decodes attributes itself: the
    /// reference's `JSON.parse` of the text, `null` when that throws. The
    /// default decodes it with the core's rules and pushes the value.
    fn raw_attrs(&mut self, text: Html<'a>) -> Result<(), Self::Error>
    where
        Self: Sized,
    {
        let value = json::parse(text.text).unwrap_or(Value::Null);
        push_value(&value, self, &mut Vec::new())
    }

    /// Pushes a block name, `None` (the reference's `null`) for freeform HTML.
    /// `id` is the same for every block of this document whose full name is
    /// the same (`p` and `core/p` included), and counts up from 0 in order of
    /// first use, so a host can make each name once.
    fn name(&mut self, name: Option<BlockName<'a>>, id: usize) -> Result<(), Self::Error>;
    /// Pushes a run of HTML (possibly empty).
    fn html(&mut self, html: Html<'a>) -> Result<(), Self::Error>;
    /// Pushes the `innerHTML` of a block whose HTML is split by inner blocks:
    /// `pieces` joined, `len` bytes in all.
    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> Result<(), Self::Error>;
    /// Pushes the value `depth` places below the top again (0: the top).
    fn dup(&mut self, depth: usize) -> Result<(), Self::Error>;
    /// Pushes the `null` that stands for an inner block in `innerContent`.
    fn inner_block_slot(&mut self) -> Result<(), Self::Error> {
        self.null()
    }
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
    /// Pops name and attrs and pushes a block that has no inner blocks and one
    /// HTML run, `html`, as its `innerHTML` and its only `innerContent` entry:
    /// most blocks, and every run of freeform HTML. A shortcut for what the
    /// default does, for hosts that can make such a block faster in one go.
    fn leaf(&mut self, id: NodeId, html: Html<'a>) -> Result<(), Self::Error> {
        self.inner_blocks(0)?;
        self.html(html)?;
        self.dup(0)?;
        self.inner_content(1)?;
        self.block(id)
    }
    /// Pops name and attrs and pushes a block that has no inner blocks and no
    /// HTML (`innerHTML` empty, `innerContent` empty): a void block, or one
    /// closed right after its opener. A shortcut as [`Builder::leaf`] is;
    /// `html` is the empty run at the end of the opener.
    fn empty(&mut self, id: NodeId, html: Html<'a>) -> Result<(), Self::Error> {
        self.inner_blocks(0)?;
        self.html(html)?;
        self.inner_content(0)?;
        self.block(id)
    }
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
    /// The attributes of the nodes that have an attribute group, in id order;
    /// `Value::Null` where their JSON is invalid.
    attrs: Vec<Value<'a>>,
    /// The same for a document of the PHP dialect (`attrs` stays empty);
    /// `None` where `json_decode` returns null.
    php_attrs: Vec<Option<PhpValue<'a>>>,
    /// Each node's name id ([`Builder::name`], unused for freeform HTML) and
    /// the index of its attributes in `attrs` ([`NO_ATTRS`] when absent).
    /// Empty for [`Decoded::raw`].
    nodes: Vec<(u32, u32)>,
}

/// A node without an attribute group: its attributes are `{}`.
const NO_ATTRS: u32 = u32::MAX;

/// A node whose attribute group goes to [`Builder::raw_attrs`] as text.
const RAW_ATTRS: u32 = u32::MAX - 1;

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
    Entries(slice::Iter<'v, (Str<'a>, Value<'a>)>),
    PhpItems(slice::Iter<'v, PhpValue<'a>>),
    PhpEntries(slice::Iter<'v, (PhpKey<'a>, PhpValue<'a>)>),
}

impl<'a> Prepared<'a> {
    /// Checks that the tree of `document`, built by a host that shares what
    /// `sharing` says, holds no more text than `limits` allow; then decodes
    /// the attributes of every block and numbers the block names.
    ///
    /// # Errors
    /// [`ExpansionLimitError`] when the tree would be over the limit (see
    /// [`crate::limits`]), before anything is decoded or built.
    pub fn new(
        document: Document<'a>,
        limits: &Limits,
        sharing: Sharing,
    ) -> Result<Self, ExpansionLimitError> {
        limits.check_document(&document, sharing)?;
        let decoded = Decoded::new(&document, true);
        Ok(Prepared { document, decoded })
    }

    /// [`Prepared::new`], but attributes stay text: the build hands each group
    /// to [`Builder::raw_attrs`]. For hosts whose own decoder is the
    /// reference's (JavaScript's `JSON.parse`, PHP's `json_decode`).
    ///
    /// # Errors
    /// As for [`Prepared::new`].
    pub fn with_raw_attrs(
        document: Document<'a>,
        limits: &Limits,
        sharing: Sharing,
    ) -> Result<Self, ExpansionLimitError> {
        limits.check_document(&document, sharing)?;
        let decoded = Decoded::new(&document, false);
        Ok(Prepared { document, decoded })
    }

    /// The parsed document.
    pub fn document(&self) -> &Document<'a> {
        &self.document
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
            self.decoded
                .push_attrs(&self.document, id, builder, &mut scratch.values)?;
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
    /// Numbers the names of `document`, and decodes its attributes when
    /// `decode` (else they go to [`Builder::raw_attrs`]).
    pub(crate) fn new(document: &Document<'a>, decode: bool) -> Self {
        let mut names = NameIds::default();
        let mut attrs = Vec::new();
        let mut php_attrs = Vec::new();
        let php = document.dialect() == Dialect::Php;
        let nodes = document
            .nodes
            .iter()
            .map(|node| {
                let name = node.name.map_or(0, |name| names.id(name));
                let Some(text) = node.attrs else {
                    return (name, NO_ATTRS);
                };
                if !decode {
                    return (name, RAW_ATTRS);
                }
                if php {
                    php_attrs.push(json::parse_php(text.as_bytes()));
                    return (name, (php_attrs.len() - 1) as u32);
                }
                attrs.push(json::parse(text).unwrap_or(Value::Null));
                (name, (attrs.len() - 1) as u32)
            })
            .collect();
        Decoded {
            attrs,
            php_attrs,
            nodes,
        }
    }

    /// Nothing added: attributes go to [`Builder::raw_attrs`] and every name
    /// id is 0. For a host that decodes attributes itself and makes each name
    /// without sharing it (the Rust tree), so that a small document costs no
    /// more than its blocks.
    pub(crate) fn raw() -> Self {
        Decoded {
            attrs: Vec::new(),
            php_attrs: Vec::new(),
            nodes: Vec::new(),
        }
    }

    /// A node's name id and where its attributes are.
    #[inline]
    fn node(&self, document: &Document<'a>, id: NodeId) -> (u32, u32) {
        match self.nodes.get(id) {
            Some(&node) => node,
            None if document.nodes[id].attrs.is_some() => (0, RAW_ATTRS),
            None => (0, NO_ATTRS),
        }
    }

    /// Pushes a block's attributes.
    #[inline(always)]
    fn push_attrs<'v, B: Builder<'a>>(
        &'v self,
        document: &Document<'a>,
        id: NodeId,
        builder: &mut B,
        open: &mut Vec<(Open<'v, 'a>, usize)>,
    ) -> Result<(), B::Error> {
        match self.node(document, id).1 {
            NO_ATTRS => builder.object(0),
            RAW_ATTRS => {
                let text = document.nodes[id].attrs.unwrap_or_default();
                let start = text.as_ptr() as usize - document.source.as_ptr() as usize;
                builder.raw_attrs(Html {
                    text,
                    start,
                    ends_document: start + text.len() == document.source.len(),
                })
            }
            at if self.attrs.is_empty() => match &self.php_attrs[at as usize] {
                Some(value) => push_php_value(value, builder, open),
                None => builder.null(),
            },
            at => push_value(&self.attrs[at as usize], builder, open),
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
            self.start_block(document, root, builder, scratch)?;
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
                        self.start_block(document, child, builder, scratch)?;
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
    #[inline(always)]
    fn push_name<B: Builder<'a>>(
        &self,
        document: &Document<'a>,
        id: NodeId,
        builder: &mut B,
    ) -> Result<(), B::Error> {
        let name = document.nodes[id].name.map(BlockName::new);
        builder.name(name, self.node(document, id).0 as usize)
    }

    /// Pushes a block's name and attributes; then the rest of a block without
    /// inner blocks, or else opens it for them.
    #[inline(always)]
    fn start_block<'v, B: Builder<'a>>(
        &'v self,
        document: &Document<'a>,
        id: NodeId,
        builder: &mut B,
        scratch: &mut Scratch<'v, 'a>,
    ) -> Result<(), B::Error> {
        self.push_name(document, id, builder)?;
        self.push_attrs(document, id, builder, &mut scratch.values)?;
        let node = &document.nodes[id];
        if node.child_count == 0 {
            return close_block(document, id, builder, &mut scratch.pieces);
        }
        scratch.blocks.push((id, node.content.start));
        Ok(())
    }
}

/// Pushes what follows a block's inner blocks, and the block itself.
#[inline(always)]
fn close_block<'a, B: Builder<'a>>(
    document: &Document<'a>,
    id: NodeId,
    builder: &mut B,
    pieces: &mut Vec<&'a str>,
) -> Result<(), B::Error> {
    let node = &document.nodes[id];
    let content = &document.pieces[node.content.clone()];
    let html = |start: usize, end: usize| Html {
        text: &document.source[start..end],
        start,
        ends_document: end == document.source.len(),
    };
    match *content {
        [Piece::Html(start, end)] => return builder.leaf(id, html(start, end)),
        [] => return builder.empty(id, html(node.opener_end, node.opener_end)),
        _ => {}
    }
    builder.inner_blocks(node.child_count)?;
    let mut runs = content.iter().filter_map(|piece| match *piece {
        Piece::Html(start, end) => Some((start, end)),
        Piece::Block(_) => None,
    });
    let single_run = match (runs.next(), runs.next()) {
        (None, _) => {
            // Inner blocks only.
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
            Piece::Block(_) => builder.inner_block_slot()?,
        }
    }
    builder.inner_content(content.len())?;
    builder.block(id)
}

/// Pushes one JSON value through `builder` (one block's attributes, for the
/// views of a query), depth-first without recursion, with its working memory
/// in `scratch` (see the module documentation).
///
/// # Errors
/// The first error of the host.
pub fn build_value<'v, 'a, B: Builder<'a>>(
    value: &'v Value<'a>,
    builder: &mut B,
    scratch: &mut Scratch<'v, 'a>,
) -> Result<(), B::Error> {
    push_value(value, builder, &mut scratch.values)
}

/// Pushes a PHP-dialect attribute group (`json_decode($text, true)` of
/// `text`) straight from its text, without a tree of Rust values, for a host
/// whose [`Builder::raw_attrs`] decodes attributes: `Ok(false)`, with nothing
/// pushed, where this quick path does not apply (what `json_decode` returns
/// null for, and objects that repeat a key or have many keys), for the host to
/// decode those with its own `json_decode`. `events` is working memory.
///
/// # Errors
/// The first error of the host.
pub fn build_php_attrs<'a, B: Builder<'a>>(
    text: &'a str,
    builder: &mut B,
    events: &mut PhpEvents<'a>,
) -> Result<bool, B::Error> {
    if !events.parse(text) {
        return Ok(false);
    }
    for event in events.drain() {
        match event {
            Event::Null => builder.null()?,
            Event::Bool(flag) => builder.bool(flag)?,
            Event::Int(number) => builder.int(number)?,
            Event::Float(number) => builder.float(number)?,
            Event::String(text) => builder.string(&text)?,
            Event::Key(PhpKey::Int(index)) => builder.int_key(index)?,
            Event::Key(PhpKey::String(key)) => builder.key(&key)?,
            Event::List(len) => builder.array(len)?,
            Event::Map(len) => builder.object(len)?,
        }
    }
    Ok(true)
}

/// Pushes an attribute group (`JSON.parse` of `text`) straight from its text,
/// without a tree of Rust values, for a JavaScript host that makes its own
/// objects and whose [`Builder::raw_attrs`] decodes attributes: `Ok(false)`,
/// with nothing pushed, where this quick path does not apply (what
/// `JSON.parse` throws for, a string or key with an escape, a `__proto__`
/// key, and a number that one rounding step does not convert exactly), for
/// the host to decode those with its own `JSON.parse`. Every string and key
/// pushed is borrowed from `text` ([`Str::as_borrowed`]). Unlike elsewhere,
/// an object's keys come in the text's order and may repeat: the host's
/// objects must take them as JavaScript's do (the last value at the first
/// position, integer-like keys first). `events` is working memory.
///
/// # Errors
/// The first error of the host.
pub fn build_js_attrs<'a, B: Builder<'a>>(
    text: &'a str,
    builder: &mut B,
    events: &mut JsEvents<'a>,
) -> Result<bool, B::Error> {
    if !events.parse(text) {
        return Ok(false);
    }
    for event in events.drain() {
        match event {
            JsEvent::Null => builder.null()?,
            JsEvent::Bool(flag) => builder.bool(flag)?,
            JsEvent::Number(number) => builder.number(number)?,
            JsEvent::String(text) => builder.string(&Str::new(text))?,
            JsEvent::Key(key) => builder.key(&Str::new(key))?,
            JsEvent::Array(len) => builder.array(len)?,
            JsEvent::Object(len) => builder.object(len)?,
        }
    }
    Ok(true)
}

/// Pushes a JSON value, depth-first with the explicit stack `open`.
fn push_value<'v, 'a, B: Builder<'a>>(
    value: &'v Value<'a>,
    builder: &mut B,
    open: &mut Vec<(Open<'v, 'a>, usize)>,
) -> Result<(), B::Error> {
    push_tree(Next::Json(value), builder, open)
}

/// Pushes a PHP-dialect value, depth-first with the explicit stack `open`.
fn push_php_value<'v, 'a, B: Builder<'a>>(
    value: &'v PhpValue<'a>,
    builder: &mut B,
    open: &mut Vec<(Open<'v, 'a>, usize)>,
) -> Result<(), B::Error> {
    push_tree(Next::Php(value), builder, open)
}

/// The next value to push: of either dialect.
enum Next<'v, 'a> {
    Json(&'v Value<'a>),
    Php(&'v PhpValue<'a>),
}

/// Pushes a value and everything in it, containers after their items.
fn push_tree<'v, 'a, B: Builder<'a>>(
    first: Next<'v, 'a>,
    builder: &mut B,
    open: &mut Vec<(Open<'v, 'a>, usize)>,
) -> Result<(), B::Error> {
    open.clear();
    let mut next = Some(first);
    loop {
        match next.take() {
            None => {}
            Some(Next::Json(value)) => match value {
                Value::Null => builder.null()?,
                Value::Bool(flag) => builder.bool(*flag)?,
                Value::Number(number) => builder.number(*number)?,
                Value::String(text) => builder.string(text)?,
                Value::Array(items) => open.push((Open::Items(items.iter()), items.len())),
                Value::Object(entries) => open.push((Open::Entries(entries.iter()), entries.len())),
            },
            Some(Next::Php(value)) => match value {
                PhpValue::Null => builder.null()?,
                PhpValue::Bool(flag) => builder.bool(*flag)?,
                PhpValue::Int(number) => builder.int(*number)?,
                PhpValue::Float(number) => builder.float(*number)?,
                PhpValue::String(text) => builder.string(text)?,
                PhpValue::List(items) => open.push((Open::PhpItems(items.iter()), items.len())),
                PhpValue::Map(entries) => {
                    open.push((Open::PhpEntries(entries.iter()), entries.len()));
                }
            },
        }
        let Some((rest, len)) = open.last_mut() else {
            return Ok(());
        };
        let len = *len;
        let closed_list = match rest {
            Open::Items(items) => items.next().map(Next::Json).ok_or(true),
            Open::PhpItems(items) => items.next().map(Next::Php).ok_or(true),
            Open::Entries(entries) => match entries.next() {
                Some((key, item)) => {
                    builder.key(key)?;
                    Ok(Next::Json(item))
                }
                None => Err(false),
            },
            Open::PhpEntries(entries) => match entries.next() {
                Some((key, item)) => {
                    match key {
                        PhpKey::Int(index) => builder.int_key(*index)?,
                        PhpKey::String(text) => builder.key(text)?,
                    }
                    Ok(Next::Php(item))
                }
                None => Err(false),
            },
        };
        match closed_list {
            Ok(item) => next = Some(item),
            Err(list) => {
                open.pop();
                if list {
                    builder.array(len)?;
                } else {
                    builder.object(len)?;
                }
            }
        }
    }
}

/// Ids of the distinct names of one document. Names are compared without the
/// `core/` namespace, so that `p` and `core/p` are one name.
#[derive(Default)]
struct NameIds<'a> {
    /// Distinct names with their ids, in order of first use.
    seen: Vec<&'a str>,
    /// Positions in `seen`, once a document has more names than a scan suits.
    index: Option<HashMap<&'a str, u32>>,
    /// The last name looked up: runs of the same name skip the lookup.
    last: Option<(&'a str, u32)>,
}

/// Past this many distinct names, lookups use a hash map instead of a scan.
const SCAN_LIMIT: usize = 16;

impl<'a> NameIds<'a> {
    fn id(&mut self, written: &'a str) -> u32 {
        let name = written.strip_prefix("core/").unwrap_or(written);
        if let Some((last, id)) = self.last {
            if last == name {
                return id;
            }
        }
        let found = match &self.index {
            Some(index) => index.get(name).copied(),
            None => self
                .seen
                .iter()
                .position(|&seen| seen == name)
                .map(|at| at as u32),
        };
        let id = found.unwrap_or_else(|| {
            let id = self.seen.len() as u32;
            self.seen.push(name);
            if let Some(index) = &mut self.index {
                index.insert(name, id);
            } else if self.seen.len() > SCAN_LIMIT {
                self.index = Some(self.seen.iter().copied().zip(0..).collect());
            }
            id
        });
        self.last = Some((name, id));
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_full_names_share_an_id() {
        let mut names = NameIds::default();
        let ids: Vec<u32> = ["p", "core/p", "a/p", "p", "x"]
            .iter()
            .map(|name| names.id(name))
            .collect();
        assert_eq!(ids, [0, 0, 1, 0, 2]);
    }

    #[test]
    fn many_names_switch_to_an_index() {
        let written: Vec<String> = (0..40).map(|at| format!("n{at}")).collect();
        let mut names = NameIds::default();
        for (at, name) in written.iter().enumerate() {
            assert_eq!(names.id(name), at as u32);
        }
        for (at, name) in written.iter().enumerate().rev() {
            assert_eq!(names.id(name), at as u32);
        }
        assert!(names.index.is_some());
    }
}
