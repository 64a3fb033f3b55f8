//! `table::build_parallel` on one thread and on two, in interleaved rounds,
//! over the 909 real posts of `../shared/real-documents` replicated to at
//! least MEGABYTES MB: the median seconds of each and the page faults of the
//! median round (minor faults of the process, Linux only).
//!
//!   cargo run --release --features parallel --example table_threads -- [MEGABYTES] [ROUNDS]

use std::num::NonZeroUsize;
use std::path::Path;
use std::time::Instant;

use gutenberg_post_parser::table::{build_parallel, TableOptions};

/// The process's minor page faults so far (0 where /proc is missing).
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Field 10, counted after the parenthesised command name.
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    after_name
        .split_whitespace()
        .nth(7)
        .and_then(|field| field.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let megabytes: usize = args.next().map_or(100, |a| a.parse().expect("MEGABYTES"));
    let rounds: usize = args.next().map_or(7, |a| a.parse().expect("ROUNDS"));
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-documents");
    let mut posts: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "html").then(|| std::fs::read_to_string(path).ok())?
        })
        .collect();
    posts.sort();
    let size: usize = posts.iter().map(String::len).sum();
    let copies = (megabytes * 1_000_000).div_ceil(size.max(1));
    let documents: Vec<&str> = (0..copies)
        .flat_map(|_| posts.iter().map(String::as_str))
        .collect();
    let options = TableOptions::default();
    let threads = [1, 2];
    let mut samples = [Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (at, &count) in threads.iter().enumerate() {
            let faults = minor_faults();
            let started = Instant::now();
            let tables = build_parallel(&documents, 0, &options, NonZeroUsize::new(count));
            let seconds = started.elapsed().as_secs_f64();
            drop(tables);
            samples[at].push((seconds, minor_faults() - faults));
        }
    }
    println!(
        "{} posts, {:.1} MB, {rounds} interleaved rounds, medians",
        documents.len(),
        (size * copies) as f64 / 1e6
    );
    let mut medians = [0.0; 2];
    for (at, runs) in samples.iter_mut().enumerate() {
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (seconds, faults) = runs[runs.len() / 2];
        medians[at] = seconds;
        println!(
            "{} thread(s): {seconds:.3} s, {faults} page faults",
            threads[at]
        );
    }
    println!("two threads / one: {:.2}x", medians[0] / medians[1]);
}
