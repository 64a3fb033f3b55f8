//! Edits checked three ways: every byte outside the edited ranges is the
//! source's; the reference parses the edited text to the blocks the edits
//! intended (the reference's parse of the original, changed by hand); and
//! attributes are written byte for byte as WordPress's `serializeAttributes`
//! writes them (`fixtures/attributes/serialize-attributes.jsonl`).

mod batch;
mod common;

use gutenberg_post_parser::delimiter::Tokenizer;
use gutenberg_post_parser::edit::{write_attributes, EditError, EditKind};
use gutenberg_post_parser::query::Query;
use gutenberg_post_parser::{json, parse, Content, Document};
use serde_json::{json, Value as Json};

#[test]
fn attributes_are_written_as_wordpress_writes_them() {
    let path = common::repo_root().join("fixtures/attributes/serialize-attributes.jsonl");
    let lines = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    for line in lines.lines() {
        #[derive(serde::Deserialize)]
        struct Case {
            attrs: String,
            expected: String,
        }
        let case: Case = serde_json::from_str(line).unwrap();
        let mut ours = String::new();
        write_attributes(&mut ours, &json::parse(&case.attrs).unwrap());
        assert_eq!(ours, case.expected, "attrs {}", case.attrs);
        checked += 1;
    }
    assert!(checked > 400);
}

/// Whether recovery played no part: every block closed (or void) and no HTML
/// run reads as a delimiter. Edits of such documents have one intended result.
fn well_formed(document: &Document<'_>) -> bool {
    document.walk().all(|(block, _)| {
        (block.is_freeform() || block.is_void() || block.closer_span().is_some())
            && block.inner_content().all(
                |content| !matches!(content, Content::Html(html) if Tokenizer::new(html).next().is_some()),
            )
    })
}

/// An edit of the test, with what it does to the reference's tree.
#[derive(Clone, Debug)]
enum Planned {
    SetAttrs(Json),
    Replace,
    ReplaceInner { with_block: bool },
    Remove,
    InsertBefore,
    InsertAfter,
}

const REPLACEMENT: &str =
    "<!-- wp:gpp/replaced {\"by\":\"test\"} --><p>r</p><!-- /wp:gpp/replaced -->";
const INSERTED: &str = "<!-- wp:gpp/inserted {\"a\":\"x--y\"} /-->";
const INNER_PLAIN: &str = "<p>new & -- \"inner\"</p>";
const INNER_BLOCK: &str = "<p>a</p><!-- wp:gpp/inner /--><p>b</p>";

fn block(name: &str, attrs: Json, inner_blocks: Vec<Json>, content: Vec<Json>) -> Json {
    let html: String = content.iter().filter_map(|c| c.as_str()).collect();
    json!({"blockName": name, "attrs": attrs, "innerBlocks": inner_blocks,
           "innerHTML": html, "innerContent": content})
}

/// The list holding the block at `path` and its index there.
fn siblings<'j>(tree: &'j mut Json, path: &[usize]) -> (&'j mut Json, usize) {
    let (last, parents) = path.split_last().unwrap();
    let mut list = tree;
    for &at in parents {
        list = &mut list[at]["innerBlocks"];
    }
    (list, *last)
}

/// Position of the `null` of inner block `at` in its parent's `innerContent`.
fn null_position(content: &[Json], at: usize) -> usize {
    content
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_null())
        .nth(at)
        .unwrap()
        .0
}

fn refresh_html(block: &mut Json) {
    let html: String = block["innerContent"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    block["innerHTML"] = Json::String(html);
}

/// Inserts `new` as sibling number `index` of the block at `path`: in its
/// parent's content just after the block before it (`after`), or just
/// before the block now at `index`.
fn insert_at(tree: &mut Json, path: &[usize], index: usize, new: Json, after: bool) {
    if path.len() == 1 {
        tree.as_array_mut().unwrap().insert(index, new);
        return;
    }
    let parent = at_path(tree, &path[..path.len() - 1]);
    let nulls: Vec<usize> = parent["innerContent"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_null())
        .map(|(at, _)| at)
        .collect();
    let position = if after {
        nulls[index - 1] + 1
    } else {
        nulls[index]
    };
    parent["innerContent"]
        .as_array_mut()
        .unwrap()
        .insert(position, Json::Null);
    parent["innerBlocks"]
        .as_array_mut()
        .unwrap()
        .insert(index, new);
}

/// Removes the block at `path`; neighbouring HTML runs become one, as the
/// reference reads them (freeform blocks at the top level: see [`merge_freeform`]).
fn remove(tree: &mut Json, path: &[usize]) {
    if path.len() == 1 {
        tree.as_array_mut().unwrap().remove(path[0]);
        return;
    }
    let (parent_path, last) = path.split_at(path.len() - 1);
    let (list, at) = siblings(tree, parent_path);
    let parent = &mut list[at];
    let position = null_position(parent["innerContent"].as_array().unwrap(), last[0]);
    parent["innerBlocks"]
        .as_array_mut()
        .unwrap()
        .remove(last[0]);
    let content = parent["innerContent"].as_array_mut().unwrap();
    content.remove(position);
    if position > 0 && position < content.len() {
        if let (Some(a), Some(b)) = (content[position - 1].as_str(), content[position].as_str()) {
            let merged = format!("{a}{b}");
            content.remove(position);
            content[position - 1] = Json::String(merged);
        }
    }
    refresh_html(parent);
}

/// Makes neighbouring freeform blocks at the top level one, as the
/// reference reads their text once the blocks between them are gone.
fn merge_freeform(tree: &mut Json) {
    let list = tree.as_array_mut().unwrap();
    let mut merged: Vec<Json> = Vec::with_capacity(list.len());
    for block in list.drain(..) {
        match merged.last_mut() {
            Some(last) if last["blockName"].is_null() && block["blockName"].is_null() => {
                let html = format!(
                    "{}{}",
                    last["innerHTML"].as_str().unwrap(),
                    block["innerHTML"].as_str().unwrap()
                );
                *last = block_freeform(&html);
            }
            _ => merged.push(block),
        }
    }
    *list = merged;
}

fn block_freeform(html: &str) -> Json {
    json!({"blockName": null, "attrs": {}, "innerBlocks": [], "innerHTML": html, "innerContent": [html]})
}

fn at_path<'j>(tree: &'j mut Json, path: &[usize]) -> &'j mut Json {
    let (list, at) = siblings(tree, path);
    &mut list[at]
}

/// Applies the planned edits of one block to the reference's tree: in
/// place first, then insertions after it and before it, each in the order
/// made, then its removal.
fn intend(tree: &mut Json, path: &[usize], edits: &[&Planned]) {
    let mut path = path.to_vec();
    let index = *path.last().unwrap();
    let inserted = || block("gpp/inserted", json!({"a": "x--y"}), vec![], vec![]);
    for edit in edits {
        match edit {
            Planned::SetAttrs(attrs) => at_path(tree, &path)["attrs"] = (*attrs).clone(),
            Planned::Replace => {
                *at_path(tree, &path) = block(
                    "gpp/replaced",
                    json!({"by": "test"}),
                    vec![],
                    vec![json!("<p>r</p>")],
                );
            }
            Planned::ReplaceInner { with_block } => {
                let target = at_path(tree, &path);
                if *with_block {
                    let inner = block("gpp/inner", json!({}), vec![], vec![]);
                    target["innerBlocks"] = json!([inner]);
                    target["innerContent"] = json!(["<p>a</p>", null, "<p>b</p>"]);
                } else {
                    target["innerBlocks"] = json!([]);
                    target["innerContent"] = json!([INNER_PLAIN]);
                }
                refresh_html(target);
            }
            _ => {}
        }
    }
    let afters = edits
        .iter()
        .filter(|e| matches!(e, Planned::InsertAfter))
        .count();
    for j in 0..afters {
        insert_at(tree, &path, index + 1 + j, inserted(), true);
    }
    let befores = edits
        .iter()
        .filter(|e| matches!(e, Planned::InsertBefore))
        .count();
    for j in 0..befores {
        insert_at(tree, &path, index + j, inserted(), false);
    }
    if edits.iter().any(|e| matches!(e, Planned::Remove)) {
        *path.last_mut().unwrap() = index + befores;
        remove(tree, &path);
    }
}

/// Paths of every block of a reference tree, depth-first.
fn paths(tree: &Json) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Vec<usize>, &Json)> = Vec::new();
    let roots = tree.as_array().unwrap();
    stack.extend(roots.iter().enumerate().rev().map(|(i, b)| (vec![i], b)));
    while let Some((path, block)) = stack.pop() {
        let inner = block["innerBlocks"].as_array().unwrap();
        for (i, child) in inner.iter().enumerate().rev() {
            let mut child_path = path.clone();
            child_path.push(i);
            stack.push((child_path, child));
        }
        out.push(path);
    }
    out
}

/// A small seeded generator.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Edits a few blocks of each document; returns the edited texts and the
/// trees the edits intend. Checks the untouched bytes on the way.
fn plan_and_apply(
    texts: &[String],
    trees: &[Option<Json>],
    rng: &mut Rng,
) -> (Vec<String>, Vec<Json>) {
    let mut edited = Vec::new();
    let mut intended = Vec::new();
    let (mut made, mut refused_for_context) = (0, 0);
    for (text, tree) in texts.iter().zip(trees) {
        let document = parse(text);
        let Some(tree) = tree else { continue };
        if document.node_count() == 0 || !well_formed(&document) {
            continue;
        }
        let ids: Vec<usize> = document.walk().map(|(block, _)| block.id()).collect();
        let block_paths = paths(tree);
        assert_eq!(ids.len(), block_paths.len());
        let mut editor = document.edit();
        let mut accepted: Vec<(usize, Planned)> = Vec::new();
        for _ in 0..1 + rng.below(4) {
            let position = rng.below(ids.len());
            let id = ids[position];
            let target = document.block(id);
            let (planned, result) = match rng.below(6) {
                0 => {
                    let mut attrs = match &tree_block(tree, &block_paths[position])["attrs"] {
                        Json::Object(map) => map.clone(),
                        _ => serde_json::Map::new(),
                    };
                    attrs.insert(
                        "gppEdit".into(),
                        json!(format!("<b>\\\"{position}\"--&</b>")),
                    );
                    attrs.insert("gppNumber".into(), json!(position));
                    let attrs = Json::Object(attrs);
                    let text = serde_json::to_string(&attrs).unwrap();
                    let result = editor
                        .set_attrs(id, &json::parse(&text).unwrap())
                        .map(|_| ());
                    (Planned::SetAttrs(attrs), result)
                }
                1 => (
                    Planned::Replace,
                    editor.replace(id, REPLACEMENT).map(|_| ()),
                ),
                2 => {
                    let with_block = !target.is_freeform() && rng.below(2) == 0;
                    let html = if with_block { INNER_BLOCK } else { INNER_PLAIN };
                    let result = editor.replace_inner_html(id, html).map(|_| ());
                    (Planned::ReplaceInner { with_block }, result)
                }
                3 => (Planned::Remove, editor.remove(id).map(|_| ())),
                4 => (
                    Planned::InsertBefore,
                    editor.insert_before(id, INSERTED).map(|_| ()),
                ),
                _ => (
                    Planned::InsertAfter,
                    editor.insert_after(id, INSERTED).map(|_| ()),
                ),
            };
            made += 1;
            match result {
                Ok(()) => accepted.push((position, planned)),
                Err(EditError::Overlap { .. }) => {}
                // Text around the block that the edit could change.
                Err(EditError::Markup { .. }) => refused_for_context += 1,
                Err(EditError::Freeform(_)) => assert!(target.is_freeform()),
                Err(error) => panic!("unexpected refusal: {error}"),
            }
        }
        let new_text = editor.text();
        check_untouched(text, &new_text, editor.edits());
        // Reverse document order keeps the paths of earlier blocks valid.
        accepted.sort_by_key(|(position, _)| std::cmp::Reverse(*position));
        let mut tree = tree.clone();
        for group in accepted.chunk_by(|a, b| a.0 == b.0) {
            let edits: Vec<&Planned> = group.iter().map(|(_, planned)| planned).collect();
            intend(&mut tree, &block_paths[group[0].0], &edits);
        }
        merge_freeform(&mut tree);
        edited.push(new_text);
        intended.push(tree);
    }
    assert!(
        refused_for_context * 20 < made,
        "{refused_for_context} of {made} edits refused for their context"
    );
    (edited, intended)
}

fn tree_block<'j>(tree: &'j Json, path: &[usize]) -> &'j Json {
    let mut block = &tree[path[0]];
    for &at in &path[1..] {
        block = &block["innerBlocks"][at];
    }
    block
}

/// Every byte outside the edited ranges is the source's, in order.
fn check_untouched(source: &str, edited: &str, edits: &gutenberg_post_parser::edit::Edits) {
    let mut from = 0;
    let mut at = 0;
    for (info, replaced, replacement) in edits.iter() {
        assert!(info.range.start <= replaced.start && replaced.end == info.range.end);
        let kept = &source[from..replaced.start];
        assert_eq!(&edited[at..at + kept.len()], kept);
        at += kept.len();
        assert_eq!(&edited[at..at + replacement.len()], replacement);
        at += replacement.len();
        from = replaced.end;
    }
    assert_eq!(&edited[at..], &source[from..]);
}

fn check_edits(texts: &[String], seed: u64) -> usize {
    let Some(trees) = batch::reference_parse(texts) else {
        return 0;
    };
    let mut rng = Rng(seed);
    let (edited, intended) = plan_and_apply(texts, &trees, &mut rng);
    let Some(reparsed) = batch::reference_parse(&edited) else {
        return 0;
    };
    let mut differences = Vec::new();
    for ((text, want), got) in edited.iter().zip(&intended).zip(&reparsed) {
        let got = got
            .as_ref()
            .expect("no lone surrogates in edited documents' attributes");
        if got != want {
            let (got, want) = (got.to_string(), want.to_string());
            let from = got
                .bytes()
                .zip(want.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(0)
                .saturating_sub(80);
            differences.push(format!(
                "edited: {text:.300}\n  reference: …{:.300}\n  intended:  …{:.300}",
                &got[from..],
                &want[from..]
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} edited documents differ:\n{}",
        differences.len(),
        edited.len(),
        differences[..differences.len().min(3)].join("\n")
    );
    edited.len()
}

#[test]
fn edited_documents_parse_to_the_intended_blocks() {
    let texts = batch::documents();
    let checked = check_edits(&texts, 1);
    if common::reference_available() {
        assert!(checked > 150, "only {checked} documents edited");
    }
}

#[test]
fn edited_generated_documents_parse_to_the_intended_blocks() {
    let Some(texts) = batch::generated(29, 1000) else {
        assert!(
            !common::reference_required(),
            "the Node reference is required"
        );
        return;
    };
    let checked = check_edits(&texts, 2);
    assert!(checked > 200, "only {checked} documents edited");
}

#[test]
fn bad_edits_get_clear_errors() {
    let text = "<p>x</p><!-- wp:group --><!-- wp:image {\"id\":1} /--><!-- /wp:group -->";
    let document = parse(text);
    let id = |name| document.find(&Query::name(name)).next().unwrap().block.id();
    let (group, image) = (id("group"), id("image"));
    let freeform = document.blocks().next().unwrap().id();
    let mut editor = document.edit();
    editor.replace(group, "<!-- wp:separator /-->").unwrap();
    let error = editor
        .set_attrs(image, &json::parse("{}").unwrap())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "set_attrs on block 1 (core/image, bytes 25..52) overlaps the earlier \
         replace on block 0 (core/group, bytes 8..70)"
    );
    let EditError::Overlap { edit, earlier } = error else {
        panic!("an overlap")
    };
    assert_eq!(
        (edit.kind, earlier.kind),
        (EditKind::SetAttrs, EditKind::Replace)
    );

    let mut editor = document.edit();
    let refused = editor
        .set_attrs(freeform, &json::parse("{}").unwrap())
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "set_attrs on block 2 (freeform HTML, bytes 0..8): freeform HTML has no attributes"
    );
    let not_object = editor
        .set_attrs(image, &json::parse("[1]").unwrap())
        .unwrap_err();
    assert!(not_object
        .to_string()
        .ends_with("attributes must be a JSON object"));
    let unbalanced = editor
        .insert_after(image, "<!-- /wp:group -->")
        .unwrap_err();
    assert_eq!(
        unbalanced.to_string(),
        "insert_after on block 1 (core/image, bytes 52..52): the markup has a closing \
         delimiter with no opener at byte 0"
    );
    let unclosed = editor
        .replace(image, "<!-- wp:quote --><p>q</p>")
        .unwrap_err();
    assert!(unclosed
        .to_string()
        .ends_with("leaves the block opened at byte 0 unclosed"));
    assert_eq!(editor.remove(99).unwrap_err(), EditError::NoSuchBlock(99));
    assert_eq!(editor.text(), text, "refused edits change nothing");
}

#[test]
fn a_void_block_gets_a_closer_for_inner_html_and_stays_void_for_attrs() {
    let document = parse("<!-- wp:image {\"id\":1} /-->\n<!-- wp:core/spacer /-->");
    let id = |name| document.find(&Query::name(name)).next().unwrap().block.id();
    let mut editor = document.edit();
    editor.replace_inner_html(id("image"), "<img/>").unwrap();
    let attrs = json::parse(r#"{"height":"2em"}"#).unwrap();
    editor.set_attrs(id("spacer"), &attrs).unwrap();
    assert_eq!(
        editor.text(),
        "<!-- wp:image {\"id\":1} --><img/><!-- /wp:image -->\n<!-- wp:core/spacer {\"height\":\"2em\"} /-->"
    );
}

#[test]
fn a_void_block_given_inner_html_keeps_its_opener_bytes() {
    let text = "x<!-- wp:image \t{\"alt\":\"é\"}\n /--><!-- wp:spacer  /-->y";
    let document = parse(text);
    let ids: Vec<_> = document.find(&Query::any()).map(|f| f.block.id()).collect();
    let mut editor = document.edit();
    editor.replace_inner_html(ids[0], "<img/>").unwrap();
    editor.replace_inner_html(ids[1], "").unwrap();
    assert_eq!(
        editor.text(),
        "x<!-- wp:image \t{\"alt\":\"é\"}\n --><img/><!-- /wp:image --><!-- wp:spacer  --><!-- /wp:spacer -->y"
    );
    let replaced: Vec<_> = editor.edits().iter().map(|(_, range, _)| range).collect();
    let ends: Vec<_> = document.blocks().map(|b| b.span().end).collect();
    assert_eq!(replaced, [ends[1] - 4..ends[1], ends[2] - 4..ends[2]]);
    assert!(editor
        .set_attrs(ids[0], &json::parse("{}").unwrap())
        .is_err());
    assert!(editor.insert_before(ids[0], "<p>z</p>").is_ok());
}

#[test]
fn many_edits_splice_in_one_pass() {
    let count = 40_000;
    let text = "<!-- wp:p {\"n\":1} --><p>x</p><!-- /wp:p -->\n".repeat(count);
    let document = parse(&text);
    let mut editor = document.edit();
    let attrs = json::parse(r#"{"n":2}"#).unwrap();
    for (block, _) in document.walk() {
        if !block.is_freeform() {
            editor.set_attrs(block.id(), &attrs).unwrap();
        }
    }
    assert_eq!(editor.edits().len(), count);
    assert_eq!(editor.text(), text.replace("{\"n\":1}", "{\"n\":2}"));
}

#[test]
fn many_edits_of_a_document_without_attributes_stay_linear() {
    // No end of attributes anywhere: the checks must not rescan the rest of
    // the document for each edit (40,000 rescans of 2 MB would take minutes).
    let count = 40_000;
    let text = "<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->\n".repeat(count);
    let document = parse(&text);
    let mut editor = document.edit();
    let attrs = json::parse(r#"{"align":"center"}"#).unwrap();
    for found in document.find(&Query::name("paragraph")) {
        editor.set_attrs(found.block.id(), &attrs).unwrap();
    }
    let edited = editor.text();
    assert_eq!(
        edited
            .matches(r#"<!-- wp:paragraph {"align":"center"} -->"#)
            .count(),
        count
    );
}
