//! The expansion limit counts what a result holds: for any input under 64 KB,
//! the text the core counts before building (`limits::output_bytes`) bounds
//! what the built results really hold, so no result can outgrow a limit that
//! its count passed.
#![no_main]

use gutenberg_post_parser::limits::{output_bytes, Limits, Sharing};
use gutenberg_post_parser::{parse, Block};
use libfuzzer_sys::fuzz_target;

/// Bytes of text held by a `Block` tree beyond the document itself: its
/// joined `innerHTML`s (every other string borrows from the document).
fn owned_text(blocks: &[Block<'_>]) -> u64 {
    let mut total = 0;
    let mut pending: Vec<&Block<'_>> = blocks.iter().collect();
    while let Some(block) = pending.pop() {
        if let std::borrow::Cow::Owned(joined) = &block.inner_html {
            total += joined.len() as u64;
        }
        pending.extend(&block.inner_blocks);
    }
    total
}

fuzz_target!(|text: &str| {
    if text.len() >= 64 * 1024 {
        return;
    }
    let document = parse(text);
    let counted_json = output_bytes(&document, Sharing::NOTHING);
    let json = document.to_json_with(&Limits::UNLIMITED).expect("no limit");
    // JSON holds the counted text, escaped (at most 6 bytes a byte), plus a
    // bounded frame per block; attribute text is counted as written, which
    // may be longer than its JSON (whitespace, or `null` for invalid JSON),
    // but never more than the document itself.
    let frame = 128 * document.node_count() as u64 + 2;
    let slack = text.len() as u64;
    assert!(
        counted_json <= json.len() as u64 + slack,
        "{counted_json} > {}",
        json.len()
    );
    assert!(
        json.len() as u64 <= 6 * counted_json + frame,
        "{} for {counted_json}",
        json.len()
    );

    let shares_runs = Sharing {
        all_runs: true,
        ..Sharing::TREE
    };
    let blocks = document
        .to_blocks_with(&Limits::UNLIMITED)
        .expect("no limit");
    assert!(owned_text(&blocks) <= output_bytes(&document, shares_runs));
    // Sharing only ever lowers the count.
    let tree = output_bytes(&document, Sharing::TREE);
    assert!(output_bytes(&document, shares_runs) <= tree && tree <= counted_json);
    let limited = Limits {
        max_output_bytes: Some(1 << 16),
    };
    if limited.check_document(&document, Sharing::NOTHING).is_ok() {
        assert!(document.to_json_with(&limited).is_ok());
    }
});
