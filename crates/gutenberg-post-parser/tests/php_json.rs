//! `json::parse_php` against real PHP: thousands of generated JSON texts and the
//! edge cases of `fixtures/reference/php/DIALECT.md`, each decoded by one `php`
//! process with `json_decode($text, true)` and compared as PHP's `serialize()`
//! prints the result. Skipped when `php` is missing, unless `GPP_REQUIRE_PHP=1`.

use std::process::Command;

mod common;

use common::php::{framed, php_float, Serializer};
use common::Rng;

use gutenberg_post_parser::build::build_php_attrs;
use gutenberg_post_parser::json::{parse_php, PhpEvents, PhpKey, PhpValue};

/// Reads texts framed as "length\ntext\n" and answers each the same way with
/// `serialize()` of the decoded value, or `-` when json_decode reported an error.
const PHP_DECODER: &str = r#"
while (($header = fgets(STDIN)) !== false) {
    $length = (int) $header;
    $text = $length > 0 ? stream_get_contents(STDIN, $length) : '';
    fgetc(STDIN);
    $value = json_decode($text, true);
    $answer = json_last_error() === JSON_ERROR_NONE ? serialize($value) : '-';
    echo strlen($answer), "\n", $answer, "\n";
}
"#;

/// How many generated texts to compare, besides the fixed edge cases.
const GENERATED: usize = 20_000;

fn php_available() -> bool {
    Command::new("php")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// PHP's answers for `texts`, in order; `None` when PHP cannot run here.
fn php_answers(texts: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if !php_available() {
        assert!(
            std::env::var("GPP_REQUIRE_PHP").as_deref() != Ok("1"),
            "GPP_REQUIRE_PHP=1 but `php` does not run (apt-get install php-cli)"
        );
        eprintln!("php not found on PATH: skipping the json_decode comparison");
        return None;
    }
    Some(framed(
        &["-d", "serialize_precision=-1", "-r", PHP_DECODER],
        texts,
    ))
}

/// What PHP's `serialize()` prints for a decoded value, `-` for `None`.
fn serialize(value: Option<&PhpValue<'_>>) -> Vec<u8> {
    let Some(value) = value else {
        return b"-".to_vec();
    };
    enum Rest<'v, 'a> {
        Items(std::iter::Enumerate<std::slice::Iter<'v, PhpValue<'a>>>),
        Entries(std::slice::Iter<'v, (PhpKey<'a>, PhpValue<'a>)>),
    }
    let mut out = Vec::new();
    let mut stack: Vec<Rest<'_, '_>> = Vec::new();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            match value {
                PhpValue::Null => out.extend_from_slice(b"N;"),
                PhpValue::Bool(b) => out.extend_from_slice(if *b { b"b:1;" } else { b"b:0;" }),
                PhpValue::Int(i) => out.extend_from_slice(format!("i:{i};").as_bytes()),
                PhpValue::Float(f) => {
                    out.extend_from_slice(format!("d:{};", php_float(*f)).as_bytes())
                }
                PhpValue::String(s) => serialize_string(&mut out, &s.to_str_lossy()),
                PhpValue::List(items) => {
                    out.extend_from_slice(format!("a:{}:{{", items.len()).as_bytes());
                    stack.push(Rest::Items(items.iter().enumerate()));
                }
                PhpValue::Map(entries) => {
                    out.extend_from_slice(format!("a:{}:{{", entries.len()).as_bytes());
                    stack.push(Rest::Entries(entries.iter()));
                }
            }
        }
        let Some(rest) = stack.last_mut() else {
            return out;
        };
        let entry = match rest {
            Rest::Items(items) => items.next().map(|(i, v)| (PhpKey::Int(i as i64), v)),
            Rest::Entries(entries) => entries.next().map(|(k, v)| (k.clone(), v)),
        };
        match entry {
            Some((PhpKey::Int(i), item)) => {
                out.extend_from_slice(format!("i:{i};").as_bytes());
                next = Some(item);
            }
            Some((PhpKey::String(key), item)) => {
                serialize_string(&mut out, &key.to_str_lossy());
                next = Some(item);
            }
            None => {
                out.push(b'}');
                stack.pop();
            }
        }
    }
}

fn serialize_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(format!("s:{}:\"", s.len()).as_bytes());
    out.extend_from_slice(s.as_bytes());
    out.extend_from_slice(b"\";");
}

/// The edge cases of DIALECT.md, and a few more around them.
fn edge_cases() -> Vec<Vec<u8>> {
    let mut texts: Vec<Vec<u8>> = [
        &br#"{"a":1}"#[..],
        br#"{"a":1.0}"#,
        br#"{"a":-0}"#,
        br#"{"a":-0.0}"#,
        br#"{"a":0e0}"#,
        br#"{"a":-0e0}"#,
        br#"{"a":1E2}"#,
        br#"{"a":1e+2}"#,
        br#"{"a":1e400}"#,
        br#"{"a":-1e400}"#,
        br#"{"a":1e0400}"#,
        br#"{"a":0.1e-400}"#,
        br#"{"a":-1e-400}"#,
        br#"{"a":5e-324}"#,
        br#"{"a":2.4703282292062327e-324}"#,
        br#"{"a":2.4703282292062328e-324}"#,
        br#"{"a":1.7976931348623157e308}"#,
        br#"{"a":1.7976931348623158e308}"#,
        br#"{"a":1.7976931348623159e308}"#,
        br#"{"a":9223372036854775807}"#,
        br#"{"a":9223372036854775808}"#,
        br#"{"a":-9223372036854775808}"#,
        br#"{"a":-9223372036854775809}"#,
        br#"{"a":18446744073709551615}"#,
        br#"{"a":18446744073709551616}"#,
        br#"{"a":-18446744073709551616}"#,
        br#"{"a":123456789012345678901234567890}"#,
        br#"{"a":[1e15,1e16,1e17,1.5e16,0.0001,0.00001,0.00012,1e-5,1e21,1e22,123456789.125]}"#,
        br#"{"a":01}"#,
        br#"{"a":1.}"#,
        br#"{"a":.5}"#,
        br#"{"a":+1}"#,
        br#"{"a":-}"#,
        br#"{"a":1e}"#,
        br#"{"a":1e+}"#,
        br#"{"a":-01}"#,
        br#"{"a":TRUE}"#,
        br#"{"a":True}"#,
        br#"{"a":NaN}"#,
        br#"{"a":Infinity}"#,
        br#"{"a":nul}"#,
        br#"{"a":true,"b":false,"c":null}"#,
        br#"{"1":"a","01":"b","-1":"c","-0":"d"," 1":"e","1 ":"f","+1":"g","1.0":"h","1e2":"i","":"j","0":"k"}"#,
        br#"{"9223372036854775807":1,"9223372036854775808":2,"-9223372036854775808":3,"-9223372036854775809":4}"#,
        br#"{"b":1,"a":2,"b":3}"#,
        br#"{"2":1,"1":2,"2":3}"#,
        br#"{"1":1,"01":2,"1":3}"#,
        br#"{"a":{"x":1},"a":2}"#,
        br#"{"a":1,"a":{"x":1}}"#,
        br#"{"0":"x","1":"y"}"#,
        br#"{"\u0000":1}"#,
        br#"{"\u0000a":1,"a\u0000":2}"#,
        br#"{"a":"\u0000"}"#,
        br#"{"a":"\ud800"}"#,
        br#"{"a":"\udc00"}"#,
        br#"{"a":"\ud800\u0041"}"#,
        br#"{"a":"\ud800\ud800"}"#,
        br#"{"a":"\ud800\\"}"#,
        br#"{"a":"\ud83d\ude00"}"#,
        br#"{"a":"\uD83D\uDE00"}"#,
        br#"{"a":"\udbff\udfff"}"#,
        br#"{"\ud800":1}"#,
        br#"{"a":"\/\"\\\b\f\n\r\t"}"#,
        br#"{"a":"\'"}"#,
        br#"{"a":"\x41"}"#,
        br#"{"a":"\U0041"}"#,
        br#"{"a":"\u00e9\u00E9"}"#,
        br#"{"a":"\u12"}"#,
        b"{\"a\":\"\xff\"}",
        b"{\"a\":\"\xc0\xaf\"}",
        b"{\"a\":\"\xed\xa0\x80\"}",
        b"{\"a\":\"\xf4\x90\x80\x80\"}",
        b"{\"\xff\":1}",
        b"{\"a\":\"\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\"}",
        b"{\"a\":\"\x7f\"}",
        b"{\"a\":\"\t\"}",
        b"{\"a\":\"\x00\"}",
        b"{\"a\":\"\x1f\"}",
        br#"{}"#,
        br#"{ }"#,
        br#"{"a":{}}"#,
        br#"{"a":[]}"#,
        br#"{"a":[{}]}"#,
        br#"{"a":{"b":[]}}"#,
        br#"{"a":1,}"#,
        br#"{'a':1}"#,
        br#"{a:1}"#,
        b"{\"a\" : 1 }  \t\n\r",
        b"{\"a\":1}\x0b",
        b"{\"a\":1}\x0c",
        b"{\"a\":1}\x00",
        b"{\"a\":1}\xc2\xa0",
        b"\xef\xbb\xbf{}",
        br#"{"a":1} x"#,
        br#"{"a":1}{}"#,
        br#"{"a"}"#,
        br#"{"a":}"#,
        br#"{,}"#,
        br#"[1,]"#,
        br#"[,1]"#,
        br#"["#,
        br#"{"#,
        b"",
        b" ",
        br#"null"#,
        br#""str""#,
        br#"-12"#,
        br#"{"a":"x","b":[1,2,{"c":null}]}"#,
    ]
    .iter()
    .map(|t| t.to_vec())
    .collect();
    // Long strings, whose end is searched differently from short ones.
    let long = "<p>Some <b>bold</b> text &amp; more.</p>".repeat(50);
    for tail in ["", "\\n\\u00e9", "\t", "\u{1}", "\\ud800"] {
        texts.push(format!("{{\"a\":\"{long}{tail}{long}\"}}").into_bytes());
        texts.push(format!("{{\"a\":\"{long}{tail}").into_bytes());
    }
    for levels in [509, 510, 511, 512, 513, 100_000] {
        let arrays = levels - 1;
        texts.push(format!("{{\"a\":{}{}}}", "[".repeat(arrays), "]".repeat(arrays)).into_bytes());
        texts.push(format!("{}1{}", "{\"a\":".repeat(levels), "}".repeat(levels)).into_bytes());
        texts.push(
            format!(
                "{}{{}}{}",
                "{\"a\":".repeat(levels - 1),
                "}".repeat(levels - 1)
            )
            .into_bytes(),
        );
    }
    texts
}

/// Number texts chosen for PHP's integer, float and printing boundaries.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1",
    "-1",
    "1.0",
    "1e0",
    "1E2",
    "1e-2",
    "0.1",
    "0.5",
    "1.5",
    "100",
    "1e15",
    "1e16",
    "1e17",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "1e308",
    "1e309",
    "-1e309",
    "5e-324",
    "1e-400",
    "-1e-400",
    "0.0001",
    "0.00001",
    "123456789012345678",
    "1.7976931348623157e308",
    "2.2250738585072014e-308",
];

/// Keys from a small pool, so that duplicates and numeric keys are common.
const KEYS: &[&str] = &[
    "a",
    "b",
    "className",
    "0",
    "1",
    "2",
    "10",
    "-1",
    "01",
    "-0",
    " 1",
    "1 ",
    "+1",
    "1.0",
    "",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "\\u0031",
    "\\u0000",
    "caf\u{e9}",
    "\\ud83d\\ude00",
];

/// Pieces of string content: plain, escaped, multi-byte, and a few invalid ones.
const PIECES: &[&[u8]] = &[
    b"x",
    b"hello world",
    b"a } b",
    b"-->",
    b" /-->",
    b"{}",
    b"\\n",
    b"\\\"",
    b"\\\\",
    b"\\/",
    b"\\b\\f\\r\\t",
    b"\\u00e9",
    b"\\u00E9",
    b"\\u0000",
    b"\\u001f",
    b"\\u2028",
    b"\\ud83d\\ude00",
    b"\\uDBFF\\uDFFF",
    b"\xc3\xa9",
    b"\xe6\x97\xa5\xe6\x9c\xac",
    b"\xf0\x9f\x98\x80",
    b"\xe2\x80\xa8",
    b"\xef\xbb\xbf",
    b"\x7f",
    b"<p>Some <b>bold</b></p>",
];

/// Rare pieces that make PHP return null (or JSON.parse throw).
const BAD_PIECES: &[&[u8]] = &[
    b"\\ud800",
    b"\\udc00",
    b"\\ud800x",
    b"\\ud800\\ud800",
    b"\\x41",
    b"\\'",
    b"\\u12",
    b"\xff",
    b"\x80",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe6\x97",
    b"\t",
    b"\x00",
    b"\x01",
];

fn whitespace(rng: &mut Rng, out: &mut Vec<u8>) {
    for _ in 0..rng.below(3) {
        let rare = rng.below(500) == 0;
        out.push(*rng.pick(if rare { b"\x0b\x0c" } else { b" \t\n\r" }));
    }
}

fn number(rng: &mut Rng, out: &mut Vec<u8>) {
    if rng.percent(30) {
        out.extend_from_slice(rng.pick(NUMBERS).as_bytes());
        return;
    }
    if rng.percent(40) {
        out.push(b'-');
    }
    let long = rng.percent(20);
    let digits = 1 + rng.below(if long { 25 } else { 6 });
    out.push(b'1' + rng.below(9) as u8);
    for _ in 1..digits {
        out.push(b'0' + rng.below(10) as u8);
    }
    if rng.percent(35) {
        out.push(b'.');
        for _ in 0..1 + rng.below(18) {
            out.push(b'0' + rng.below(10) as u8);
        }
    }
    if rng.percent(25) {
        out.push(*rng.pick(b"eE"));
        if rng.percent(60) {
            out.push(*rng.pick(b"+-"));
        }
        let large = rng.percent(20);
        let exponent = rng.below(if large { 450 } else { 30 });
        out.extend_from_slice(exponent.to_string().as_bytes());
    }
}

fn string(rng: &mut Rng, out: &mut Vec<u8>) {
    out.push(b'"');
    for _ in 0..rng.below(6) {
        if rng.below(200) == 0 {
            out.extend_from_slice(rng.pick::<&[u8]>(BAD_PIECES));
        } else if rng.percent(15) {
            // Any BMP code point that is not a surrogate, as an escape.
            let code = loop {
                let c = rng.below(0x10000);
                if !(0xd800..0xe000).contains(&c) {
                    break c;
                }
            };
            out.extend_from_slice(format!("\\u{code:04x}").as_bytes());
        } else {
            out.extend_from_slice(rng.pick::<&[u8]>(PIECES));
        }
    }
    out.push(b'"');
}

/// A random value, at most `depth` containers deep.
fn value(rng: &mut Rng, out: &mut Vec<u8>, depth: usize) {
    let kinds = if depth == 0 { 6 } else { 9 };
    match rng.below(kinds) {
        0 => out.extend_from_slice(rng.pick::<&[u8]>(&[b"null", b"true", b"false"])),
        1 | 2 => number(rng, out),
        3..=5 => string(rng, out),
        6 => {
            out.push(b'[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(b',');
                }
                whitespace(rng, out);
                value(rng, out, depth - 1);
                whitespace(rng, out);
            }
            out.push(b']');
        }
        _ => object(rng, out, depth - 1),
    }
}

fn object(rng: &mut Rng, out: &mut Vec<u8>, depth: usize) {
    out.push(b'{');
    for i in 0..rng.below(7) {
        if i > 0 {
            out.push(b',');
        }
        whitespace(rng, out);
        if rng.percent(85) {
            out.push(b'"');
            out.extend_from_slice(rng.pick(KEYS).as_bytes());
            out.push(b'"');
        } else {
            string(rng, out);
        }
        whitespace(rng, out);
        out.push(b':');
        whitespace(rng, out);
        value(rng, out, depth);
        whitespace(rng, out);
    }
    out.push(b'}');
}

/// A text shaped like block attributes (an object, maybe trailing whitespace),
/// sometimes another value, sometimes damaged by one edit.
fn generated(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.percent(90) {
        object(rng, &mut out, 4);
    } else {
        value(rng, &mut out, 4);
    }
    whitespace(rng, &mut out);
    if rng.percent(10) && !out.is_empty() {
        let at = rng.below(out.len());
        match rng.below(3) {
            0 => {
                out.remove(at);
            }
            1 => out.insert(at, *rng.pick(b"{}[],:\"\\0-.eE ")),
            _ => out.truncate(at),
        }
    }
    out
}

#[test]
fn php_float_printing_matches_the_documented_forms() {
    for (value, printed) in [
        (0.1, "0.1"),
        (1e25, "1.0E+25"),
        (f64::INFINITY, "INF"),
        (f64::NEG_INFINITY, "-INF"),
        (-0.0, "-0"),
        (100.0, "100"),
        (1e16, "10000000000000000"),
        (1e17, "1.0E+17"),
        (0.0001, "0.0001"),
        (0.00001, "1.0E-5"),
        (5e-324, "5.0E-324"),
        (-1.5e-7, "-1.5E-7"),
    ] {
        assert_eq!(php_float(value), printed);
    }
}

#[test]
fn parse_php_decodes_as_json_decode_does() {
    let mut texts = edge_cases();
    let fixed = texts.len();
    let mut rng = Rng(0x5eed_2026_1201_0001);
    texts.extend((0..GENERATED).map(|_| generated(&mut rng)));
    let Some(answers) = php_answers(&texts) else {
        return;
    };
    let mut differences = Vec::new();
    let mut decoded = 0;
    for (at, (text, want)) in texts.iter().zip(&answers).enumerate() {
        let value = parse_php(text);
        decoded += usize::from(value.is_some());
        let ours = serialize(value.as_ref());
        if ours != *want {
            // Show both from a little before the first byte that differs.
            let first = ours.iter().zip(want).take_while(|(a, b)| a == b).count();
            let from = first.saturating_sub(60);
            let show = |bytes: &[u8]| {
                let end = bytes.len().min(first + 60);
                String::from_utf8_lossy(&bytes[from.min(end)..end]).into_owned()
            };
            differences.push(format!(
                "text {at}: {:?}\n  ours at byte {from}: {:?}\n  php  at byte {from}: {:?}",
                String::from_utf8_lossy(&text[..text.len().min(200)]),
                show(&ours),
                show(want)
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} texts differ from json_decode:\n{}",
        differences.len(),
        texts.len(),
        differences[..differences.len().min(8)].join("\n")
    );
    // Both outcomes must be well represented for the comparison to mean much.
    let generated_decoded = texts[fixed..]
        .iter()
        .filter(|t| parse_php(t).is_some())
        .count();
    assert!(
        generated_decoded > GENERATED / 2 && generated_decoded < GENERATED * 95 / 100,
        "{generated_decoded} of {GENERATED} generated texts decode"
    );
    eprintln!(
        "{} texts agree with json_decode ({decoded} decoded, {} null)",
        texts.len(),
        texts.len() - decoded
    );
}

#[test]
fn build_php_attrs_pushes_what_parse_php_decodes() {
    let mut texts = edge_cases();
    let mut rng = Rng(0x5eed_2026_1203_0001);
    texts.extend((0..GENERATED).map(|_| generated(&mut rng)));
    let mut events = PhpEvents::default();
    let mut quick = 0;
    for text in &texts {
        let Ok(text) = std::str::from_utf8(text) else {
            continue;
        };
        let mut builder = Serializer {
            source: None,
            stack: Vec::new(),
        };
        let pushed = build_php_attrs(text, &mut builder, &mut events).unwrap();
        if !pushed {
            // Not quick: nothing pushed, and json_decode's answer is left to
            // the host (null, or a repeated key or many keys to sort out).
            assert!(builder.stack.is_empty(), "{text:?}");
            continue;
        }
        quick += 1;
        assert_eq!(builder.stack.len(), 1, "{text:?}");
        let want = serialize(parse_php(text.as_bytes()).as_ref());
        assert_eq!(
            String::from_utf8_lossy(&builder.stack[0]),
            String::from_utf8_lossy(&want),
            "{text:?}"
        );
    }
    // Most texts that decode take the quick path.
    let decoded = texts.iter().filter(|t| parse_php(t).is_some()).count();
    assert!(
        quick > decoded * 3 / 4,
        "{quick} quick of {decoded} decoded"
    );
}

#[test]
fn build_php_attrs_leaves_repeated_keys_and_deep_nesting_to_the_host() {
    let mut events = PhpEvents::default();
    let deep = "[".repeat(512) + &"]".repeat(512);
    let many: String = (0..40).map(|at| format!("\"k{at}\":{at},")).collect();
    let many = format!("{{{many}\"z\":0}}");
    for text in [r#"{"a":1,"a":2}"#, r#"{"1":1,"01":2,"1":3}"#, &deep, &many] {
        let mut builder = Serializer {
            source: None,
            stack: Vec::new(),
        };
        assert!(
            !build_php_attrs(text, &mut builder, &mut events).unwrap(),
            "{text:?}"
        );
        assert!(builder.stack.is_empty());
    }
    let nested = "[".repeat(511) + &"]".repeat(511);
    let mut builder = Serializer {
        source: None,
        stack: Vec::new(),
    };
    assert!(build_php_attrs(&nested, &mut builder, &mut events).unwrap());
    let mut builder = Serializer {
        source: None,
        stack: Vec::new(),
    };
    assert!(build_php_attrs(
        r#" {"a":{"a":1},"b":[{"a":2,"b":3}]} "#,
        &mut builder,
        &mut events
    )
    .unwrap());
}
