# Gutenberg Post Parser: common tasks. `just --list` shows them all.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Parse a shipped document with the CLI and print the reference-shaped JSON.
demo:
    cargo run --quiet --release -p gutenberg-post-parser-cli -- parse --pretty fixtures/cases/grammar-real-post.html

# Run every test suite: Rust, C ABI, Go, Python, Ruby, and the conformance check.
test: test-rust

# Install the pinned reference parser (npm) used by fixtures and differential tests.
reference:
    @command -v node >/dev/null || { echo "error: node (Node.js 20) is required for the reference parser" >&2; exit 1; }
    @[ -d fixtures/reference/node_modules/@wordpress/block-serialization-default-parser ] || npm ci --prefix fixtures/reference --no-audit --no-fund

# Rust: format, lint, unit, fixture and differential tests.
test-rust: reference
    cargo fmt --all -- --check
    cargo clippy -p gutenberg-post-parser -p gutenberg-post-parser-cli --all-targets -- -D warnings
    GPP_REQUIRE_REFERENCE=1 cargo test -p gutenberg-post-parser -p gutenberg-post-parser-cli

# Regenerate fixtures/cases/*.json with the reference parser.
fixtures: reference
    node fixtures/reference/regenerate-fixtures.js

# Check that fixtures/cases/*.json are what the reference produces.
check-fixtures: reference
    node fixtures/reference/regenerate-fixtures.js --check

# Fuzz the parser (needs a nightly toolchain and `cargo install cargo-fuzz`).
fuzz SECONDS="60":
    cd crates/gutenberg-post-parser && cargo +nightly fuzz run parse -- -max_total_time={{SECONDS}} -max_len=4096
    cd crates/gutenberg-post-parser && cargo +nightly fuzz run roundtrip -- -max_total_time={{SECONDS}} -max_len=4096
