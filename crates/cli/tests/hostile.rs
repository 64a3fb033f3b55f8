//! Documents whose JSON grows with the square of their size, bad files among
//! good ones, and output that must stream.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const OPENER: &str = "<!-- wp:group -->x";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the tool with `args` under a cap of `memory_mib` MiB of address space
/// (`ulimit -v`), with `input` on standard input.
fn run_capped(memory_mib: u64, args: &[&str], input: &str) -> Output {
    let script = format!("ulimit -v {} && exec \"$0\" \"$@\"", memory_mib * 1024);
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_gutenberg-post-parser"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let input = input.to_owned();
    let writer =
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, input.as_bytes()));
    let output = child.wait_with_output().expect("the tool ends");
    writer.join().expect("the writer ends").ok();
    output
}

/// The reference's JSON for `document`, or `None` when Node or the reference
/// is missing (a failure when `GPP_REQUIRE_REFERENCE` is set).
fn reference_json(document: &str) -> Option<String> {
    let reference = repo_root().join("fixtures/reference");
    let installed = reference
        .join("node_modules/@wordpress/block-serialization-default-parser")
        .is_dir();
    if !installed {
        assert!(
            std::env::var_os("GPP_REQUIRE_REFERENCE").is_none(),
            "the Node reference is required: run `just reference`"
        );
        eprintln!("the Node reference is not installed: skipping");
        return None;
    }
    let mut child = Command::new("node")
        .arg(reference.join("parse-stdin.js"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let input = document.to_owned();
    let writer =
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, input.as_bytes()));
    let output = child.wait_with_output().expect("node ends");
    writer
        .join()
        .expect("the writer ends")
        .expect("node reads stdin");
    assert!(output.status.success());
    Some(String::from_utf8(output.stdout).expect("UTF-8"))
}

#[test]
fn unclosed_openers_are_refused_within_a_small_memory_cap() {
    let output = run_capped(200, &["parse", "-"], &OPENER.repeat(20_000));
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("gutenberg-post-parser: <stdin>: the JSON would hold "),
        "{stderr}"
    );
    assert!(stderr.contains("--max-output 0"), "{stderr}");
}

#[test]
fn with_no_limit_the_json_streams_and_is_the_references() {
    let document = OPENER.repeat(2_000);
    let Some(expected) = reference_json(&document) else {
        return;
    };
    assert!(expected.len() > 70_000_000);
    // 72 MB of JSON through a process capped well below twice that: it is
    // written as it is made, never held whole.
    let output = run_capped(100, &["parse", "--max-output", "0", "-"], &document);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout == (expected + "\n").as_bytes());
}

#[test]
fn a_bad_file_among_good_ones_keeps_the_lines_aligned() {
    let good = repo_root().join("fixtures/cases/grammar-void-block.html");
    let good = good.to_str().unwrap();
    let expected = std::fs::read_to_string(good.replace(".html", ".json")).unwrap();
    let output = run_capped(
        200,
        &[
            "parse",
            "--max-output",
            "1",
            good,
            "/no/such/file.html",
            "-",
            good,
        ],
        &OPENER.repeat(300),
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(lines[0], expected);
    assert!(lines[1].starts_with("{\"error\":\"cannot read /no/such/file.html"));
    assert!(lines[1].ends_with(",\"file\":\"/no/such/file.html\"}"));
    assert!(lines[2].starts_with("{\"error\":\"<stdin>: the JSON would hold "));
    assert_eq!(lines[3], expected);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
}
