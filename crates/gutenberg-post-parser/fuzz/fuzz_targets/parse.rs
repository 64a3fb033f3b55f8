//! Any bytes: parsing never panics, and every form of the result agrees.
#![no_main]

use gutenberg_post_parser::{blocks_to_json, parse_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = parse_bytes(data) else {
        assert!(std::str::from_utf8(data).is_err());
        return;
    };
    let json = document.to_json().unwrap();
    assert_eq!(blocks_to_json(&document.to_blocks().unwrap()), json);
    for (block, _) in document.walk() {
        let span = block.span();
        assert!(span.start <= span.end && span.end <= data.len());
        let _ = block.attrs();
    }
});
