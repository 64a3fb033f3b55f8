//! 100,000-deep documents parse, convert, print and drop on the default test
//! thread stack (2 MiB): nothing recurses on the document's structure.

use gutenberg_post_parser::{blocks_to_json, json, parse, serialize_blocks};

const DEPTH: usize = 100_000;

fn nested_blocks(depth: usize) -> String {
    "<!-- wp:group --><div>".repeat(depth) + &"</div><!-- /wp:group -->".repeat(depth)
}

#[test]
fn deep_blocks_go_through_every_stage() {
    let text = nested_blocks(DEPTH);
    let document = parse(&text);
    assert_eq!(document.len(), 1);
    assert_eq!(document.node_count(), DEPTH);
    let deepest = document.walk().map(|(_, depth)| depth).max();
    assert_eq!(deepest, Some(DEPTH - 1));

    let json = document.to_json().unwrap();
    let blocks = document.to_blocks().unwrap();
    assert_eq!(blocks_to_json(&blocks), json);
    assert_eq!(serialize_blocks(&blocks), document.serialize());
    assert_eq!(parse(&document.serialize()).to_json().unwrap(), json);
    drop(blocks);
}

#[test]
fn deep_unclosed_blocks_recover_like_the_reference() {
    // Every block is left open: each is emitted at the top level, innermost
    // first, after the HTML that preceded its opener, and keeps the rest of the
    // document as its HTML. (The tree stays linear in size: HTML runs are spans.)
    let text = "<!-- wp:a -->x".repeat(DEPTH);
    let document = parse(&text);
    assert_eq!(document.len(), 2 * DEPTH - 1);
    let mut top = document.blocks();
    let leading = top.next().unwrap();
    assert!(leading.is_freeform());
    assert_eq!(leading.inner_html(), "x");
    let innermost = top.next().unwrap();
    assert_eq!(innermost.inner_html(), "x");
    assert_eq!(innermost.span(), text.len() - 14..text.len());
    let last = document.blocks().last().unwrap();
    assert_eq!(last.span(), 0..text.len());
    assert_eq!(last.inner_block_count(), 0);
}

#[test]
fn deep_attribute_json_decodes_prints_and_drops() {
    let attrs = format!("{{\"a\":{}1{}}}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let text = format!("<!-- wp:a {attrs} /-->");
    let document = parse(&text);
    let block = document.blocks().next().unwrap();
    let value = block.attrs();
    let mut printed = String::new();
    json::write_value(&mut printed, &value);
    assert_eq!(printed, attrs);
    drop(value);
    assert!(document.to_json().unwrap().contains(&attrs));
}
