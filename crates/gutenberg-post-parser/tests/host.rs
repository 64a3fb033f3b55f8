//! The core's walk over a host language's block values (`read::serialize_host`),
//! through a small host of its own: values in an arena, handles are indices.

mod common;

use std::fs;

use common::repo_root;
use gutenberg_post_parser::json::{self, Str, Value};
use gutenberg_post_parser::read::{
    serialize_host, Field, Host, Problem, ReadError, Reader, Required,
};
use gutenberg_post_parser::{parse, serialize_blocks};

/// A dynamically typed host value.
#[derive(Clone, Debug)]
enum Node {
    Null,
    Bool(bool),
    Number(f64),
    Text(Str<'static>),
    List(Vec<usize>),
    Map(Vec<(usize, usize)>),
    /// A type JSON cannot hold.
    Opaque,
}

/// The host: every value ever made, by handle.
#[derive(Default)]
struct Arena(Vec<Node>);

impl Arena {
    fn add(&mut self, node: Node) -> usize {
        self.0.push(node);
        self.0.len() - 1
    }

    fn text(&mut self, text: &str) -> usize {
        self.add(Node::Text(Str::new(text.to_owned())))
    }

    fn string(&mut self, string: &Str<'_>) -> usize {
        let copy = Str::from_wtf8(string.as_wtf8().to_vec()).expect("WTF-8");
        self.add(Node::Text(copy))
    }

    /// Converts JSON data (the reference's output, which may hold lone
    /// surrogates, so read with the core's JSON.parse).
    fn add_json(&mut self, value: &Value<'_>) -> usize {
        match value {
            Value::Null => self.add(Node::Null),
            Value::Bool(flag) => self.add(Node::Bool(*flag)),
            Value::Number(number) => self.add(Node::Number(*number)),
            Value::String(text) => self.string(text),
            Value::Array(items) => {
                let items = items.iter().map(|item| self.add_json(item)).collect();
                self.add(Node::List(items))
            }
            Value::Object(entries) => {
                let entries = entries
                    .iter()
                    .map(|(key, item)| (self.string(key), self.add_json(item)))
                    .collect();
                self.add(Node::Map(entries))
            }
        }
    }

    /// A block map with these fields (absent ones left out).
    fn block(&mut self, fields: &[(&str, usize)]) -> usize {
        let entries = fields
            .iter()
            .map(|&(key, value)| (self.text(key), value))
            .collect();
        self.add(Node::Map(entries))
    }

    /// A valid block named `name` with these inner blocks.
    fn simple(&mut self, name: &str, children: Vec<usize>) -> usize {
        let name = self.text(name);
        let attrs = self.add(Node::Map(Vec::new()));
        let nulls = children.iter().map(|_| self.add(Node::Null)).collect();
        let content = self.add(Node::List(nulls));
        let inner = self.add(Node::List(children));
        self.block(&[
            ("blockName", name),
            ("attrs", attrs),
            ("innerBlocks", inner),
            ("innerContent", content),
        ])
    }
}

impl<'r> Reader<'r> for &'r Arena {
    type Value = usize;
    type Error = String;

    fn read(&mut self, value: &usize) -> Result<Host<'r, usize>, String> {
        Ok(match &self.0[*value] {
            Node::Null => Host::Null,
            Node::Bool(flag) => Host::Bool(*flag),
            Node::Number(number) => Host::Number(*number),
            Node::Text(text) if *text == "fail" => return Err("host failure".to_owned()),
            Node::Text(text) => Host::String(text.clone()),
            Node::List(items) => Host::List {
                id: *value,
                items: items.clone(),
            },
            Node::Map(entries) => Host::Map {
                id: *value,
                entries: entries.clone(),
            },
            Node::Opaque => Host::Other,
        })
    }

    fn type_name(&mut self, value: &usize) -> String {
        match self.0[*value] {
            Node::Null => "null",
            Node::Bool(_) => "bool",
            Node::Number(_) => "number",
            Node::Text(_) => "text",
            Node::List(_) => "list",
            Node::Map(_) => "map",
            Node::Opaque => "opaque",
        }
        .to_owned()
    }
}

const STRICT: Required = Required {
    attrs: true,
    inner_blocks: true,
};

fn serialize(arena: &Arena, roots: Vec<usize>) -> Result<String, ReadError<String>> {
    let mut reader = arena;
    serialize_host(&mut reader, roots, STRICT)
}

/// The problem, block and path of a failed serialize.
fn invalid(arena: &Arena, roots: Vec<usize>) -> (usize, String, Problem) {
    match serialize(arena, roots) {
        Err(ReadError::Invalid(invalid)) => (invalid.block, invalid.path, invalid.problem),
        other => panic!("expected an invalid value, got {other:?}"),
    }
}

#[test]
fn reference_output_serializes_as_decoded_blocks_do() {
    let dir = repo_root().join("fixtures/cases");
    let mut checked = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "html") {
            continue;
        }
        let input = fs::read_to_string(&path).unwrap();
        let expected_text = fs::read_to_string(path.with_extension("json")).unwrap();
        let expected = json::parse(&expected_text).unwrap();
        let mut arena = Arena::default();
        let roots = expected
            .as_array()
            .unwrap()
            .iter()
            .map(|block| arena.add_json(block))
            .collect();
        let markup = serialize(&arena, roots).unwrap();
        assert_eq!(
            markup,
            serialize_blocks(&parse(&input).to_blocks().unwrap()),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 80, "only {checked} cases");
}

#[test]
fn optional_fields_default_when_allowed() {
    let mut arena = Arena::default();
    let name = arena.text("core/p");
    let html = arena.text("<p>x</p>");
    let content = arena.add(Node::List(vec![html]));
    let block = arena.block(&[("blockName", name), ("innerContent", content)]);
    let lenient = Required {
        attrs: false,
        inner_blocks: false,
    };
    let markup = serialize_host(&mut &arena, vec![block], lenient).unwrap();
    assert_eq!(markup, "<!-- wp:p --><p>x</p><!-- /wp:p -->");
    let (_, _, problem) = invalid(&arena, vec![block]);
    assert_eq!(problem, Problem::Missing(Field::Attrs));
}

#[test]
fn wrong_shapes_name_the_block_and_the_path() {
    let mut arena = Arena::default();
    let leaf = arena.simple("core/p", vec![]);
    let number = arena.add(Node::Number(1.0));
    let group = arena.simple("group", vec![leaf, number]);
    let (block, path, problem) = invalid(&arena, vec![leaf, group]);
    assert_eq!((block, path.as_str()), (3, "[1].innerBlocks[1]"));
    assert_eq!(
        problem,
        Problem::NotABlock {
            found: "number".to_owned()
        }
    );

    let opaque = arena.add(Node::Opaque);
    let one = arena.add(Node::Number(1.0));
    let nested = arena.add(Node::List(vec![one, opaque]));
    let key = arena.text("a");
    let attrs = arena.add(Node::Map(vec![(key, nested)]));
    let name = arena.text("x/y");
    let content = arena.add(Node::List(vec![]));
    let inner = arena.add(Node::List(vec![]));
    let bad = arena.block(&[
        ("blockName", name),
        ("attrs", attrs),
        ("innerBlocks", inner),
        ("innerContent", content),
    ]);
    let (block, path, problem) = invalid(&arena, vec![bad]);
    assert_eq!((block, path.as_str()), (0, "[0].attrs[\"a\"][1]"));
    assert_eq!(
        problem,
        Problem::AttrsValue {
            found: "opaque".to_owned()
        }
    );
}

#[test]
fn each_problem_is_reported() {
    let mut arena = Arena::default();
    let bad_name = arena.simple("Bad Name", vec![]);
    assert_eq!(
        invalid(&arena, vec![bad_name]).2,
        Problem::InvalidName("Bad Name".to_owned())
    );
    for good in ["core/p", "p", "my-plugin/card_2"] {
        let block = arena.simple(good, vec![]);
        assert!(serialize(&arena, vec![block]).is_ok(), "{good}");
    }
    for bad in ["core/", "a/b/c", "1abc", "p -->", ""] {
        let block = arena.simple(bad, vec![]);
        let (_, _, problem) = invalid(&arena, vec![block]);
        assert!(matches!(problem, Problem::InvalidName(_)), "{bad}");
    }

    let leaf = arena.simple("p", vec![]);
    let name = arena.text("p");
    let attrs = arena.add(Node::Map(vec![]));
    let content = arena.add(Node::List(vec![]));
    let children = arena.add(Node::List(vec![leaf]));
    let mismatch = arena.block(&[
        ("blockName", name),
        ("attrs", attrs),
        ("innerBlocks", children),
        ("innerContent", content),
    ]);
    assert_eq!(
        invalid(&arena, vec![mismatch]).2,
        Problem::Placeholders {
            nulls: 0,
            blocks: 1
        }
    );

    let number = arena.add(Node::Number(2.0));
    let entries = arena.add(Node::List(vec![number]));
    let none = arena.add(Node::List(vec![]));
    let with_number = arena.block(&[
        ("blockName", name),
        ("attrs", attrs),
        ("innerBlocks", none),
        ("innerContent", entries),
    ]);
    assert_eq!(
        invalid(&arena, vec![with_number]).2,
        Problem::ContentEntry {
            found: "number".to_owned()
        }
    );

    let text = arena.text("x");
    let wrong_attrs = arena.block(&[
        ("blockName", name),
        ("attrs", text),
        ("innerBlocks", none),
        ("innerContent", content),
    ]);
    assert_eq!(
        invalid(&arena, vec![wrong_attrs]).2,
        Problem::WrongType {
            field: Field::Attrs,
            found: "text".to_owned()
        }
    );

    let key = arena.add(Node::Number(1.0));
    let numbered = arena.add(Node::Map(vec![(key, text)]));
    let wrong_key = arena.block(&[
        ("blockName", name),
        ("attrs", numbered),
        ("innerBlocks", none),
        ("innerContent", content),
    ]);
    assert_eq!(
        invalid(&arena, vec![wrong_key]).2,
        Problem::AttrsKey {
            found: "number".to_owned()
        }
    );

    let failing = arena.text("fail");
    let failing_block = arena.block(&[("blockName", failing)]);
    assert!(matches!(
        serialize(&arena, vec![failing_block]),
        Err(ReadError::Host(message)) if message == "host failure"
    ));
}

#[test]
fn cycles_are_refused_and_shared_values_are_fine() {
    let mut arena = Arena::default();
    let leaf = arena.simple("p", vec![]);
    let twice = arena.simple("group", vec![leaf, leaf]);
    assert_eq!(
        serialize(&arena, vec![twice, leaf]).unwrap(),
        "<!-- wp:group --><!-- wp:p /--><!-- wp:p /--><!-- /wp:group --><!-- wp:p /-->"
    );

    // A block whose innerBlocks list holds the block itself.
    let outer = arena.simple("group", vec![usize::MAX]);
    let Node::Map(entries) = arena.0[outer].clone() else {
        unreachable!()
    };
    let inner_list = entries
        .iter()
        .find(|(key, _)| matches!(&arena.0[*key], Node::Text(k) if *k == "innerBlocks"))
        .unwrap()
        .1;
    arena.0[inner_list] = Node::List(vec![outer]);
    let (block, path, problem) = invalid(&arena, vec![outer]);
    assert_eq!(
        (block, path.as_str(), problem),
        (
            1,
            "[0].innerBlocks[0]".to_owned().as_str(),
            Problem::BlockCycle
        )
    );

    // Attributes holding a list that holds itself.
    let list = arena.add(Node::List(vec![]));
    arena.0[list] = Node::List(vec![list]);
    let key = arena.text("self");
    let attrs = arena.add(Node::Map(vec![(key, list)]));
    let name = arena.text("p");
    let content = arena.add(Node::List(vec![]));
    let inner = arena.add(Node::List(vec![]));
    let block = arena.block(&[
        ("blockName", name),
        ("attrs", attrs),
        ("innerBlocks", inner),
        ("innerContent", content),
    ]);
    assert_eq!(invalid(&arena, vec![block]).2, Problem::AttrsCycle);
}

#[test]
fn deep_nesting_reads_without_recursion() {
    let depth = 100_000;
    let mut arena = Arena::default();
    let mut block = arena.simple("group", vec![]);
    for _ in 1..depth {
        block = arena.simple("group", vec![block]);
    }
    let markup = serialize(&arena, vec![block]).unwrap();
    let document = parse(&markup);
    assert_eq!(document.node_count(), depth);

    let mut value = arena.add(Node::Number(1.0));
    for _ in 0..depth {
        value = arena.add(Node::List(vec![value]));
    }
    let key = arena.text("deep");
    let attrs = arena.add(Node::Map(vec![(key, value)]));
    let name = arena.text("p");
    let content = arena.add(Node::List(vec![]));
    let inner = arena.add(Node::List(vec![]));
    let block = arena.block(&[
        ("blockName", name),
        ("attrs", attrs),
        ("innerBlocks", inner),
        ("innerContent", content),
    ]);
    let markup = serialize(&arena, vec![block]).unwrap();
    assert!(markup.starts_with("<!-- wp:p {\"deep\":[[[["));
}
