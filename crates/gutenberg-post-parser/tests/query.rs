//! Queries checked against the reference: for each document, the blocks a
//! query finds are the blocks of the reference's parse that pass the same
//! filter, in the same order, with the same name, attributes, inner HTML and
//! depth; spans hold what the reference reports.

mod batch;
mod common;

use gutenberg_post_parser::json;
use gutenberg_post_parser::query::{AttrTest, Query};
use gutenberg_post_parser::{parse, Document};
use serde_json::Value as Json;

/// The reference's blocks that `pattern` and `attr` select, by the rules
/// written out plainly: full names, `ns/*`, `*`.
fn reference_select<'j>(
    tree: &'j Json,
    pattern: &str,
    attr: Option<(&str, Option<&Json>)>,
) -> Vec<(&'j Json, usize)> {
    batch::flatten(tree)
        .into_iter()
        .filter(|(block, _)| {
            let Some(name) = block["blockName"].as_str() else {
                return false;
            };
            let name_ok = match pattern {
                "*" => true,
                p if p.ends_with("/*") => name.starts_with(&p[..p.len() - 1]),
                p if p.contains('/') => name == p,
                p => name == format!("core/{p}"),
            };
            name_ok
                && match attr {
                    None => true,
                    Some((key, expected)) => match block["attrs"].get(key) {
                        None => false,
                        Some(value) => expected.map_or(true, |e| e == value),
                    },
                }
        })
        .collect()
}

fn check(document: &Document<'_>, tree: &Json, pattern: &str, attr: Option<(&str, Option<&Json>)>) {
    let text = document.source();
    let expected_text = attr
        .and_then(|(_, expected)| expected)
        .map(|value| serde_json::to_string(value).unwrap());
    let mut query = Query::name(pattern);
    if let Some((key, _)) = attr {
        let test = match &expected_text {
            None => AttrTest::Present,
            Some(text) => AttrTest::Equals(json::parse(text).unwrap()),
        };
        query = query.attr(key.to_owned(), test);
    }
    let ours: Vec<_> = document.find(&query).collect();
    let theirs = reference_select(tree, pattern, attr);
    assert_eq!(
        ours.len(),
        theirs.len(),
        "{pattern} {attr:?} in {:.200}",
        text
    );
    for (found, (block, depth)) in ours.iter().zip(theirs) {
        let name = found.block.name().unwrap().full().into_owned();
        assert_eq!(Json::String(name), block["blockName"]);
        let mut attrs = String::new();
        json::write_value(&mut attrs, &found.block.attrs());
        assert_eq!(common::data(&attrs), block["attrs"]);
        assert_eq!(
            found.block.inner_html(),
            block["innerHTML"].as_str().unwrap()
        );
        assert_eq!(found.depth, depth);
        let span = found.block.span();
        assert!(text[span.clone()].starts_with("<!--"));
        if let Some(parent) = found.parent {
            assert!(document.block(parent).span().contains(&span.start));
        }
    }
}

fn check_documents(texts: &[String]) -> usize {
    let Some(trees) = batch::reference_parse(texts) else {
        return 0;
    };
    let mut checked = 0;
    for (text, tree) in texts.iter().zip(&trees) {
        let Some(tree) = tree else { continue };
        let document = parse(text);
        for pattern in ["core/paragraph", "paragraph", "core/*", "*", "my-plugin/*"] {
            check(&document, tree, pattern, None);
        }
        // Each name in the document, with its first attribute present and equal.
        let blocks = batch::flatten(tree);
        for (block, _) in blocks.iter().take(8) {
            let Some(name) = block["blockName"].as_str() else {
                continue;
            };
            check(&document, tree, name, None);
            if let Some((key, value)) = block["attrs"].as_object().and_then(|a| a.iter().next()) {
                check(&document, tree, name, Some((key, None)));
                // `null` in the reference's JSON may stand for an infinity.
                if !value.to_string().contains("null") {
                    check(&document, tree, name, Some((key, Some(value))));
                    check(&document, tree, "*", Some((key, Some(value))));
                }
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn queries_select_what_the_reference_parse_holds() {
    let texts = batch::documents();
    let checked = check_documents(&texts);
    if common::reference_available() {
        assert!(checked > 150, "only {checked} documents checked");
    }
}

#[test]
fn queries_on_generated_documents() {
    let Some(texts) = batch::generated(13, 800) else {
        assert!(
            !common::reference_required(),
            "the Node reference is required"
        );
        return;
    };
    let checked = check_documents(&texts);
    assert!(checked > 500, "only {checked} documents checked");
}

#[test]
fn a_query_over_deep_nesting_does_not_recurse() {
    let depth = 100_000;
    let text = "<!-- wp:group -->".repeat(depth) + &"<!-- /wp:group -->".repeat(depth);
    let document = parse(&text);
    let found: Vec<_> = document.find(&Query::name("core/group")).collect();
    assert_eq!(found.len(), depth);
    assert_eq!(found.last().unwrap().depth, depth - 1);
    assert_eq!(
        found.last().unwrap().parent,
        Some(found[depth - 2].block.id())
    );
}
