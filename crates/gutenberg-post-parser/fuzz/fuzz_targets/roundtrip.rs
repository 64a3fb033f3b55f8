//! parse → serialize → parse gives the same blocks whenever no HTML run of the
//! first parse reads as a delimiter (which only recovery from broken markup makes).
#![no_main]

use gutenberg_post_parser::{delimiter::Tokenizer, parse, Content};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let document = parse(text);
    let recovered = document.walk().any(|(block, _)| {
        block
            .inner_content()
            .any(|content| matches!(content, Content::Html(html) if Tokenizer::new(html).next().is_some()))
    });
    if recovered {
        return;
    }
    let markup = document.serialize();
    assert_eq!(
        parse(&markup).to_json().unwrap(),
        document.to_json().unwrap(),
        "markup: {markup:?}"
    );
});
