//! Finding blocks in a parsed [`Document`] by name and attribute values.
//!
//! ```
//! use gutenberg_post_parser::{json::Value, parse, query::Query};
//!
//! let document = parse(r#"<!-- wp:image {"id":7} /--><!-- wp:group --><!-- wp:image /--><!-- /wp:group -->"#);
//! let query = Query::name("core/image").attr_eq("id", Value::Number(7.0));
//! let found: Vec<_> = document.find(&query).collect();
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].block.span(), 0..27);
//!
//! let images = document.find(&Query::name("core/*")).filter(|f| f.depth == 1).count();
//! assert_eq!(images, 1);
//! ```
//!
//! A query walks the tree depth-first in the reference's output order (the
//! document's order for well-formed markup), decoding the attributes of a
//! block only when its name matched and the query tests attributes.

use std::borrow::Cow;
use std::fmt;

use crate::json::{self, Value};
use crate::tree::{BlockRef, Document, NodeId, Piece};
use crate::Dialect;

/// Which blocks a query selects: a name pattern and attribute tests, all of
/// which must hold. Freeform HTML never matches.
#[derive(Clone, Debug)]
pub struct Query<'q> {
    name: NamePattern<'q>,
    attrs: Vec<(json::Str<'q>, AttrTest<'q>)>,
}

/// A block-name pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamePattern<'q> {
    /// Every named block (`*`).
    Any,
    /// One block, by full name (`core/paragraph`; `paragraph` means the same).
    Exact(Cow<'q, str>),
    /// Every block of a namespace (`core/*`).
    Namespace(Cow<'q, str>),
}

/// A test on one attribute.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrTest<'q> {
    /// The attribute is present (with any value, `null` included).
    Present,
    /// The attribute equals this JSON value: numbers as doubles, objects
    /// whatever the order of their keys.
    Equals(Value<'q>),
}

impl<'q> NamePattern<'q> {
    /// Reads a pattern: `*`, `namespace/*`, `namespace/name`, or `name` for
    /// the `core` namespace.
    pub fn parse(pattern: &'q str) -> Self {
        if pattern == "*" {
            NamePattern::Any
        } else if let Some(namespace) = pattern.strip_suffix("/*") {
            NamePattern::Namespace(Cow::Borrowed(namespace))
        } else if pattern.contains('/') {
            NamePattern::Exact(Cow::Borrowed(pattern))
        } else {
            NamePattern::Exact(Cow::Owned(format!("core/{pattern}")))
        }
    }

    /// Whether a block named `name` (as written in its delimiter) matches.
    pub fn matches(&self, name: crate::BlockName<'_>) -> bool {
        match self {
            NamePattern::Any => true,
            // Lengths first: most names differ in length, so most blocks
            // are told apart without reading their name.
            NamePattern::Exact(full) => {
                let (written, full) = (name.as_written().as_bytes(), full.as_bytes());
                if written.len() == full.len() {
                    return same_bytes(written, full);
                }
                // `paragraph` is `core/paragraph`, but `a/b` is not `core/a/b`.
                full.len() == written.len() + CORE.len()
                    && full.starts_with(CORE)
                    && same_bytes(&full[CORE.len()..], written)
                    && !name.has_namespace()
            }
            NamePattern::Namespace(namespace) => name.namespace() == namespace,
        }
    }

    /// The same pattern, owning its text.
    pub fn into_owned(self) -> NamePattern<'static> {
        match self {
            NamePattern::Any => NamePattern::Any,
            NamePattern::Exact(name) => NamePattern::Exact(Cow::Owned(name.into_owned())),
            NamePattern::Namespace(ns) => NamePattern::Namespace(Cow::Owned(ns.into_owned())),
        }
    }
}

/// The namespace a name without one is in, with its slash.
const CORE: &[u8] = b"core/";

/// `a == b`, without a call to `memcmp` for names of up to 16 bytes (most
/// block names), which the walk of [`Document::find`] compares for every
/// block.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let word = |bytes: &[u8], at: usize| {
        u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
    };
    match a.len() {
        n if n != b.len() => false,
        n @ 8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        n if n < 8 => a.iter().zip(b).all(|(x, y)| x == y),
        _ => a == b,
    }
}

impl fmt::Display for NamePattern<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NamePattern::Any => f.write_str("*"),
            NamePattern::Exact(name) => f.write_str(name),
            NamePattern::Namespace(namespace) => write!(f, "{namespace}/*"),
        }
    }
}

impl<'q> Query<'q> {
    /// Every named block.
    pub fn any() -> Self {
        Query {
            name: NamePattern::Any,
            attrs: Vec::new(),
        }
    }

    /// Blocks whose name matches `pattern` (see [`NamePattern::parse`]).
    pub fn name(pattern: &'q str) -> Self {
        Query::with_pattern(NamePattern::parse(pattern))
    }

    /// Blocks whose name matches `pattern`.
    pub fn with_pattern(pattern: NamePattern<'q>) -> Self {
        Query {
            name: pattern,
            attrs: Vec::new(),
        }
    }

    /// Also requires attribute `key` to be present.
    pub fn has_attr(self, key: impl Into<Cow<'q, str>>) -> Self {
        self.attr(key, AttrTest::Present)
    }

    /// Also requires attribute `key` to equal `value`.
    pub fn attr_eq(self, key: impl Into<Cow<'q, str>>, value: Value<'q>) -> Self {
        self.attr(key, AttrTest::Equals(value))
    }

    /// Also requires `test` to hold for attribute `key`.
    pub fn attr(self, key: impl Into<Cow<'q, str>>, test: AttrTest<'q>) -> Self {
        self.attr_str(json::Str::new(key), test)
    }

    /// [`Query::attr`] with a key that may hold lone surrogates (a host
    /// string's, such as JavaScript's).
    pub fn attr_str(mut self, key: json::Str<'q>, test: AttrTest<'q>) -> Self {
        self.attrs.push((key, test));
        self
    }

    /// The name pattern.
    pub fn pattern(&self) -> &NamePattern<'q> {
        &self.name
    }

    /// Whether `block` matches: its name, then (decoding them only then) its
    /// attributes. Attributes that are invalid JSON match no attribute test;
    /// in a [`Dialect::Php`] document neither do those that `json_decode`
    /// refuses (a lone surrogate escape, 512 levels), which are `null` there.
    pub fn matches(&self, block: &BlockRef<'_, '_>) -> bool {
        self.matches_reading(block, &mut AsParsed)
    }

    /// [`Query::matches`], decoding the attribute text that `text` reads for
    /// the block's (see [`AttrsText`]).
    pub fn matches_reading<'a>(
        &self,
        block: &BlockRef<'_, 'a>,
        text: &mut impl AttrsText<'a>,
    ) -> bool {
        let Some(name) = block.name() else {
            return false;
        };
        if !self.name.matches(name) {
            return false;
        }
        if self.attrs.is_empty() {
            return true;
        }
        let written = block.attrs_json().map(|parsed| text.read(parsed));
        let attrs = match &written {
            None => Value::Object(json::Object::new()),
            Some(written) => json::parse(written).unwrap_or(Value::Null),
        };
        let Some(attrs) = attrs.as_object() else {
            return false;
        };
        if block.document().dialect() == Dialect::Php && !php_accepts(written.as_deref()) {
            return false;
        }
        self.attrs
            .iter()
            .all(|(key, test)| match attrs.get_wtf8(key.as_wtf8()) {
                None => false,
                Some(value) => match test {
                    AttrTest::Present => true,
                    AttrTest::Equals(expected) => same_value(value, expected),
                },
            })
    }
}

/// Where a query reads the attribute text it decodes. The document's own
/// text ([`AsParsed`]) but for bindings whose document stands in for their
/// host's string: the WebAssembly module parses one byte per UTF-16 unit,
/// which keeps the grammar but not the characters of attribute strings.
pub trait AttrsText<'a> {
    /// The JSON to decode for `parsed`, a block's attribute text in the
    /// document's source.
    fn read(&mut self, parsed: &'a str) -> Cow<'a, str>;
}

/// The attribute text as parsed.
#[derive(Clone, Copy, Debug, Default)]
pub struct AsParsed;

impl<'a> AttrsText<'a> for AsParsed {
    fn read(&mut self, parsed: &'a str) -> Cow<'a, str> {
        Cow::Borrowed(parsed)
    }
}

impl<'a, T: AttrsText<'a> + ?Sized> AttrsText<'a> for &mut T {
    fn read(&mut self, parsed: &'a str) -> Cow<'a, str> {
        (**self).read(parsed)
    }
}

/// One block a query found.
#[derive(Clone, Copy, Debug)]
pub struct Found<'d, 'a> {
    /// The block: name, attributes, spans, inner HTML.
    pub block: BlockRef<'d, 'a>,
    /// Nesting depth, 0 for top-level blocks.
    pub depth: usize,
    /// The enclosing block, `None` at the top level.
    pub parent: Option<NodeId>,
}

/// The blocks of a document that match a query; see [`Document::find`].
pub struct Find<'d, 'a, 'q, R = AsParsed> {
    document: &'d Document<'a>,
    query: &'q Query<'q>,
    /// Where attribute text is read from.
    text: R,
    /// Blocks still to visit: id, depth, parent; next one last.
    stack: Vec<(NodeId, usize, Option<NodeId>)>,
}

impl<'a> Document<'a> {
    /// The blocks matching `query`, depth-first in output order. Iterative:
    /// any depth is fine.
    pub fn find<'d, 'q>(&'d self, query: &'q Query<'q>) -> Find<'d, 'a, 'q> {
        self.find_reading(query, AsParsed)
    }

    /// [`Document::find`], with attribute text read through `text`.
    pub fn find_reading<'d, 'q, R: AttrsText<'a>>(
        &'d self,
        query: &'q Query<'q>,
        text: R,
    ) -> Find<'d, 'a, 'q, R> {
        let mut stack = Vec::with_capacity(self.roots.len() + 16);
        stack.extend(self.roots.iter().rev().map(|&id| (id, 0, None)));
        Find {
            document: self,
            query,
            text,
            stack,
        }
    }

    /// The enclosing block of every node, indexed by [`NodeId`]; `None` for
    /// top-level blocks. One walk over the document.
    pub fn parents(&self) -> Vec<Option<NodeId>> {
        let mut parents = vec![None; self.nodes.len()];
        for (id, node) in self.nodes.iter().enumerate() {
            for piece in &self.pieces[node.content.clone()] {
                if let Piece::Block(child) = *piece {
                    parents[child] = Some(id);
                }
            }
        }
        parents
    }
}

impl<'d, 'a, R: AttrsText<'a>> Iterator for Find<'d, 'a, '_, R> {
    type Item = Found<'d, 'a>;

    fn next(&mut self) -> Option<Found<'d, 'a>> {
        while let Some((id, depth, parent)) = self.stack.pop() {
            let document = self.document;
            let node = &document.nodes[id];
            if node.child_count > 0 {
                let children = document.pieces[node.content.clone()]
                    .iter()
                    .rev()
                    .filter_map(|piece| match *piece {
                        Piece::Block(child) => Some((child, depth + 1, Some(id))),
                        Piece::Html(..) => None,
                    });
                self.stack.extend(children);
            }
            let block = document.block(id);
            if self.query.matches_reading(&block, &mut self.text) {
                return Some(Found {
                    block,
                    depth,
                    parent,
                });
            }
        }
        None
    }
}

/// Whether PHP's `json_decode` decodes attribute text that `JSON.parse`
/// decodes. They differ only on surrogate escapes and deep nesting, so the
/// PHP decoder runs only for text that has a `\\u` escape or 512 bytes.
fn php_accepts(text: Option<&str>) -> bool {
    match text {
        None => true,
        Some(text)
            if text.len() < 512 && memchr::memmem::find(text.as_bytes(), b"\\u").is_none() =>
        {
            true
        }
        Some(text) => json::parse_php(text.as_bytes()).is_some(),
    }
}

/// Whether two JSON values are equal: numbers as doubles (`1` equals
/// `1.0`), objects by their entries whatever the order. Iterative.
pub fn same_value(a: &Value<'_>, b: &Value<'_>) -> bool {
    let mut pending = vec![(a, b)];
    while let Some((a, b)) = pending.pop() {
        match (a, b) {
            (Value::Null, Value::Null) => {}
            (Value::Bool(x), Value::Bool(y)) if x == y => {}
            (Value::Number(x), Value::Number(y)) if x == y => {}
            (Value::String(x), Value::String(y)) if x == y => {}
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                pending.extend(x.iter().zip(y.iter()));
            }
            (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
                for (key, value) in x.iter() {
                    let Some(other) = y.get_str(key) else {
                        return false;
                    };
                    pending.push((value, other));
                }
            }
            _ => return false,
        }
    }
    true
}

/// Key lookup by [`json::Str`], lone surrogates included.
trait GetStr<'a> {
    fn get_str(&self, key: &json::Str<'_>) -> Option<&Value<'a>>;
}

impl<'a> GetStr<'a> for json::Object<'a> {
    fn get_str(&self, key: &json::Str<'_>) -> Option<&Value<'a>> {
        self.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(n: f64) -> Value<'static> {
        Value::Number(n)
    }

    #[test]
    fn name_patterns() {
        let document =
            crate::parse("<!-- wp:paragraph /--><!-- wp:core/quote /--><!-- wp:my/card /-->x");
        let names = |pattern| {
            document
                .find(&Query::name(pattern))
                .map(|f| f.block.name().unwrap().full().into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("paragraph"), ["core/paragraph"]);
        assert_eq!(names("core/quote"), ["core/quote"]);
        assert_eq!(names("core/*"), ["core/paragraph", "core/quote"]);
        assert_eq!(names("my/*"), ["my/card"]);
        assert_eq!(names("*").len(), 3);
        assert!(names("card").is_empty());
    }

    #[test]
    fn exact_names_are_compared_at_every_byte_whatever_their_length() {
        for len in 1..=40 {
            let name: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let full = format!("core/{name}");
            for pattern in [NamePattern::parse(&name), NamePattern::parse(&full)] {
                assert!(pattern.matches(crate::BlockName::new(&name)), "{name}");
                assert!(pattern.matches(crate::BlockName::new(&full)), "{full}");
                for at in 0..len {
                    let mut other = name.clone().into_bytes();
                    other[at] = b'-';
                    let other = String::from_utf8(other).unwrap();
                    assert!(!pattern.matches(crate::BlockName::new(&other)), "{other}");
                }
                let longer = format!("{name}x");
                assert!(!pattern.matches(crate::BlockName::new(&longer)));
            }
        }
        // Only a name written without a namespace is in `core`.
        let nested = NamePattern::parse("core/a/b");
        assert!(nested.matches(crate::BlockName::new("core/a/b")));
        assert!(!nested.matches(crate::BlockName::new("a/b")));
    }

    #[test]
    fn php_documents_match_only_what_json_decode_accepts() {
        let deep = format!("{}1{}", "[".repeat(511), "]".repeat(511));
        let text = format!(
            r#"<!-- wp:a {{"k":"\ud800"}} /--><!-- wp:a {{"k":"\ud83d\ude00"}} /--><!-- wp:a {{"k":{deep}}} /--><!-- wp:a {{"k":[[1]]}} /-->"#
        );
        let query = Query::name("a").has_attr("k");
        let js = crate::parse_with(&text, Dialect::Js);
        assert_eq!(js.find(&query).count(), 4);
        let php = crate::parse_with(&text, Dialect::Php);
        let spans: Vec<_> = php.find(&query).map(|f| f.block.id()).collect();
        let ids: Vec<_> = php.blocks().map(|b| b.id()).collect();
        assert_eq!(spans, [ids[1], ids[3]]);
    }

    #[test]
    fn attribute_tests_decode_only_matching_names() {
        let document = crate::parse(
            r#"<!-- wp:a {"n":1} /--><!-- wp:a {"n":1.0,"o":{"x":1,"y":[2]}} /--><!-- wp:a {bad} /--><!-- wp:b {"n":1} /-->"#,
        );
        let count = |query: &Query| document.find(query).count();
        assert_eq!(count(&Query::name("a").attr_eq("n", number(1.0))), 2);
        assert_eq!(count(&Query::name("a").has_attr("o")), 1);
        let object = crate::json::parse(r#"{"y":[2],"x":1}"#).unwrap();
        assert_eq!(count(&Query::name("a").attr_eq("o", object)), 1);
        assert_eq!(count(&Query::name("a").attr_eq("n", number(2.0))), 0);
        assert_eq!(count(&Query::name("*").has_attr("n")), 3);
    }

    #[test]
    fn attribute_text_can_be_read_from_elsewhere() {
        // A stand-in document, as the WebAssembly module parses: `\x01` for
        // each character its attribute strings lose.
        let document = crate::parse("<!-- wp:a {\"k\":\"\x01\"} /--><!-- wp:a {\"k\":\"b\"} /-->");
        struct Host(usize);
        impl<'a> AttrsText<'a> for Host {
            fn read(&mut self, parsed: &'a str) -> Cow<'a, str> {
                self.0 += 1;
                match parsed.contains('\x01') {
                    true => Cow::Owned(parsed.replace('\x01', r"\u00e9")),
                    false => Cow::Borrowed(parsed),
                }
            }
        }
        let query = Query::name("a").attr_eq("k", Value::String(json::Str::new("\u{e9}")));
        assert_eq!(document.find(&query).count(), 0);
        let mut host = Host(0);
        let found: Vec<_> = document.find_reading(&query, &mut host).collect();
        assert_eq!((found.len(), found[0].block.span().start), (1, 0));
        assert_eq!(host.0, 2);
        assert_eq!(
            document.find_reading(&Query::name("a"), &mut host).count(),
            2
        );
        assert_eq!(host.0, 2, "a query without attribute tests reads no text");
    }

    #[test]
    fn depth_and_parent_in_output_order() {
        let document = crate::parse(
            "<!-- wp:g --><!-- wp:p /--><!-- wp:g --><!-- wp:p /--><!-- /wp:g --><!-- /wp:g --><!-- wp:p /-->",
        );
        let found: Vec<_> = document
            .find(&Query::name("p"))
            .map(|f| (f.depth, f.parent, f.block.span().start))
            .collect();
        assert_eq!(found, [(1, Some(0), 13), (2, Some(2), 40), (0, None, 82)]);
        let parents = document.parents();
        for f in document.find(&Query::any()) {
            assert_eq!(parents[f.block.id()], f.parent);
        }
    }

    #[test]
    fn same_value_is_deep_and_order_free() {
        let a = crate::json::parse(r#"{"a":[1,{"b":null,"c":"x"}],"d":true}"#).unwrap();
        let b = crate::json::parse(r#"{"d":true,"a":[1.0,{"c":"x","b":null}]}"#).unwrap();
        let c = crate::json::parse(r#"{"d":true,"a":[1.0,{"c":"y","b":null}]}"#).unwrap();
        assert!(same_value(&a, &b));
        assert!(!same_value(&a, &c));
        assert!(!same_value(&number(0.0), &Value::Null));
    }
}
