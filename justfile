# Gutenberg Post Parser: common tasks. `just --list` shows them all.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Parse a shipped document with the CLI and print the reference-shaped JSON.
demo:
    cargo run --quiet --release -p gutenberg-post-parser-cli -- parse --pretty fixtures/cases/grammar-real-post.html

# Run every test suite: Rust, C ABI, Go, Python, Ruby, WebAssembly, and the conformance check.
test: test-rust test-capi test-go test-python test-ruby test-wasm (conformance "300")

# Build the C ABI static library where the Go package's #cgo directives look (target/release).
capi:
    cargo build --release -p gutenberg-post-parser-capi

# C ABI: header freshness, C99 and C++ builds with -Werror, fixtures under valgrind.
test-capi:
    crates/capi/test.sh

# Go package: gofmt, go vet, go test -race over every fixture and the reference corpus.
test-go: reference
    go/test.sh

# Python package: wheel into a fresh venv, ruff, mypy --strict, pytest.
test-python: reference
    GPP_REQUIRE_REFERENCE=1 bindings/python/test.sh

# Ruby gem: gem build + install into bindings/ruby/.gem-test, lints, minitest.
test-ruby: reference
    GPP_REQUIRE_REFERENCE=1 bindings/ruby/test.sh

# WebAssembly npm package: build, rustfmt, clippy, node --test (Node, tarball, headless Chromium).
test-wasm: reference
    bindings/wasm/test.sh

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

# Time every implementation and both references; writes bench/REPORT.md and bench/chart.svg (`just bench --quick`: short run, report in bench/out/).
bench *ARGS: reference
    python3 bench/run.py {{ARGS}}

# Check every language's package against the Node reference on COUNT generated documents and ../shared/documents.
conformance COUNT="3000": reference
    python3 bench/conformance.py --count {{COUNT}}
