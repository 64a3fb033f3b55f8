//! `query` and `rewrite`, run as a user runs them, checked against the
//! reference's output (the fixture JSON, and the Node reference for edited
//! files when it is installed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gutenberg-post-parser"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn cases() -> Vec<PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(repo_root().join("fixtures/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    paths
}

/// Named blocks of a reference parse, depth-first.
fn named_blocks(tree: &Json) -> Vec<&Json> {
    let mut out = Vec::new();
    let mut stack: Vec<&Json> = tree.as_array().unwrap().iter().rev().collect();
    while let Some(block) = stack.pop() {
        if !block["blockName"].is_null() {
            out.push(block);
        }
        stack.extend(block["innerBlocks"].as_array().unwrap().iter().rev());
    }
    out
}

fn fixture(path: &Path) -> Json {
    let json = std::fs::read_to_string(path.with_extension("json")).unwrap();
    serde_json::from_str(&json).unwrap()
}

#[test]
fn query_lists_what_the_reference_parse_holds() {
    let paths = cases();
    let mut args = vec!["query", "*"];
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let text = stdout(&run(&args));
    let mut lines = text.lines().peekable();
    let mut compared = 0;
    for (path, name) in paths.iter().zip(&names) {
        let json = std::fs::read_to_string(path.with_extension("json")).unwrap();
        let Ok(tree) = serde_json::from_str::<Json>(&json) else {
            // Lone surrogates, which serde_json cannot read: skip the file's lines.
            let prefix = format!("{{\"file\":{}", Json::String(name.clone()));
            while lines.peek().is_some_and(|l| l.starts_with(&prefix)) {
                lines.next();
            }
            continue;
        };
        let source = std::fs::read_to_string(path).unwrap();
        for block in named_blocks(&tree) {
            let line: Json = serde_json::from_str(lines.next().expect("a line per block")).unwrap();
            assert_eq!(line["file"], name.as_str());
            assert_eq!(line["name"], block["blockName"], "{name}");
            if !line["attrs"].to_string().contains("null") {
                assert_eq!(line["attrs"], block["attrs"], "{name}");
            }
            let span = line["span"].as_array().unwrap();
            let (start, end) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            assert!(source[start..end].starts_with("<!--"), "{name}");
            compared += 1;
        }
    }
    assert!(lines.next().is_none());
    assert!(compared > 250, "{compared}");
}

#[test]
fn query_filters_and_counts() {
    let post = repo_root().join("fixtures/cases/grammar-real-post.html");
    let post = post.to_str().unwrap();
    let images = stdout(&run(&["query", "--attr", "id=42", "core/image", post]));
    assert_eq!(images.lines().count(), 1);
    assert!(
        images.contains("\"attrs\":{\"id\":42,\"sizeSlug\":\"large\""),
        "{images}"
    );
    assert!(stdout(&run(&["query", "--attr", "id=43", "image", post])).is_empty());
    let count = stdout(&run(&[
        "query", "--count", "--attr", "level", "core/*", post,
    ]));
    assert_eq!(count, format!("{{\"file\":\"{post}\",\"count\":1}}\n"));
}

/// A copy of some fixture cases in a fresh folder.
fn scratch(name: &str, cases: &[&str]) -> (PathBuf, Vec<PathBuf>) {
    let dir = std::env::temp_dir().join(format!("gpp-cli-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let copies = cases
        .iter()
        .map(|case| {
            let to = dir.join(case);
            std::fs::copy(repo_root().join("fixtures/cases").join(case), &to).unwrap();
            to
        })
        .collect();
    (dir, copies)
}

/// The reference's parse of `text`, when the Node reference is installed.
fn reference_parse(text: &str) -> Option<Json> {
    let installed = repo_root()
        .join("fixtures/reference/node_modules/@wordpress/block-serialization-default-parser")
        .is_dir();
    if !installed {
        assert!(
            std::env::var_os("GPP_REQUIRE_REFERENCE").is_none(),
            "the Node reference is required: npm ci --prefix fixtures/reference"
        );
        return None;
    }
    let mut child = Command::new("node")
        .arg(repo_root().join("fixtures/reference/parse-stdin.js"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

/// `text` without its delimiters that start with `prefix`.
fn without_openers(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("-->").unwrap() + at + 3;
        rest = &rest[end..];
    }
    out + rest
}

#[test]
fn rewrite_in_place_changes_only_the_openers_and_parses_as_intended() {
    let (dir, files) = scratch(
        "in-place",
        &["grammar-real-post.html", "grammar-void-block.html"],
    );
    let before: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let paths: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let mut args = vec![
        "rewrite",
        "image",
        "--replace",
        "https://example.com",
        "https://example.org",
        "--set",
        "alt=a <b> -- \"c\"",
        "--unset",
        "linkDestination",
        "--in-place",
    ];
    args.extend(&paths);
    let output = run(&args);
    let printed = stdout(&output);
    assert_eq!(printed, format!("{}: 1 blocks changed\n", paths[0]));
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 blocks changed in 1 of 2 files"));
    let after: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert_eq!(
        after[1], before[1],
        "a file with nothing to change is untouched"
    );
    assert_eq!(
        without_openers(&after[0], "<!-- wp:image "),
        without_openers(&before[0], "<!-- wp:image "),
        "only the image opener changed"
    );
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 2, "no temporary file left behind");

    if let Some(got) = reference_parse(&after[0]) {
        let mut want = fixture(&repo_root().join("fixtures/cases/grammar-real-post.html"));
        let image = want
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|b| b["blockName"] == "core/image")
            .unwrap();
        image["attrs"] =
            serde_json::json!({"id": 42, "sizeSlug": "large", "alt": "a <b> -- \"c\""});
        assert_eq!(got, want);
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn rewrite_of_one_file_prints_it_and_of_many_is_a_dry_run_diff() {
    let (dir, files) = scratch("dry", &["grammar-real-post.html", "attrs-arrays.html"]);
    let before: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let one = stdout(&run(&[
        "rewrite",
        "heading",
        "--set",
        "level=3",
        files[0].to_str().unwrap(),
    ]));
    assert_eq!(
        one,
        before[0].replacen(
            "<!-- wp:heading {\"level\":2} -->",
            "<!-- wp:heading {\"level\":3} -->",
            1
        )
    );
    let many = stdout(&run(&[
        "rewrite",
        "heading",
        "--set",
        "level=3",
        files[0].to_str().unwrap(),
        files[1].to_str().unwrap(),
    ]));
    let path = files[0].display();
    assert_eq!(
        many,
        format!(
            "--- {path}\n+++ {path}\n@@ bytes 0..31 core/heading @@\n\
             -<!-- wp:heading {{\"level\":2}} -->\n+<!-- wp:heading {{\"level\":3}} -->\n"
        )
    );
    for (file, text) in files.iter().zip(&before) {
        assert_eq!(
            &std::fs::read_to_string(file).unwrap(),
            text,
            "a dry run writes nothing"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_command_lines_and_files_fail_cleanly() {
    assert_eq!(run(&["query"]).status.code(), Some(2));
    assert_eq!(run(&["query", "image"]).status.code(), Some(2));
    assert_eq!(
        run(&["query", "--nope", "image", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["rewrite", "image", "x.html"]).status.code(), Some(2));
    assert_eq!(
        run(&["rewrite", "image", "--set", "a=1", "--in-place", "-"])
            .status
            .code(),
        Some(2)
    );
    let missing = run(&["query", "image", "/no/such/file.html"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /no/such/file.html"));
    let help = run(&["query", "--help"]);
    assert!(stdout(&help).contains("gutenberg-post-parser query"));
}
