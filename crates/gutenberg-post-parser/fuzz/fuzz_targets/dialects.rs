//! Any bytes in the PHP dialect: parsing never panics, every slice maps back
//! to the input, and on ASCII input both dialects find the same blocks and
//! the same HTML, but for the `"0"` runs that only PHP drops.
#![no_main]

use gutenberg_post_parser::{parse, php, BlockRef, Content, Document};
use libfuzzer_sys::fuzz_target;

/// Each block's name, attribute text, span and HTML runs (`"0"` runs left
/// out), depth-first.
fn shape<'a>(
    document: &Document<'a>,
) -> Vec<(Option<String>, Option<&'a str>, usize, usize, Vec<&'a str>)> {
    document
        .walk()
        .map(|(block, _): (BlockRef<'_, 'a>, usize)| {
            let runs = block
                .inner_content()
                .filter_map(|content| match content {
                    Content::Html(html) if html != "0" => Some(html),
                    _ => None,
                })
                .collect();
            let span = block.span();
            let name = block.name().map(|name| name.full().into_owned());
            (name, block.attrs_json(), span.start, span.end, runs)
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let source = php::Source::new(data);
    let document = source.parse();
    assert!(document.consumed_end() <= data.len());
    for (block, _) in document.walk() {
        let span = block.span();
        assert!(span.start <= span.end && span.end <= data.len());
        for html in block.html_pieces() {
            assert_eq!(source.original(html).len(), html.len());
        }
        let _ = block.php_attrs();
    }
    if data.is_ascii() {
        let text = std::str::from_utf8(data).unwrap();
        assert_eq!(shape(&document), shape(&parse(text)));
    }
});
