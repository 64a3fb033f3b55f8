//! The blocks table against the reference's output: every fixture case and
//! generated documents, row by row.

mod common;

use std::fs;

use common::{corpus, repo_root};
use gutenberg_post_parser::table::{self, BlockTable, TableOptions};
use serde_json::value::RawValue;

/// A block as the reference returns it, with `attrs` as `JSON.stringify`
/// printed it.
#[derive(serde::Deserialize)]
struct Expected<'a> {
    #[serde(rename = "blockName")]
    block_name: Option<String>,
    #[serde(borrow)]
    attrs: &'a RawValue,
    #[serde(rename = "innerBlocks", borrow)]
    inner_blocks: Vec<Expected<'a>>,
    #[serde(rename = "innerHTML")]
    inner_html: String,
}

#[derive(serde::Deserialize)]
struct Case<'a> {
    input: String,
    #[serde(borrow)]
    expected: Vec<Expected<'a>>,
}

/// Compares the next rows of `rows` with document `index`'s blocks.
fn check_rows<'t>(
    rows: &mut impl Iterator<Item = (&'t BlockTable, usize)>,
    index: i64,
    source: &str,
    expected: &[Expected<'_>],
) -> Result<(), String> {
    // Depth-first, as the table's rows: (block, depth, parent ordinal).
    let mut stack: Vec<(&Expected<'_>, i64, Option<i64>)> = expected
        .iter()
        .rev()
        .map(|block| (block, 0, None))
        .collect();
    let mut ordinal = 0;
    while let Some((block, depth, parent)) = stack.pop() {
        let at = |what: &str| format!("document {index}, block {ordinal} ({what})");
        let Some((table, row)) = rows.next() else {
            return Err(at("missing row"));
        };
        if table.document().get(row) != Some(index) {
            return Err(at("missing row"));
        }
        let attrs = Some(block.attrs.get()).filter(|&text| text != "null");
        let checks = [
            (table.ordinal().get(row) == Some(ordinal), "ordinal"),
            (table.parent().get(row) == parent, "parent"),
            (table.depth().get(row) == Some(depth), "depth"),
            (
                table.block_name().get(row) == block.block_name.as_deref(),
                "block_name",
            ),
            (table.attrs().get(row) == attrs, "attrs"),
            (
                table.inner_html().get(row) == Some(block.inner_html.as_str()),
                "inner_html",
            ),
            (table.error().get(row).is_none(), "error"),
        ];
        if let Some((_, what)) = checks.iter().find(|(ok, _)| !ok) {
            return Err(format!(
                "{}: ours {:?} {:?}, want {:?} {}",
                at(what),
                table.block_name().get(row),
                table.attrs().get(row),
                block.block_name,
                block.attrs.get()
            ));
        }
        // The span holds the block: its HTML when freeform, else from its
        // opening delimiter on (a void block: just that delimiter).
        let start = table.byte_start().get(row).unwrap() as usize;
        let end = table.byte_end().get(row).unwrap() as usize;
        let text = &source[start..end];
        let void = table.is_void().get(row).unwrap();
        let spans = match block.block_name {
            None => text == block.inner_html && !void,
            Some(_) => text.starts_with("<!--") && (!void || text.ends_with("/-->")),
        };
        if !spans {
            return Err(at(&format!("span {start}..{end}: {text:.80?}")));
        }
        stack.extend(
            block
                .inner_blocks
                .iter()
                .rev()
                .map(|child| (child, depth + 1, Some(ordinal))),
        );
        ordinal += 1;
    }
    Ok(())
}

/// Builds one table of every case (and, with the `parallel` feature, tables
/// across threads) and checks each document's rows.
fn check_cases(cases: &[Case<'_>]) {
    let sources: Vec<&str> = cases.iter().map(|case| case.input.as_str()).collect();
    let options = TableOptions::default();
    let sequential = vec![table::build(&sources, 0, &options)];
    #[cfg(feature = "parallel")]
    let builds = [
        sequential,
        table::build_parallel(&sources, 0, &options, std::num::NonZeroUsize::new(2)),
    ];
    #[cfg(not(feature = "parallel"))]
    let builds = [sequential];
    for tables in &builds {
        let mut rows = tables
            .iter()
            .flat_map(|table| (0..table.len()).map(move |row| (table, row)));
        for (index, case) in cases.iter().enumerate() {
            if let Err(failure) = check_rows(&mut rows, index as i64, &case.input, &case.expected) {
                panic!("{failure}");
            }
        }
        assert!(rows.next().is_none(), "rows left over");
    }
}

#[test]
fn every_fixture_case_row_by_row() {
    let dir = repo_root().join("fixtures/cases");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|path| {
            let input = fs::read_to_string(path).unwrap();
            let expected = fs::read_to_string(path.with_extension("json")).unwrap();
            (input, expected)
        })
        .collect();
    assert!(texts.len() >= 80);
    let cases: Vec<Case<'_>> = texts
        .iter()
        .map(|(input, expected)| Case {
            input: input.clone(),
            expected: serde_json::from_str(expected).unwrap(),
        })
        .collect();
    check_cases(&cases);
}

#[test]
fn generated_documents_row_by_row() {
    let Some(lines) = corpus(&["--seed", "15", "--count", "1500"]) else {
        return;
    };
    let cases: Vec<Case<'_>> = lines
        .lines()
        .map(|line| serde_json::from_str(line).expect("a corpus line"))
        .collect();
    assert_eq!(cases.len(), 1500);
    check_cases(&cases);
}
