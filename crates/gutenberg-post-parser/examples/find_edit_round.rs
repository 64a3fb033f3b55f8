//! One round of the find-and-edit benchmarks for the core (bench/find_edit.py
//! runs it between the other languages' rounds): prints the median
//! milliseconds of each workload on one document as JSON.
//!
//!   cargo run --release --example find_edit_round -- DOCUMENT [REPEATS]

use std::hint::black_box;
use std::time::Instant;

use gutenberg_post_parser::json;
use gutenberg_post_parser::query::Query;

/// Median milliseconds of `repeats` runs of `work`, after three warm-ups.
fn median_ms(repeats: usize, mut work: impl FnMut()) -> f64 {
    for _ in 0..3 {
        work();
    }
    let mut times: Vec<f64> = (0..repeats)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: find_edit_round DOCUMENT [REPEATS]");
    let repeats: usize = args.next().map_or(30, |n| n.parse().expect("a number"));
    let text = std::fs::read_to_string(path).expect("a UTF-8 document");
    let query = Query::name("core/paragraph");

    let find = median_ms(repeats, || {
        let document = gutenberg_post_parser::parse(&text);
        let read = document
            .find(&query)
            .filter(|found| {
                found
                    .block
                    .attrs()
                    .as_object()
                    .and_then(|a| a.get("align"))
                    .is_none()
            })
            .count();
        black_box(read);
    });
    let parse_filter = median_ms(repeats, || {
        let blocks = gutenberg_post_parser::parse(&text)
            .to_blocks()
            .expect("real posts are under the output limit");
        let mut stack: Vec<_> = blocks.iter().collect();
        let mut read = 0;
        while let Some(block) = stack.pop() {
            let paragraph = block
                .block_name
                .is_some_and(|name| name == "core/paragraph");
            if paragraph
                && block
                    .attrs
                    .as_object()
                    .and_then(|a| a.get("align"))
                    .is_none()
            {
                read += 1;
            }
            stack.extend(block.inner_blocks.iter());
        }
        black_box(read);
    });
    let document = gutenberg_post_parser::parse(&text);
    let target = document
        .find(&query)
        .last()
        .expect("a paragraph")
        .block
        .id();
    let attrs = json::parse(r#"{"align":"center"}"#).unwrap();
    let edit = median_ms(repeats, || {
        let mut editor = document.edit();
        editor.set_attrs(target, &attrs).unwrap();
        black_box(editor.text());
    });
    let copy = median_ms(repeats, || {
        black_box(black_box(&text).to_owned());
    });
    println!(
        "{{\"find\":{find:.4},\"parse_filter\":{parse_filter:.4},\"edit\":{edit:.4},\"copy\":{copy:.4}}}"
    );
}
