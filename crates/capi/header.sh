#!/usr/bin/env bash
# Regenerates the C header from crates/capi/src with cbindgen, into
# include/gutenberg_post_parser.h and its copy go/gutenberg_post_parser.h (the Go
# module must carry the header for `go get` users).
#   crates/capi/header.sh          write both files
#   crates/capi/header.sh --check  write nothing; exit 1 if either is stale
# Installs the pinned cbindgen into target/capi-tools on first use.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

version=0.29.4
tools="${CARGO_TARGET_DIR:-$root/target}/capi-tools"
cbindgen="$tools/bin/cbindgen"
if ! "$cbindgen" --version 2>/dev/null | grep -qx "cbindgen $version"; then
    echo "installing cbindgen $version into $tools" >&2
    cargo install cbindgen --version "$version" --locked --root "$tools" --quiet
fi

generated="$(mktemp)"
trap 'rm -f "$generated"' EXIT
"$cbindgen" --quiet --config crates/capi/cbindgen.toml --crate gutenberg-post-parser-capi \
    --output "$generated" crates/capi

targets=(include/gutenberg_post_parser.h go/gutenberg_post_parser.h)
if [[ "${1:-}" == "--check" ]]; then
    stale=0
    for target in "${targets[@]}"; do
        if ! cmp -s "$generated" "$target"; then
            echo "error: $target is stale; run crates/capi/header.sh and commit it" >&2
            diff -u "$target" "$generated" | head -40 >&2 || true
            stale=1
        fi
    done
    exit "$stale"
fi
for target in "${targets[@]}"; do
    cp "$generated" "$target"
done
echo "wrote ${targets[*]}"
