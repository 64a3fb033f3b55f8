//! Documents to query and edit, and the reference's parse of any batch of
//! texts, for the query and edit tests.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;

use super::common::{reference_available, reference_required, repo_root, shared_dir};

/// The reference's `parse` of each text, as data, in order (`None` for the
/// few whose attributes hold lone surrogates, which serde_json refuses);
/// `None` when Node or the reference is missing (an error when
/// `GPP_REQUIRE_REFERENCE` is set).
pub fn reference_parse(texts: &[String]) -> Option<Vec<Option<Json>>> {
    if !reference_available() {
        assert!(
            !reference_required(),
            "the Node reference is required: run `npm ci --prefix fixtures/reference`"
        );
        eprintln!("node or fixtures/reference/node_modules missing: skipping");
        return None;
    }
    let list = std::env::temp_dir().join(format!(
        "gpp-batch-{}-{:?}.json",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&list, serde_json::to_string(texts).unwrap()).unwrap();
    let output = Command::new("node")
        .arg(repo_root().join("fixtures/reference/corpus.js"))
        .arg("--docs")
        .arg(&list)
        .output()
        .expect("node runs");
    std::fs::remove_file(&list).ok();
    assert!(
        output.status.success(),
        "corpus.js failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = String::from_utf8(output.stdout).unwrap();
    let parsed: Vec<Option<Json>> = lines
        .lines()
        .map(|line| {
            let mut case: Json = serde_json::from_str(line).ok()?;
            Some(case["expected"].take())
        })
        .collect();
    assert_eq!(parsed.len(), texts.len());
    Some(parsed)
}

fn read_dir_sorted(dir: &Path, ext: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The fixture cases, `../shared/documents` and `../shared/real-documents`.
pub fn documents() -> Vec<String> {
    let mut texts = read_dir_sorted(&repo_root().join("fixtures/cases"), "html");
    if let Some(shared) = shared_dir() {
        texts.extend(read_dir_sorted(&shared.join("documents"), "html"));
        texts.extend(read_dir_sorted(&shared.join("real-documents"), "html"));
    } else {
        eprintln!("../shared not found: fixture cases only");
    }
    texts
}

/// Generated documents from the reference's corpus generator (inputs only).
pub fn generated(seed: u32, count: usize) -> Option<Vec<String>> {
    if !reference_available() {
        return None;
    }
    let output = Command::new("node")
        .arg(repo_root().join("fixtures/reference/corpus.js"))
        .args(["--seed", &seed.to_string(), "--count", &count.to_string()])
        .output()
        .expect("node runs");
    assert!(output.status.success());
    let lines = String::from_utf8(output.stdout).unwrap();
    Some(
        lines
            .lines()
            .map(|line| {
                let case: serde_json::Map<String, Json> = serde_json::from_str(line)
                    .unwrap_or_else(|_| serde_json::from_str(&input_only(line)).unwrap());
                case["input"].as_str().unwrap().to_owned()
            })
            .collect(),
    )
}

/// The blocks of a reference parse, depth-first, with their depth.
pub fn flatten(blocks: &Json) -> Vec<(&Json, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Json, usize)> = blocks
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|b| (b, 0))
        .collect();
    while let Some((block, depth)) = stack.pop() {
        out.push((block, depth));
        let inner = block["innerBlocks"].as_array().unwrap();
        stack.extend(inner.iter().rev().map(|b| (b, depth + 1)));
    }
    out
}

/// A corpus line without its `expected` part (which may hold lone surrogates).
fn input_only(line: &str) -> String {
    let end = line.find(",\"expected\":").expect("a corpus line");
    format!("{}}}", &line[..end])
}
