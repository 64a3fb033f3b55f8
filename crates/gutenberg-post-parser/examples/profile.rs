//! Parses a file many times; a target for profilers (`valgrind --tool=callgrind`).
//!
//! `cargo run --release --example profile -- FILE [ROUNDS] [borrowed|decoded|json|tokens]`

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: profile FILE [ROUNDS] [borrowed|decoded|json|tokens]");
    let rounds: usize = args
        .next()
        .map_or(100, |r| r.parse().expect("ROUNDS is a number"));
    let form = args.next().unwrap_or_else(|| "borrowed".into());
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let started = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..rounds {
        total += match form.as_str() {
            "tokens" => gutenberg_post_parser::delimiter::Tokenizer::new(&text).count(),
            "decoded" => gutenberg_post_parser::parse(&text)
                .to_blocks()
                .unwrap()
                .len(),
            "json" => gutenberg_post_parser::parse(&text).to_json().unwrap().len(),
            _ => gutenberg_post_parser::parse(&text).node_count(),
        };
    }
    let each = started.elapsed() / rounds as u32;
    println!("{form}: {each:?} per parse ({total} units)");
}
