//! What the C ABI costs over the Rust core: `gpp_parse` (flat records, with and
//! without decoded attributes) beside the core's borrowed tree on the same
//! documents, from `&str` (`parse`, no UTF-8 check) and from bytes
//! (`parse_bytes`, which checks UTF-8 as `gpp_parse` must).
//!
//! Documents: every file in `<repo root>/../shared/documents/` when present,
//! else a synthetic post. Run with `cargo bench -p gutenberg-post-parser-capi`.

use std::path::PathBuf;
use std::ptr;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gutenberg_post_parser::{parse, parse_bytes};
use gutenberg_post_parser_c::{
    gpp_document_free, gpp_parse, GPP_DEFAULT_MAX_OUTPUT_BYTES, GPP_OK, GPP_PARSE_DECODE_ATTRS,
};

/// `(name, text)` for every document to measure.
fn documents() -> Vec<(String, String)> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/documents");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        eprintln!(
            "{} not found: one synthetic document only",
            shared.display()
        );
        let unit = "<!-- wp:paragraph {\"align\":\"center\"} -->\n<p>Text.</p>\n<!-- /wp:paragraph -->\n\n";
        return vec![("synthetic".to_owned(), unit.repeat(10_000))];
    };
    let mut paths: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// One `gpp_parse` call and the matching free.
fn records(text: &str, options: u32) {
    let mut document = ptr::null();
    let status = unsafe {
        gpp_parse(
            text.as_ptr().cast(),
            text.len(),
            options,
            GPP_DEFAULT_MAX_OUTPUT_BYTES,
            &mut document,
            ptr::null_mut(),
        )
    };
    assert_eq!(status, GPP_OK);
    unsafe { gpp_document_free(document) };
}

fn bench(c: &mut Criterion) {
    for (name, text) in documents() {
        let mut group = c.benchmark_group(&name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(BenchmarkId::new("core-borrowed-tree", ""), |b| {
            b.iter(|| parse(&text))
        });
        group.bench_function(BenchmarkId::new("core-borrowed-tree-from-bytes", ""), |b| {
            b.iter(|| parse_bytes(text.as_bytes()).unwrap())
        });
        group.bench_function(BenchmarkId::new("core-tree-and-attrs", ""), |b| {
            b.iter(|| {
                let document = parse(&text);
                document
                    .walk()
                    .filter(|(block, _)| !block.attrs().is_null())
                    .count()
            })
        });
        group.bench_function(BenchmarkId::new("capi-records", ""), |b| {
            b.iter(|| records(&text, 0))
        });
        group.bench_function(BenchmarkId::new("capi-records-decoded-attrs", ""), |b| {
            b.iter(|| records(&text, GPP_PARSE_DECODE_ATTRS))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
