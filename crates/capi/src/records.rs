//! Flattens a parsed [`Document`] into pre-ordered node records and their
//! inner-content entries, every string given as a byte range of the input.

use gutenberg_post_parser::{json, BlockRef, ContentSpan, Document};

use crate::types::{
    gpp_content, gpp_node, gpp_span, narrow, GPP_NODE_ATTRS_INVALID, GPP_NODE_FREEFORM,
    GPP_NODE_HAS_ATTRS, GPP_NODE_IMPLICIT_CORE, GPP_NODE_VOID, GPP_NONE,
};
use crate::values::Values;

/// Everything a `gpp_document` points at.
#[derive(Default)]
pub(crate) struct Records {
    pub nodes: Vec<gpp_node>,
    pub contents: Vec<gpp_content>,
    pub values: Values,
    pub root_count: usize,
}

/// A node whose inner blocks are still being written.
struct Open {
    record: usize,
    /// Next inner-content entry to look at for an inner block.
    next: usize,
    end: usize,
}

/// Flattens `document`, depth-first in document order with an explicit stack.
/// With `decode_attrs`, also decodes each block's attributes into values.
pub(crate) fn flatten(document: &Document<'_>, decode_attrs: bool) -> Records {
    let mut builder = Builder {
        source: document.source(),
        decode_attrs,
        records: Records {
            nodes: Vec::with_capacity(document.node_count()),
            contents: Vec::with_capacity(document.node_count() * 2),
            values: Values::default(),
            root_count: document.len(),
        },
    };
    let mut open: Vec<Open> = Vec::new();
    for root in document.blocks() {
        builder.push_node(root, &mut open);
        while let Some(parent) = open.last_mut() {
            let contents = &mut builder.records.contents;
            let child = contents[parent.next..parent.end]
                .iter()
                .position(|entry| entry.node != GPP_NONE);
            let Some(at) = child else {
                let record = parent.record;
                let nodes = &mut builder.records.nodes;
                nodes[record].descendant_count = narrow(nodes.len() - record - 1);
                open.pop();
                continue;
            };
            let entry = parent.next + at;
            parent.next = entry + 1;
            // The entry held the child's id in `document` until now.
            let child = document.block(contents[entry].node as usize);
            contents[entry].node = narrow(builder.records.nodes.len());
            builder.push_node(child, &mut open);
        }
    }
    builder.records
}

struct Builder<'s> {
    source: &'s str,
    decode_attrs: bool,
    records: Records,
}

impl Builder<'_> {
    /// Appends `block`'s record and inner content (inner blocks still holding
    /// their document ids), and opens it when it has inner blocks.
    fn push_node(&mut self, block: BlockRef<'_, '_>, open: &mut Vec<Open>) {
        let record = self.records.nodes.len();
        let content_start = self.records.contents.len();
        for content in block.inner_content_spans() {
            self.records.contents.push(match content {
                ContentSpan::Html(html) => gpp_content {
                    node: GPP_NONE,
                    span: range_span(html),
                },
                ContentSpan::Block(child) => gpp_content {
                    node: narrow(child.id()),
                    span: range_span(child.span()),
                },
            });
        }
        let content_end = self.records.contents.len();

        let mut flags = 0;
        let name = match block.name() {
            None => {
                flags |= GPP_NODE_FREEFORM;
                gpp_span::default()
            }
            Some(name) => {
                if !name.has_namespace() {
                    flags |= GPP_NODE_IMPLICIT_CORE;
                }
                self.span_of(name.as_written())
            }
        };
        if block.is_void() {
            flags |= GPP_NODE_VOID;
        }
        let mut attrs = gpp_span::default();
        let mut attrs_value = GPP_NONE;
        if let Some(text) = block.attrs_json() {
            flags |= GPP_NODE_HAS_ATTRS;
            attrs = self.span_of(text);
            if self.decode_attrs {
                match json::parse(text) {
                    Ok(value) => attrs_value = self.records.values.push(&value),
                    Err(_) => flags |= GPP_NODE_ATTRS_INVALID,
                }
            }
        }
        let child_count = block.inner_block_count();
        self.records.nodes.push(gpp_node {
            flags,
            span: range_span(block.span()),
            name,
            attrs,
            opener_len: narrow(block.opener_span().map_or(0, |opener| opener.len())),
            closer_len: narrow(block.closer_span().map_or(0, |closer| closer.len())),
            content_start: narrow(content_start),
            content_count: narrow(content_end - content_start),
            child_count: narrow(child_count),
            descendant_count: 0,
            attrs_value,
        });
        if child_count > 0 {
            open.push(Open {
                record,
                next: content_start,
                end: content_end,
            });
        }
    }

    /// The byte range of `part`, a slice of the source.
    fn span_of(&self, part: &str) -> gpp_span {
        span_in(self.source, part)
    }
}

/// The byte range of `part`, a slice of `source` (a parse borrows its names
/// and attribute text from its source, so no search is needed).
pub(crate) fn span_in(source: &str, part: &str) -> gpp_span {
    let start = part.as_ptr() as usize - source.as_ptr() as usize;
    debug_assert!(start + part.len() <= source.len());
    gpp_span {
        start: narrow(start),
        len: narrow(part.len()),
    }
}

fn range_span(range: std::ops::Range<usize>) -> gpp_span {
    gpp_span {
        start: narrow(range.start),
        len: narrow(range.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gutenberg_post_parser::parse;

    fn text(source: &str, span: gpp_span) -> &str {
        &source[span.start as usize..(span.start + span.len) as usize]
    }

    #[test]
    fn nested_blocks_come_in_pre_order() {
        let source = "a<!-- wp:group --><b><!-- wp:x/y {\"k\":1} /--><!-- wp:p -->t<!-- /wp:p --></b><!-- /wp:group -->z";
        let records = flatten(&parse(source), true);
        let names: Vec<&str> = records.nodes.iter().map(|n| text(source, n.name)).collect();
        assert_eq!(names, ["", "group", "x/y", "p", ""]);
        assert_eq!(records.root_count, 3);
        let descendants: Vec<u32> = records.nodes.iter().map(|n| n.descendant_count).collect();
        assert_eq!(descendants, [0, 2, 0, 0, 0]);
        let group = records.nodes[1];
        assert_eq!(group.child_count, 2);
        assert_eq!(group.flags, GPP_NODE_IMPLICIT_CORE);
        assert_eq!(text(source, group.span), &source[1..source.len() - 1]);
        assert_eq!(group.opener_len as usize, "<!-- wp:group -->".len());
        assert_eq!(group.closer_len as usize, "<!-- /wp:group -->".len());
        let entries =
            &records.contents[group.content_start as usize..][..group.content_count as usize];
        let nodes: Vec<u32> = entries.iter().map(|e| e.node).collect();
        // No HTML between two blocks means no entry between them.
        assert_eq!(nodes, [GPP_NONE, 2, 3, GPP_NONE]);
        assert_eq!(text(source, entries[0].span), "<b>");
        assert_eq!(
            text(source, entries[2].span),
            "<!-- wp:p -->t<!-- /wp:p -->"
        );
        assert_eq!(text(source, entries[3].span), "</b>");
        let void = records.nodes[2];
        assert_eq!(void.flags, GPP_NODE_VOID | GPP_NODE_HAS_ATTRS);
        assert_eq!(text(source, void.attrs), "{\"k\":1} ");
        assert_eq!(records.values.records[void.attrs_value as usize].count, 1);
        assert_eq!(records.nodes[0].flags, GPP_NODE_FREEFORM);
        assert_eq!(records.nodes[0].closer_len, 0);
    }

    #[test]
    fn invalid_attrs_are_flagged_only_when_decoding() {
        let source = "<!-- wp:p {\"a\":} /-->";
        let decoded = flatten(&parse(source), true);
        assert_eq!(
            decoded.nodes[0].flags & GPP_NODE_ATTRS_INVALID,
            GPP_NODE_ATTRS_INVALID
        );
        assert_eq!(decoded.nodes[0].attrs_value, GPP_NONE);
        let raw = flatten(&parse(source), false);
        assert_eq!(raw.nodes[0].flags & GPP_NODE_ATTRS_INVALID, 0);
        assert!(raw.values.records.is_empty());
    }

    #[test]
    fn deep_nesting_flattens_without_recursion() {
        let depth = 100_000;
        let source = format!(
            "{}{}",
            "<!-- wp:g -->".repeat(depth),
            "<!-- /wp:g -->".repeat(depth)
        );
        let records = flatten(&parse(&source), false);
        assert_eq!(records.nodes.len(), depth);
        assert_eq!(records.nodes[0].descendant_count as usize, depth - 1);
        assert_eq!(records.nodes[depth - 1].descendant_count, 0);
    }
}
