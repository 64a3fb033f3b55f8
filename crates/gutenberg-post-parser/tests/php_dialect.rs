//! The PHP dialect against WordPress's own `WP_Block_Parser`: each document is
//! parsed from its bytes ([`php::Source`]), built through [`build::Builder`] into
//! the text PHP's `serialize()` prints for the parser's output, and compared
//! byte for byte with `fixtures/cases/*.php.ser` and with WordPress run by
//! `php` on the shared documents and thousands of generated ones. The
//! comparisons with a live PHP are skipped where `php` or WordPress is missing,
//! unless `GPP_REQUIRE_PHP=1` (`just test` fetches both).

mod common;

use std::convert::Infallible;
use std::fs;

use common::php::{wp_parse_all, Serializer};
use common::{corpus, repo_root, shared_dir, Rng};
use gutenberg_post_parser::build::{Builder, Html, Prepared, Scratch};
use gutenberg_post_parser::json::Str;
use gutenberg_post_parser::limits::{Limits, Sharing};
use gutenberg_post_parser::{parse, php, BlockName, NodeId};

/// What `serialize((new WP_Block_Parser())->parse($document))` prints, by our
/// parser.
fn serialized(document: &[u8]) -> Vec<u8> {
    let source = php::Source::new(document);
    let prepared = Prepared::new(source.parse(), &Limits::UNLIMITED, Sharing::TREE).unwrap();
    let mut serializer = Serializer {
        source: Some(&source),
        stack: Vec::new(),
    };
    let Ok(()) = prepared.build(&mut serializer, &mut Scratch::default());
    assert_eq!(serializer.stack.len(), 1);
    serializer.stack.pop().unwrap()
}

/// Fails listing the first differences between ours and WordPress's answers.
fn assert_all_equal(what: &str, documents: &[(String, Vec<u8>)], expected: &[Vec<u8>]) {
    let differences: Vec<String> = documents
        .iter()
        .zip(expected)
        .filter_map(|((name, document), want)| {
            let ours = serialized(document);
            (&ours != want).then(|| {
                format!(
                    "{name}: {:?}\n  ours: {:.600}\n  want: {:.600}",
                    String::from_utf8_lossy(&document[..document.len().min(300)]),
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(want)
                )
            })
        })
        .collect();
    assert!(
        differences.is_empty(),
        "{what}: {} of {} documents differ from WP_Block_Parser:\n{}",
        differences.len(),
        documents.len(),
        differences[..differences.len().min(5)].join("\n")
    );
}

#[test]
fn fixture_cases_match_their_php_ser() {
    let dir = repo_root().join("fixtures/cases");
    let mut documents = Vec::new();
    let mut expected = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.to_str().and_then(|p| p.strip_suffix(".php.ser")) else {
            continue;
        };
        documents.push((name.to_string(), fs::read(format!("{name}.html")).unwrap()));
        expected.push(fs::read(&path).unwrap());
    }
    assert!(documents.len() >= 175, "{} .php.ser cases", documents.len());
    assert_all_equal("fixtures/cases", &documents, &expected);
}

/// Every `*.html` under `dir`, with its name.
fn html_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| (path.display().to_string(), fs::read(&path).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn shared_documents_match_wp_block_parser() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared not found: skipping the shared documents");
        return;
    };
    let mut documents = Vec::new();
    for sub in ["documents", "wordpress-fixtures", "real-documents"] {
        documents.extend(html_files(&shared.join(sub)));
    }
    assert!(
        documents.len() > 1000,
        "{} shared documents",
        documents.len()
    );
    let bytes: Vec<Vec<u8>> = documents.iter().map(|(_, d)| d.clone()).collect();
    let Some(expected) = wp_parse_all(&bytes) else {
        return;
    };
    assert_all_equal("../shared", &documents, &expected);
}

/// Puts what the two dialects treat differently into a generated document:
/// Unicode and control whitespace inside delimiters, `"0"` runs between
/// delimiters, invalid UTF-8, NUL, and numbers and numeric keys in attributes.
fn mutate(document: &str, rng: &mut Rng) -> Vec<u8> {
    const SPACES: &[&[u8]] = &[
        b"\xc2\xa0",
        b"\xe2\x80\xa8",
        b"\xef\xbb\xbf",
        b"\t",
        b"\x0b",
        b"\x0c",
        b"\n",
    ];
    const BYTES: &[&[u8]] = &[b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xc0\xaf"];
    const ATTRS: &[&[u8]] = &[
        br#"{"n":1,"f":1.0,"z":-0,"e":1e2,"big":9223372036854775808} "#,
        br#"{"1":"a","0":"b","01":"c","-1":[1,{}]} "#,
        br#"{"a":{"b":[]},"a":2} "#,
        b"{\"s\":\"\xff\"} ",
        br#"{"s":"\ud800"} "#,
    ];
    let bytes = document.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let roll = rng.below(100);
        if rest.starts_with(b"--><!--") && roll < 30 {
            out.extend_from_slice(b"-->0<!--");
            at += 7;
        } else if rest.starts_with(b"-->") && roll < 10 {
            out.extend_from_slice(b"-->0");
            at += 3;
        } else if rest.first() == Some(&b' ') && roll < 8 {
            out.extend_from_slice(SPACES[rng.below(SPACES.len())]);
            at += 1;
        } else if rest.starts_with(b"<!-- wp:") && roll < 5 {
            // An opener with attributes of PHP's own types.
            let name_end = rest[8..]
                .iter()
                .position(|&b| !(b.is_ascii_lowercase() || b == b'/' || b == b'-'))
                .map_or(rest.len(), |p| p + 8);
            out.extend_from_slice(&rest[..name_end]);
            out.push(b' ');
            out.extend_from_slice(ATTRS[rng.below(ATTRS.len())]);
            at += name_end;
            if bytes.get(at) == Some(&b' ') {
                at += 1;
            }
        } else if roll < 1 && rng.below(4) == 0 {
            out.extend_from_slice(BYTES[rng.below(BYTES.len())]);
            let len = rest
                .iter()
                .take(4)
                .take_while(|&&b| b >= 0x80)
                .count()
                .max(1);
            let len = std::str::from_utf8(&rest[..len.min(rest.len())]).map_or(1, |_| len);
            out.extend_from_slice(&rest[..len]);
            at += len;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    out
}

#[test]
fn generated_documents_match_wp_block_parser() {
    let count = std::env::var("GPP_CORPUS_COUNT").unwrap_or_else(|_| "3000".into());
    let Some(lines) = corpus(&["--seed", "20261202", "--count", &count]) else {
        return;
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut documents = Vec::new();
    for (at, line) in lines.lines().enumerate() {
        // Our decoder: the corpus writes lone surrogates, which serde refuses.
        let case = gutenberg_post_parser::json::parse(line).expect("a corpus line");
        let input = case
            .as_object()
            .and_then(|c| c.get("input"))
            .expect("an input");
        // A lone surrogate has no bytes in a PHP string.
        let Some(input) = input.as_str() else {
            continue;
        };
        documents.push((format!("document {at}"), input.as_bytes().to_vec()));
        documents.push((format!("document {at}, mutated"), mutate(input, &mut rng)));
    }
    let bytes: Vec<Vec<u8>> = documents.iter().map(|(_, d)| d.clone()).collect();
    let Some(expected) = wp_parse_all(&bytes) else {
        return;
    };
    assert_all_equal("generated", &documents, &expected);
}

/// `$offset` after `parse()`, as `fixtures/reference/php/DIALECT.md` measured it.
#[test]
fn consumed_end_is_wordpress_offset() {
    for (document, offset) in [
        ("", 0),
        ("plain", 0),
        ("x<!-- wp:a /-->y", 15),
        ("x<!-- wp:a -->y<!-- /wp:a -->z", 29),
        (
            "<!-- wp:a -->0<!-- wp:b -->y<!-- /wp:b --><!-- /wp:a -->",
            56,
        ),
        ("<!-- wp:a /-->x<!-- /wp:b -->rest", 14),
        ("<!-- wp:a -->x<!-- wp:b -->y", 27),
        ("<!-- wp:a -->x<!-- wp:b -->y<!-- /wp:b -->z", 42),
    ] {
        let source = php::Source::new(document.as_bytes());
        assert_eq!(source.parse().consumed_end(), offset, "{document:?}");
    }
}

/// The attribute text `WP_Block_Parser` decodes last: the last delimiter read
/// with attributes, closers included, none after an orphaned closer (the
/// extension's test compares the `json_last_error()` it leaves with WordPress).
#[test]
fn last_attrs_is_the_last_read_with_attributes() {
    for (document, last) in [
        ("<!-- wp:a --><!-- /wp:a -->", None),
        ("<!-- wp:a {\"x\":1} /--><!-- wp:b /-->", Some("{\"x\":1} ")),
        (
            "<!-- wp:a {\"p\":1} --><!-- wp:b {\"q\":2} /--><!-- /wp:a -->",
            Some("{\"q\":2} "),
        ),
        ("<!-- wp:a --><!-- /wp:a {\"c\":} -->", Some("{\"c\":} ")),
        (
            "<!-- /wp:a {\"c\":2}\t--><!-- wp:b {\"d\":1} /-->",
            Some("{\"c\":2}\t"),
        ),
    ] {
        let source = php::Source::new(document.as_bytes());
        assert_eq!(source.parse().last_attrs(), last, "{document:?}");
        assert_eq!(parse(document).last_attrs(), last, "{document:?}");
    }
}

/// Nesting as deep as a document likes parses, builds and drops.
#[test]
fn deep_nesting_builds() {
    let depth = 100_000;
    let document = format!(
        "{}x{}",
        "<!-- wp:group -->".repeat(depth),
        "<!-- /wp:group -->".repeat(depth)
    );
    let source = php::Source::new(document.as_bytes());
    let prepared = Prepared::new(source.parse(), &Limits::UNLIMITED, Sharing::TREE).unwrap();
    struct Count(usize);
    impl<'a> Builder<'a> for Count {
        type Error = Infallible;
        fn null(&mut self) -> Result<(), Infallible> {
            Ok(())
        }
        fn bool(&mut self, _: bool) -> Result<(), Infallible> {
            Ok(())
        }
        fn number(&mut self, _: f64) -> Result<(), Infallible> {
            Ok(())
        }
        fn string(&mut self, _: &Str<'a>) -> Result<(), Infallible> {
            Ok(())
        }
        fn array(&mut self, _: usize) -> Result<(), Infallible> {
            Ok(())
        }
        fn object(&mut self, _: usize) -> Result<(), Infallible> {
            Ok(())
        }
        fn name(&mut self, _: Option<BlockName<'a>>, _: usize) -> Result<(), Infallible> {
            Ok(())
        }
        fn html(&mut self, _: Html<'a>) -> Result<(), Infallible> {
            Ok(())
        }
        fn joined_html(&mut self, _: &[&'a str], _: usize) -> Result<(), Infallible> {
            Ok(())
        }
        fn dup(&mut self, _: usize) -> Result<(), Infallible> {
            Ok(())
        }
        fn block(&mut self, _: NodeId) -> Result<(), Infallible> {
            self.0 += 1;
            Ok(())
        }
        fn leaf(&mut self, _: NodeId, _: Html<'a>) -> Result<(), Infallible> {
            self.0 += 1;
            Ok(())
        }
    }
    let mut count = Count(0);
    let Ok(()) = prepared.build(&mut count, &mut Scratch::default());
    assert_eq!(count.0, depth);
}
