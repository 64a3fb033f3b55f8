//! Every case in `fixtures/cases` and WordPress's own fixture corpus.

mod common;

use std::fs;

use common::{data, repo_root, shared_dir};
use gutenberg_post_parser::{blocks_to_json, parse};

#[test]
fn every_case_matches_the_reference_byte_for_byte() {
    let dir = repo_root().join("fixtures/cases");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("fixtures/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 80,
        "expected at least 80 cases, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let input = fs::read_to_string(path).unwrap();
        let expected = fs::read_to_string(path.with_extension("json")).unwrap();
        let document = parse(&input);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if document.to_json().unwrap() != expected {
            failures.push(format!(
                "{name}: borrowed tree\n  ours: {:.300}\n  want: {:.300}",
                document.to_json().unwrap(),
                expected
            ));
        } else if blocks_to_json(&document.to_blocks().unwrap()) != expected {
            failures.push(format!("{name}: decoded tree"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}

/// JavaScript's `String.prototype.trim`, which the corpus applied to its inputs.
fn js_trim(text: &str) -> &str {
    text.trim_matches(|c: char| {
        matches!(
            c,
            '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200a}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}'
                    | '\u{feff}'
        )
    })
}

#[test]
fn wordpress_fixture_corpus_matches() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared not found: skipping WordPress's fixture corpus");
        return;
    };
    let dir = shared.join("wordpress-fixtures");
    let mut compared = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let expected_path = path.with_extension("parsed.json");
        let input = fs::read_to_string(&path).unwrap();
        let expected = data(&fs::read_to_string(&expected_path).unwrap());
        let ours = data(&parse(js_trim(&input)).to_json().unwrap());
        assert_eq!(ours, expected, "{}", path.display());
        compared += 1;
    }
    assert_eq!(compared, 318, "WordPress's corpus has 318 pairs");
}
