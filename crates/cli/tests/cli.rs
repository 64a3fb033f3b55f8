//! The command-line tool, run as a user runs it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gutenberg-post-parser"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Write from another thread: a large output would otherwise block the child.
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().ok();
    output
}

fn case(name: &str) -> PathBuf {
    repo_root().join("fixtures/cases").join(name)
}

/// The shape of `fixtures/cases/grammar-nested-deep-50.html`, at any depth.
fn nested_document(depth: usize) -> String {
    let openers: String = (1..=depth)
        .map(|i| format!("<!-- wp:level-{i} -->\n"))
        .collect();
    let closers: Vec<String> = (1..=depth)
        .rev()
        .map(|i| format!("<!-- /wp:level-{i} -->"))
        .collect();
    openers + "<p>bottom</p>\n" + &closers.join("\n")
}

/// The reference's JSON for [`nested_document`], built by the same rule that
/// `grammar-nested-deep-50.json` shows (checked against it below).
fn nested_json(depth: usize) -> String {
    let mut json = String::from("[");
    for i in 1..depth {
        json += &format!(r#"{{"blockName":"core/level-{i}","attrs":{{}},"innerBlocks":["#);
    }
    json += &format!(
        r#"{{"blockName":"core/level-{depth}","attrs":{{}},"innerBlocks":[],"innerHTML":"\n<p>bottom</p>\n","innerContent":["\n<p>bottom</p>\n"]}}"#
    );
    json += &r#"],"innerHTML":"\n\n","innerContent":["\n",null,"\n"]}"#.repeat(depth - 1);
    json + "]"
}

#[test]
fn parse_prints_the_reference_json_of_one_file() {
    let path = case("grammar-nested-deep-50.html");
    let output = run(&["parse", path.to_str().unwrap()], b"");
    assert!(output.status.success());
    let expected = std::fs::read_to_string(case("grammar-nested-deep-50.json")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected + "\n");
    assert_eq!(std::fs::read_to_string(path).unwrap(), nested_document(50));
}

#[test]
fn hundred_thousand_deep_nesting_works() {
    assert_eq!(
        nested_json(50),
        std::fs::read_to_string(case("grammar-nested-deep-50.json")).unwrap()
    );
    let depth = 100_000;
    let output = run(&["parse", "-"], nested_document(depth).as_bytes());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout == (nested_json(depth) + "\n").as_bytes());
    let stats = run(&["stats", "--json", "-"], nested_document(depth).as_bytes());
    assert!(String::from_utf8(stats.stdout)
        .unwrap()
        .contains("\"max_depth\":100000,"));
}

#[test]
fn several_files_give_json_lines_in_argument_order() {
    let names = [
        "grammar-void-block.html",
        "grammar-empty-file.html",
        "grammar-void-block.html",
    ];
    let paths: Vec<String> = names
        .iter()
        .map(|n| case(n).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["parse"];
    args.extend(paths.iter().map(String::as_str));
    let output = run(&args, b"");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    for (line, name) in lines.iter().zip(names) {
        let expected = std::fs::read_to_string(case(&name.replace(".html", ".json"))).unwrap();
        assert_eq!(*line, expected);
    }
}

#[test]
fn pretty_output_is_the_same_data_indented() {
    let output = run(&["parse", "--pretty", "-"], b"<!-- wp:a {\"k\":[1]} /-->");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "[\n  {\n    \"blockName\": \"core/a\",\n    \"attrs\": {\n      \"k\": [\n        1\n      ]\n    },\n    \"innerBlocks\": [],\n    \"innerHTML\": \"\",\n    \"innerContent\": []\n  }\n]\n"
    );
}

#[test]
fn stats_reports_counts() {
    let output = run(
        &["stats", "-"],
        b"<!-- wp:p --><!-- wp:img /--><!-- /wp:p --><!-- wp:p /-->",
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("blocks           3\n"), "{text}");
    assert!(text.contains("        2  core/p\n"), "{text}");
}

#[test]
fn bad_input_fails_cleanly() {
    let invalid = run(&["parse", "-"], b"<!-- wp:a -->\xff\xfe");
    assert_eq!(invalid.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(invalid.stderr).unwrap(),
        "gutenberg-post-parser: <stdin>: invalid UTF-8: 1 invalid byte(s) at byte offset 13\n"
    );
    let missing = run(&["parse", "/no/such/file.html"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8(missing.stderr)
        .unwrap()
        .starts_with("gutenberg-post-parser: cannot read /no/such/file.html:"));
    let usage = run(&["parse", "--nope", "x"], b"");
    assert_eq!(usage.status.code(), Some(2));
    assert!(usage.stdout.is_empty());
}
