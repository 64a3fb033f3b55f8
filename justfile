# Gutenberg Post Parser: common tasks. `just --list` shows them all.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Parse a shipped document with the CLI and print the reference-shaped JSON.
demo:
    cargo run --quiet --release -p gutenberg-post-parser-cli -- parse --pretty fixtures/cases/grammar-real-post.html

# Run every test suite: each language's, conformance, the install tests, the README's examples, fuzzing.
test: test-rust test-capi test-go test-python test-ruby test-wasm test-php test-bulk (conformance "300") test-install test-readme fuzz-ci

# Versions come from Cargo.toml's [workspace.package]; the Go module's library is committed (go/lib).
# Build every release artifact into dist/: wheel + sdist, source + x86_64-linux gems, C tarball, npm tarball, PHP extension tarball.
dist:
    rm -rf dist && mkdir -p dist
    bindings/python/dist.sh dist
    bindings/ruby/dist.sh dist
    crates/capi/dist.sh dist
    bindings/wasm/build.sh
    npm pack ./bindings/wasm --pack-destination dist --silent
    bindings/php/dist.sh dist
    go/lib/update.sh --check
    @ls -1 dist

# Install each artifact in a clean place on a PATH without cargo or rustc, and run a program with it.
test-install: dist
    .ci/without-rust bindings/python/install-test.sh dist
    .ci/without-rust bindings/ruby/install-test.sh dist
    .ci/without-rust crates/capi/install-test.sh dist
    .ci/without-rust go/install-test.sh
    .ci/without-rust bindings/php/install-test.sh dist

# Run the README's install lines (on the artifacts in dist/) and its examples, as a user pastes them.
test-readme: test-install
    cargo build --quiet --release -p gutenberg-post-parser-cli -p gutenberg-post-parser-capi
    .ci/readme-examples

# Build the C ABI static library that `go test -tags gpp_source` links (target/release).
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
    GPP_REQUIRE_REFERENCE=1 GPP_REQUIRE_ARROW=1 bindings/python/test.sh

# Bulk: the Spark recipe's job in local[2] on 200,000 posts (PySpark from PyPI into a venv; needs Java 17).
test-bulk:
    bindings/python/spark/test.sh

# Ruby gem: gem build + install into bindings/ruby/.gem-test, lints, minitest.
test-ruby: reference
    GPP_REQUIRE_REFERENCE=1 bindings/ruby/test.sh

# WebAssembly npm package: build, rustfmt, clippy, node --test (Node, tarball, headless Chromium).
test-wasm: reference
    bindings/wasm/test.sh

# PHP extension: rustfmt, clippy, build.sh, phpunit against WordPress's own WP_Block_Parser (Debian's package), valgrind subset.
test-php: reference reference-php
    GPP_REQUIRE_REFERENCE=1 bindings/php/test.sh

# Install the pinned reference parser (npm) used by fixtures and differential tests.
reference:
    @command -v node >/dev/null || { echo "error: node (Node.js 20) is required for the reference parser" >&2; exit 1; }
    @[ -d fixtures/reference/node_modules/@wordpress/block-serialization-default-parser ] || npm ci --prefix fixtures/reference --no-audit --no-fund

# Rust: format, lint, unit, fixture and differential tests (both dialects' references).
test-rust: reference reference-php
    cargo fmt --all -- --check
    cargo clippy -p gutenberg-post-parser -p gutenberg-post-parser-cli -p gutenberg-post-parser-arrow --all-targets -- -D warnings
    GPP_REQUIRE_REFERENCE=1 GPP_REQUIRE_PHP=1 cargo test -p gutenberg-post-parser -p gutenberg-post-parser-cli -p gutenberg-post-parser-arrow

# The PHP dialect's reference: php-cli and WordPress's WP_Block_Parser (Debian's package, extracted, never installed).
reference-php:
    @fixtures/reference/php/fetch-wordpress.sh >/dev/null

# Regenerate fixtures/cases/*.json and *.php.ser with the reference parsers.
fixtures: reference reference-php
    node fixtures/reference/regenerate-fixtures.js
    php fixtures/reference/php/wp-parse.php --fixtures fixtures/cases

# Check that fixtures/cases/*.json are what the reference produces.
check-fixtures: reference reference-php
    node fixtures/reference/regenerate-fixtures.js --check
    php fixtures/reference/php/wp-parse.php --fixtures fixtures/cases --check

# Fuzz every target for SECONDS each (rustup's nightly; installs cargo-fuzz inside the clone).
fuzz SECONDS="300":
    crates/gutenberg-post-parser/fuzz/run.sh {{SECONDS}}

# The short fuzzing run CI does: 60 s a target.
fuzz-ci:
    crates/gutenberg-post-parser/fuzz/run.sh 60

# Time every implementation and both references; writes bench/REPORT.md and bench/chart.svg (`just bench --quick`: short run, report in bench/out/).
bench *ARGS: reference
    python3 bench/run.py {{ARGS}}

# Check every language's package against the Node reference on COUNT generated documents and ../shared/documents.
conformance COUNT="3000": reference
    python3 bench/conformance.py --count {{COUNT}}
