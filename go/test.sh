#!/usr/bin/env bash
# Go package tests, from a clean clone: builds the static library the #cgo
# directives link, checks go/gutenberg_post_parser.h is the generated header,
# then gofmt, go vet and go test -race over every fixture, plus generated
# documents against the reference parser when Node.js is installed (the script
# installs fixtures/reference with npm ci if needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

command -v go >/dev/null || { echo "error: go (1.24 or later) is required" >&2; exit 1; }
command -v gcc >/dev/null || { echo "error: gcc is required for cgo" >&2; exit 1; }
# Never download a toolchain: use the installed Go.
export GOTOOLCHAIN=local CGO_ENABLED=1

echo "== static library (built from the sources: the tests link it with -tags gpp_source)"
cargo build --quiet --release -p gutenberg-post-parser-capi
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
    # link_source.go looks in <repo>/target/release; point at the real one.
    export CGO_LDFLAGS="-L$(cd "$CARGO_TARGET_DIR/release" && pwd) ${CGO_LDFLAGS:-}"
fi
echo "== the committed library (link_prebuilt.go) is built from the current sources"
go/lib/update.sh --check

if command -v node >/dev/null && command -v npm >/dev/null; then
    # The differential test needs the reference parser (the `reference` just recipe).
    reference=fixtures/reference/node_modules/@wordpress/block-serialization-default-parser
    [[ -d $reference ]] || npm ci --prefix fixtures/reference --no-audit --no-fund --silent
    export GPP_REQUIRE_REFERENCE=1
else
    echo "note: no Node.js; the differential test against the reference is skipped" >&2
fi

echo "== header copy is fresh"
crates/capi/header.sh --check

cd go
echo "== gofmt, go vet"
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
    echo "error: not gofmt-formatted: $unformatted" >&2
    exit 1
fi
go vet -tags gpp_source ./...

echo "== go test -race"
go test -tags gpp_source -race -count=1 ./...
echo "Go: all tests passed"
