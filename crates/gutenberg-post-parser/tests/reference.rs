//! Differential tests against the reference parser on Node: thousands of
//! generated documents and the real posts in `../shared/documents/`.

mod common;

use common::{corpus, shared_dir};
use gutenberg_post_parser::{delimiter::Tokenizer, parse, Content};
use serde_json::value::RawValue;

#[derive(serde::Deserialize)]
struct Case<'a> {
    input: String,
    #[serde(borrow)]
    expected: &'a RawValue,
}

/// Compares our JSON with the reference's, byte for byte, for every line.
fn assert_same_as_reference(lines: &str) -> usize {
    let mut differences = Vec::new();
    let mut compared = 0;
    for (at, line) in lines.lines().enumerate() {
        let case: Case = serde_json::from_str(line).expect("a corpus line");
        let ours = parse(&case.input).to_json().unwrap();
        if ours != case.expected.get() {
            differences.push(format!(
                "document {at}: {:?}\n  ours: {ours:.400}\n  want: {:.400}",
                case.input.chars().take(300).collect::<String>(),
                case.expected.get()
            ));
        }
        compared += 1;
    }
    assert!(
        differences.is_empty(),
        "{} of {compared} documents differ:\n{}",
        differences.len(),
        differences
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    compared
}

#[test]
fn generated_documents_match_the_reference() {
    let count = std::env::var("GPP_CORPUS_COUNT").unwrap_or_else(|_| "3000".into());
    let Some(lines) = corpus(&["--seed", "20261125", "--count", &count]) else {
        return;
    };
    let compared = assert_same_as_reference(&lines);
    assert_eq!(compared.to_string(), count);
}

#[test]
fn shared_documents_match_the_reference() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared not found: skipping the shared documents");
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(shared.join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let list = std::env::temp_dir().join(format!("gpp-shared-docs-{}.json", std::process::id()));
    std::fs::write(&list, serde_json::to_string(&texts).unwrap()).unwrap();
    let lines = corpus(&["--docs", list.to_str().unwrap()]);
    std::fs::remove_file(&list).ok();
    if let Some(lines) = lines {
        assert_eq!(assert_same_as_reference(&lines), paths.len());
    }
}

/// Whether any HTML run of the document would itself read as a delimiter, which
/// happens only after recovery (unclosed or orphaned blocks) and makes the
/// markup impossible to reproduce.
fn html_holds_delimiters(text: &str) -> bool {
    let document = parse(text);
    document.walk().any(|(block, _)| {
        block
            .inner_content()
            .any(|content| matches!(content, Content::Html(html) if Tokenizer::new(html).next().is_some()))
    })
}

#[test]
fn serialized_markup_parses_back_to_the_same_blocks() {
    let Some(lines) = corpus(&["--seed", "7", "--count", "2000"]) else {
        return;
    };
    let mut checked = 0;
    for line in lines.lines() {
        let case: Case = serde_json::from_str(line).unwrap();
        let document = parse(&case.input);
        let markup = document.serialize();
        if !html_holds_delimiters(&case.input) {
            assert_eq!(
                parse(&markup).to_json().unwrap(),
                document.to_json().unwrap(),
                "input: {:?}\nmarkup: {markup:?}",
                case.input
            );
            let from_blocks =
                gutenberg_post_parser::serialize_blocks(&document.to_blocks().unwrap());
            let again = parse(&from_blocks);
            assert_eq!(
                again.serialize(),
                parse(&again.serialize()).serialize(),
                "markup: {from_blocks:?}"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 1000,
        "only {checked} documents were round-tripped"
    );
}
