#!/usr/bin/env bash
# The C library the Go module links by default (link_prebuilt.go), committed
# per platform under go/lib/GOOS_GOARCH/, so that `go get` users need only a C
# compiler. A fingerprint of the Rust sources it was built from sits beside it.
#
#   go/lib/update.sh           rebuild lib/linux_amd64/ from the current sources
#   go/lib/update.sh --check   exit 1 when the committed library is not built
#                              from the current sources (CI runs this)
#
# The check compares fingerprints (no build): the sources are the core and C
# ABI crates, their manifests and the workspace's Cargo.lock and profiles.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
platform=linux_amd64
dir="go/lib/$platform"
library=libgutenberg_post_parser_c.a

fingerprint() {
    {
        sha256sum Cargo.toml Cargo.lock crates/gutenberg-post-parser/Cargo.toml crates/capi/Cargo.toml
        find crates/gutenberg-post-parser/src crates/capi/src -name '*.rs' -print0 | sort -z | xargs -0 sha256sum
    } | sha256sum | cut -d' ' -f1
}

if [[ "${1:-}" == "--check" ]]; then
    recorded="$(sed -n 's/^sources //p' "$dir/BUILT_FROM" 2>/dev/null || true)"
    if [[ "$recorded" != "$(fingerprint)" ]]; then
        echo "error: go/lib/$platform/$library is not built from the current Rust sources;" \
            "run go/lib/update.sh and commit it" >&2
        exit 1
    fi
    [[ "$(sha256sum <"$dir/$library" | cut -d' ' -f1)" == "$(sed -n 's/^library //p' "$dir/BUILT_FROM")" ]] ||
        { echo "error: go/lib/$platform/$library is not the library recorded in BUILT_FROM" >&2; exit 1; }
    echo "go/lib/$platform is built from the current sources"
    exit 0
fi

[[ "$(uname -sm)" == "Linux x86_64" ]] || { echo "error: this builds the linux_amd64 library" >&2; exit 1; }
target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --release --locked -p gutenberg-post-parser-capi
mkdir -p "$dir"
# Debug information is most of the archive; the symbols cgo links stay.
strip --strip-debug -o "$dir/$library" "$target/release/$library" 2>/dev/null
{
    echo "sources $(fingerprint)"
    echo "library $(sha256sum <"$dir/$library" | cut -d' ' -f1)"
    echo "rustc $(rustc --version)"
} >"$dir/BUILT_FROM"
echo "wrote $dir/$library ($(du -h "$dir/$library" | cut -f1)) and $dir/BUILT_FROM"
