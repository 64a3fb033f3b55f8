//! PHP's side of the PHP-dialect tests: how PHP prints values, and the
//! reference parser, WordPress's `WP_Block_Parser`, run by `php`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use std::convert::Infallible;

use gutenberg_post_parser::build::{Builder, Html};
use gutenberg_post_parser::json::Str;
use gutenberg_post_parser::{php, BlockName, NodeId};

use super::repo_root;

/// A float as PHP prints it with serialize_precision=-1: the shortest digits
/// that round-trip, fixed notation for decimal exponents -4 to 16 (no ".0"),
/// else `D.DDDE+X` (`1.0E+25`, `5.0E-324`); `INF`, `-INF`, `-0`.
pub fn php_float(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 { "INF" } else { "-INF" }.into();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0");
    }
    // Rust's `{:e}` prints the shortest digits that round-trip ("1.2345e-7"),
    // rounding half up where two are equally close; PHP's dtoa takes the even
    // one there, which exact rounding to the same number of digits gives.
    let shortest = format!("{:e}", f.abs());
    let count = shortest.split_once('e').unwrap().0.replace('.', "").len();
    let even = format!("{:.*e}", count - 1, f.abs());
    let scientific = if even.parse::<f64>() == Ok(f.abs()) {
        even
    } else {
        shortest
    };
    let (mantissa, exponent) = scientific.split_once('e').unwrap();
    let exponent: i32 = exponent.parse().unwrap();
    let digits = mantissa.replace('.', "");
    let count = digits.len() as i32;
    let body = if (-4..17).contains(&exponent) {
        let point = exponent + 1;
        if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point >= count {
            format!("{digits}{}", "0".repeat((point - count) as usize))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        }
    } else {
        let fraction = if count > 1 { &digits[1..] } else { "0" };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{}.{fraction}E{exp_sign}{}", &digits[..1], exponent.abs())
    };
    format!("{sign}{body}")
}

/// Whether a missing `php` must fail the test rather than skip it (CI).
pub fn php_required() -> bool {
    std::env::var("GPP_REQUIRE_PHP").as_deref() == Ok("1")
}

/// `fixtures/reference/php/wp-parse.php`, when `php` runs and WordPress has
/// been extracted by `fetch-wordpress.sh`; `None` (or a failure under
/// `GPP_REQUIRE_PHP=1`) otherwise.
pub fn wp_parse_script() -> Option<PathBuf> {
    let dir = repo_root().join("fixtures/reference/php");
    let extracted = dir
        .join(".wordpress/usr/share/wordpress/wp-includes/class-wp-block-parser.php")
        .is_file();
    let php = Command::new("php")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if php && extracted {
        return Some(dir.join("wp-parse.php"));
    }
    assert!(
        !php_required(),
        "GPP_REQUIRE_PHP=1 but php or WordPress is missing: run fixtures/reference/php/fetch-wordpress.sh"
    );
    eprintln!("php or WordPress missing: skipping the WP_Block_Parser comparison");
    None
}

/// `serialize((new WP_Block_Parser())->parse($document))` for each document,
/// from one `php` process; `None` when it cannot run here (see
/// [`wp_parse_script`]).
pub fn wp_parse_all(documents: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    let script = wp_parse_script()?;
    Some(framed(&[script.to_str().unwrap(), "--stream"], documents))
}

/// Runs `php ARGS` once, writes each input framed as "length\ntext\n" and
/// reads one answer per input framed the same way.
pub fn framed(args: &[&str], inputs: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut child = Command::new("php")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("php starts");
    let mut input = Vec::new();
    for text in inputs {
        input.extend_from_slice(format!("{}\n", text.len()).as_bytes());
        input.extend_from_slice(text);
        input.push(b'\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    // Write from another thread so that neither pipe can fill up and block.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut answers = Vec::with_capacity(inputs.len());
    let mut header = String::new();
    for _ in inputs {
        header.clear();
        stdout.read_line(&mut header).unwrap();
        let length: usize = header.trim_end().parse().expect("a length line from php");
        let mut answer = vec![0; length + 1];
        stdout.read_exact(&mut answer).unwrap();
        assert_eq!(answer.pop(), Some(b'\n'));
        answers.push(answer);
    }
    writer.join().unwrap().unwrap();
    assert!(child.wait().unwrap().success());
    answers
}

/// Builds PHP's `serialize()` text of what a [`Builder`] is given, bottom-up:
/// a PHP-dialect document's blocks (their HTML read from `source`), or, with
/// no source, attribute values only.
pub struct Serializer<'s, 'a> {
    pub source: Option<&'s php::Source<'a>>,
    /// The values built so far, innermost last.
    pub stack: Vec<Vec<u8>>,
}

impl<'s, 'a> Serializer<'s, 'a> {
    /// The source of the document being built.
    fn document(&self) -> &'s php::Source<'a> {
        self.source
            .expect("HTML comes only with a document's source")
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        let mut out = format!("s:{}:\"", bytes.len()).into_bytes();
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\";");
        self.stack.push(out);
    }

    /// Pops `len` values, or key/value pairs when `keyed`, into one array.
    fn pop_array(&mut self, len: usize, keyed: bool) {
        let count = if keyed { 2 * len } else { len };
        let items = self.stack.split_off(self.stack.len() - count);
        let mut out = format!("a:{len}:{{").into_bytes();
        for (at, item) in items.iter().enumerate() {
            if !keyed {
                out.extend_from_slice(format!("i:{at};").as_bytes());
            }
            out.extend_from_slice(item);
        }
        out.push(b'}');
        self.stack.push(out);
    }
}

impl<'a> Builder<'a> for Serializer<'_, 'a> {
    type Error = Infallible;

    fn null(&mut self) -> Result<(), Infallible> {
        self.stack.push(b"N;".to_vec());
        Ok(())
    }
    fn bool(&mut self, value: bool) -> Result<(), Infallible> {
        self.stack
            .push(if value { b"b:1;" } else { b"b:0;" }.to_vec());
        Ok(())
    }
    fn number(&mut self, _: f64) -> Result<(), Infallible> {
        panic!("a PHP-dialect document pushes int or float, never a JSON number");
    }
    fn int(&mut self, value: i64) -> Result<(), Infallible> {
        self.stack.push(format!("i:{value};").into_bytes());
        Ok(())
    }
    fn float(&mut self, value: f64) -> Result<(), Infallible> {
        self.stack
            .push(format!("d:{};", php_float(value)).into_bytes());
        Ok(())
    }
    fn string(&mut self, value: &Str<'a>) -> Result<(), Infallible> {
        self.push_bytes(value.as_wtf8());
        Ok(())
    }
    fn int_key(&mut self, key: i64) -> Result<(), Infallible> {
        self.int(key)
    }
    fn array(&mut self, len: usize) -> Result<(), Infallible> {
        self.pop_array(len, false);
        Ok(())
    }
    fn object(&mut self, len: usize) -> Result<(), Infallible> {
        self.pop_array(len, true);
        Ok(())
    }
    fn name(&mut self, name: Option<BlockName<'a>>, _: usize) -> Result<(), Infallible> {
        match name {
            None => self.null(),
            Some(name) => {
                self.push_bytes(name.full().as_bytes());
                Ok(())
            }
        }
    }
    fn html(&mut self, html: Html<'a>) -> Result<(), Infallible> {
        let bytes = self.document().original(html.text);
        self.push_bytes(bytes);
        Ok(())
    }
    fn joined_html(&mut self, pieces: &[&'a str], len: usize) -> Result<(), Infallible> {
        let mut joined = Vec::with_capacity(len);
        for piece in pieces {
            joined.extend_from_slice(self.document().original(piece));
        }
        self.push_bytes(&joined);
        Ok(())
    }
    fn dup(&mut self, depth: usize) -> Result<(), Infallible> {
        let value = self.stack[self.stack.len() - 1 - depth].clone();
        self.stack.push(value);
        Ok(())
    }
    fn block(&mut self, _: NodeId) -> Result<(), Infallible> {
        let fields = self.stack.split_off(self.stack.len() - 5);
        let mut out = b"a:5:{".to_vec();
        let keys = [
            "blockName",
            "attrs",
            "innerBlocks",
            "innerHTML",
            "innerContent",
        ];
        for (key, value) in keys.iter().zip(&fields) {
            out.extend_from_slice(format!("s:{}:\"{key}\";", key.len()).as_bytes());
            out.extend_from_slice(value);
        }
        out.push(b'}');
        self.stack.push(out);
        Ok(())
    }
}
