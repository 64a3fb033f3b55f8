//! Statistics for auditing a site's posts: which blocks, how deep, how broken.

use std::collections::BTreeMap;
use std::fmt;

use gutenberg_post_parser::{json, Document};

/// What one document contains.
#[derive(Debug, Default, PartialEq)]
pub struct Stats {
    /// Bytes of input.
    pub bytes: usize,
    /// Named blocks, nested ones included.
    pub blocks: usize,
    /// Named blocks by full name.
    pub by_name: BTreeMap<String, usize>,
    /// Deepest nesting of named blocks (1 for top-level blocks only, 0 for none).
    pub max_depth: usize,
    /// Freeform runs (`blockName: null`) and their bytes.
    pub freeform_blocks: usize,
    pub freeform_bytes: usize,
    /// Blocks written as void `/-->` delimiters.
    pub void_blocks: usize,
    /// Blocks whose attribute JSON is invalid (`attrs: null`).
    pub invalid_attrs: usize,
    /// Blocks never closed (closed by the end of the document).
    pub unclosed_blocks: usize,
}

impl Stats {
    /// Gathers the statistics of a parsed document.
    pub fn of(document: &Document<'_>) -> Stats {
        let mut stats = Stats {
            bytes: document.source().len(),
            ..Stats::default()
        };
        for (block, depth) in document.walk() {
            let Some(name) = block.name() else {
                stats.freeform_blocks += 1;
                stats.freeform_bytes += block.span().len();
                continue;
            };
            stats.blocks += 1;
            *stats.by_name.entry(name.to_string()).or_default() += 1;
            stats.max_depth = stats.max_depth.max(depth + 1);
            if block.is_void() {
                stats.void_blocks += 1;
            } else if block.closer_span().is_none() {
                stats.unclosed_blocks += 1;
            }
            if block.attrs().is_null() {
                stats.invalid_attrs += 1;
            }
        }
        stats
    }

    /// The statistics as one compact JSON object.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        for (key, value) in self.counts() {
            json::write_string(&mut out, key);
            out.push(':');
            out.push_str(&value.to_string());
            out.push(',');
        }
        out.push_str("\"by_name\":{");
        for (at, (name, count)) in self.by_name_descending().into_iter().enumerate() {
            if at > 0 {
                out.push(',');
            }
            json::write_string(&mut out, name);
            out.push(':');
            out.push_str(&count.to_string());
        }
        out.push_str("}}");
        out
    }

    fn counts(&self) -> [(&'static str, usize); 8] {
        [
            ("bytes", self.bytes),
            ("blocks", self.blocks),
            ("max_depth", self.max_depth),
            ("freeform_blocks", self.freeform_blocks),
            ("freeform_bytes", self.freeform_bytes),
            ("void_blocks", self.void_blocks),
            ("invalid_attrs", self.invalid_attrs),
            ("unclosed_blocks", self.unclosed_blocks),
        ]
    }

    /// Names by count, most frequent first, ties by name.
    fn by_name_descending(&self) -> Vec<(&str, usize)> {
        let mut names: Vec<(&str, usize)> =
            self.by_name.iter().map(|(n, &c)| (n.as_str(), c)).collect();
        names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        names
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (key, value) in self.counts() {
            writeln!(f, "{:<16} {value}", key.replace('_', " "))?;
        }
        if !self.by_name.is_empty() {
            writeln!(f, "blocks by name:")?;
            for (name, count) in self.by_name_descending() {
                writeln!(f, "  {count:>7}  {name}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_a_site_audit_needs() {
        let text = "x<!-- wp:group --><!-- wp:image /--><!-- wp:p {bad} --><!-- /wp:p --><!-- /wp:group --><!-- wp:open -->";
        let stats = Stats::of(&gutenberg_post_parser::parse(text));
        assert_eq!(stats.blocks, 4);
        assert_eq!(stats.max_depth, 2);
        assert_eq!((stats.freeform_blocks, stats.freeform_bytes), (1, 1));
        assert_eq!(
            (
                stats.void_blocks,
                stats.invalid_attrs,
                stats.unclosed_blocks
            ),
            (1, 1, 1)
        );
        assert_eq!(stats.by_name["core/image"], 1);
        assert!(stats.to_json().contains("\"by_name\":{\"core/group\":1,"));
    }
}
