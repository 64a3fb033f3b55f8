//! Turns the token stream into a [`Document`], with the reference's recovery.
//!
//! The reference keeps a stack of open blocks and an output list. Its rules, which
//! this module follows step by step:
//! - HTML before a top-level block becomes a freeform block of its own.
//! - A closer closes the innermost open block, whatever name it carries.
//! - A closer with no open block ends parsing: the rest of the document, closer
//!   included, becomes one freeform block.
//! - At the end of the document, open blocks are closed innermost first and each is
//!   emitted at the top level with the rest of the document as its last HTML.
//!
//! In the PHP dialect an HTML run that is exactly `"0"` is left out where
//! `WP_Block_Parser` tests `! empty( $html )`: before an inner block, and at the
//! end of a block closed at the top level.

use std::sync::OnceLock;

use crate::delimiter::{Token, TokenKind, Tokenizer};
use crate::tree::{Document, Node, NodeId, Piece};
use crate::Dialect;

/// A block whose closer has not been seen yet.
struct Frame {
    id: NodeId,
    /// Where this block's next HTML run starts.
    html_start: usize,
    /// Start of HTML that preceded the opener, when there was any.
    leading_html: Option<usize>,
    /// Where this block's inner content starts in the scratch stack.
    scratch_start: usize,
}

struct Builder<'a> {
    source: &'a str,
    nodes: Vec<Node<'a>>,
    /// Finished inner content of every node, each node's run contiguous.
    pieces: Vec<Piece>,
    /// Inner content of the open blocks, innermost last.
    scratch: Vec<Piece>,
    roots: Vec<NodeId>,
    stack: Vec<Frame>,
    /// End of the last delimiter consumed.
    offset: usize,
    /// Attribute text of the last closer read that had one.
    closer_attrs: Option<&'a str>,
    dialect: Dialect,
    /// Whether the end of input closed more than one block.
    runs_overlap: bool,
}

/// Parses `source` into a [`Document`] of `dialect`.
pub fn build(source: &str, dialect: Dialect) -> Document<'_> {
    let mut builder = Builder {
        source,
        dialect,
        // Real posts have a node per 250 bytes or more; room for twice that
        // avoids regrowth, and untouched capacity costs no memory traffic.
        nodes: Vec::with_capacity(source.len() / 128 + 4),
        pieces: Vec::with_capacity(source.len() / 128 + 4),
        scratch: Vec::new(),
        roots: Vec::with_capacity(source.len() / 256 + 4),
        stack: Vec::new(),
        offset: 0,
        closer_attrs: None,
        runs_overlap: false,
    };
    let mut tokens = Tokenizer::with_dialect(source, dialect);
    loop {
        let Some(token) = tokens.next() else {
            builder.finish_open_blocks();
            break;
        };
        let keep_going = match token.kind {
            TokenKind::Void => builder.void(token),
            TokenKind::Opener => builder.opener(token),
            TokenKind::Closer => builder.closer(token),
        };
        if !keep_going {
            break;
        }
    }
    Document {
        source,
        nodes: builder.nodes,
        pieces: builder.pieces,
        roots: builder.roots,
        dialect,
        consumed_end: builder.offset,
        closer_attrs: builder.closer_attrs,
        runs_overlap: builder.runs_overlap,
        edit_hazards: OnceLock::new(),
    }
}

impl<'a> Builder<'a> {
    fn new_node(&mut self, token: &Token<'a>, void: bool) -> NodeId {
        self.nodes.push(Node {
            name: Some(token.name),
            attrs: token.attrs,
            span: token.start..token.end,
            opener_end: token.end,
            closer_start: None,
            void,
            content: 0..0,
            child_count: 0,
        });
        self.nodes.len() - 1
    }

    fn push_freeform(&mut self, start: usize, end: usize) {
        let piece = self.pieces.len();
        self.pieces.push(Piece::Html(start, end));
        self.nodes.push(Node {
            name: None,
            attrs: None,
            span: start..end,
            opener_end: start,
            closer_start: None,
            void: false,
            content: piece..piece + 1,
            child_count: 0,
        });
        self.roots.push(self.nodes.len() - 1);
    }

    fn void(&mut self, token: Token<'a>) -> bool {
        let id = self.new_node(&token, true);
        if self.stack.is_empty() {
            if token.start > self.offset {
                self.push_freeform(self.offset, token.start);
            }
            self.roots.push(id);
        } else {
            self.attach_to_parent(id, token.start, token.end);
        }
        self.offset = token.end;
        true
    }

    fn opener(&mut self, token: Token<'a>) -> bool {
        let id = self.new_node(&token, false);
        self.stack.push(Frame {
            id,
            html_start: token.end,
            leading_html: (token.start > self.offset).then_some(self.offset),
            scratch_start: self.scratch.len(),
        });
        self.offset = token.end;
        true
    }

    fn closer(&mut self, token: Token<'a>) -> bool {
        if token.attrs.is_some() {
            self.closer_attrs = token.attrs;
        }
        let Some(frame) = self.stack.pop() else {
            // An orphaned closer ends parsing; the rest is freeform.
            if self.offset < self.source.len() {
                self.push_freeform(self.offset, self.source.len());
            }
            return false;
        };
        self.nodes[frame.id].closer_start = Some(token.start);
        if self.stack.is_empty() {
            self.emit_top_level(frame, token.start, token.end);
        } else {
            // The reference records the final HTML run here even when empty.
            self.scratch
                .push(Piece::Html(frame.html_start, token.start));
            self.close_node(&frame, token.end);
            let opener_start = self.nodes[frame.id].span.start;
            self.attach_to_parent(frame.id, opener_start, token.end);
        }
        self.offset = token.end;
        true
    }

    /// End of input: closes what is still open, innermost first, each at top level.
    fn finish_open_blocks(&mut self) {
        if self.stack.is_empty() {
            if self.offset < self.source.len() {
                self.push_freeform(self.offset, self.source.len());
            }
            return;
        }
        let end = self.source.len();
        // Each block closed here ends with the rest of the document, which
        // the blocks around it hold too.
        self.runs_overlap = self.stack.len() > 1;
        while let Some(frame) = self.stack.pop() {
            self.emit_top_level(frame, end, end);
        }
    }

    /// Finishes a block at `html_end` and appends it (after any leading HTML) to
    /// the top level.
    fn emit_top_level(&mut self, frame: Frame, html_end: usize, block_end: usize) {
        if html_end > frame.html_start && self.keeps_run(frame.html_start, html_end) {
            self.scratch.push(Piece::Html(frame.html_start, html_end));
        }
        self.close_node(&frame, block_end);
        if let Some(start) = frame.leading_html {
            let opener_start = self.nodes[frame.id].span.start;
            self.push_freeform(start, opener_start);
        }
        self.roots.push(frame.id);
    }

    /// Moves a finished block's inner content from the scratch stack to its node.
    fn close_node(&mut self, frame: &Frame, block_end: usize) {
        let start = self.pieces.len();
        self.pieces
            .extend(self.scratch.drain(frame.scratch_start..));
        let node = &mut self.nodes[frame.id];
        node.content = start..self.pieces.len();
        node.span.end = block_end;
    }

    /// Appends block `id` to the innermost open block, after the HTML that
    /// precedes it; `block_start` is where the child's delimiter began and
    /// `block_end` where the child ended.
    fn attach_to_parent(&mut self, id: NodeId, block_start: usize, block_end: usize) {
        let html_start = self.stack.last().expect("a parent is open").html_start;
        let keep = block_start > html_start && self.keeps_run(html_start, block_start);
        let parent = self.stack.last_mut().expect("a parent is open");
        if keep {
            self.scratch
                .push(Piece::Html(parent.html_start, block_start));
        }
        self.scratch.push(Piece::Block(id));
        parent.html_start = block_end;
        self.nodes[parent.id].child_count += 1;
    }

    /// Whether a run that PHP tests with `! empty()` is kept: always in the
    /// JavaScript dialect; unless it is `"0"` in the PHP dialect.
    #[inline]
    fn keeps_run(&self, start: usize, end: usize) -> bool {
        self.dialect == Dialect::Js || &self.source[start..end] != "0"
    }
}
