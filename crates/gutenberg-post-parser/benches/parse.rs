//! Throughput of the parser beside its floor: a bare `memmem` scan for `<!--`.
//!
//! Documents: every file in `../shared/documents/` (when present) and synthetic
//! documents of growing size. Run with `cargo bench -p gutenberg-post-parser`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gutenberg_post_parser::parse;
use memchr::memmem;

/// `(name, text)` for every document to measure.
fn documents() -> Vec<(String, String)> {
    let mut documents = Vec::new();
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/documents");
    if let Ok(entries) = std::fs::read_dir(&shared) {
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            documents.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    } else {
        eprintln!("{} not found: synthetic documents only", shared.display());
    }
    for kib in [1, 16, 256, 4096] {
        documents.push((format!("synthetic-{kib}KiB"), synthetic(kib * 1024)));
    }
    documents
}

/// Paragraphs, nested groups and void images, repeated to about `size` bytes.
fn synthetic(size: usize) -> String {
    let unit = "<!-- wp:paragraph {\"align\":\"center\"} -->\n<p>Some text with <em>markup</em>.</p>\n<!-- /wp:paragraph -->\n\
                <!-- wp:group --><div><!-- wp:image {\"id\":42,\"sizeSlug\":\"large\"} /--></div><!-- /wp:group -->\n";
    unit.repeat(size / unit.len() + 1)
}

fn bench(c: &mut Criterion) {
    let comment = memmem::Finder::new(b"<!--");
    for (name, text) in documents() {
        let mut group = c.benchmark_group(&name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(BenchmarkId::new("memmem-floor", ""), |b| {
            b.iter(|| comment.find_iter(text.as_bytes()).count())
        });
        group.bench_function(BenchmarkId::new("borrowed-tree", ""), |b| {
            b.iter(|| parse(&text))
        });
        group.bench_function(BenchmarkId::new("decoded-tree", ""), |b| {
            b.iter(|| parse(&text).to_blocks().unwrap().len())
        });
        group.bench_function(BenchmarkId::new("json", ""), |b| {
            b.iter(|| parse(&text).to_json().unwrap().len())
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
