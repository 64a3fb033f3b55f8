#!/usr/bin/env bash
# Regenerates the C header from crates/capi/src with cbindgen, into
# include/gutenberg_post_parser.h and its copy go/gutenberg_post_parser.h (the Go
# module must carry the header for `go get` users), and records in
# crates/capi/header.sha256 a fingerprint of what the header was made from (the
# cbindgen version and config, the C ABI's sources) and of the header itself.
#
#   crates/capi/header.sh          write the header, its copy and the fingerprint
#   crates/capi/header.sh --check  write nothing; exit 1 if any is stale
#
# --check compares fingerprints first, so a clean checkout needs no cbindgen:
# only when the sources changed since the header was made does it install the
# pinned cbindgen (into target/capi-tools) and compare the header it generates.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

version=0.29.4
targets=(include/gutenberg_post_parser.h go/gutenberg_post_parser.h)
stamp=crates/capi/header.sha256

# The fingerprint: the generator, its inputs, and every generated file.
fingerprint() {
    {
        echo "cbindgen $version"
        sha256sum crates/capi/cbindgen.toml crates/capi/Cargo.toml
        find crates/capi/src -name '*.rs' -print0 | sort -z | xargs -0 sha256sum
        sha256sum "${targets[@]}"
    } | sha256sum | cut -d' ' -f1
}

if [[ "${1:-}" == "--check" ]] && [[ -f $stamp ]] && [[ "$(fingerprint)" == "$(cat "$stamp")" ]]; then
    echo "header is fresh (fingerprint matches $stamp)"
    exit 0
fi

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

if [[ "${1:-}" == "--check" ]]; then
    stale=0
    for target in "${targets[@]}"; do
        if ! cmp -s "$generated" "$target"; then
            echo "error: $target is stale; run crates/capi/header.sh and commit it" >&2
            diff -u "$target" "$generated" | head -40 >&2 || true
            stale=1
        fi
    done
    if [[ $stale == 0 ]]; then
        echo "error: the header is right but $stamp is stale; run crates/capi/header.sh and commit it" >&2
    fi
    exit 1
fi
for target in "${targets[@]}"; do
    cp "$generated" "$target"
done
fingerprint >"$stamp"
echo "wrote ${targets[*]} and $stamp"
