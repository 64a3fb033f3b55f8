#!/usr/bin/env bash
# Builds the npm package in bindings/wasm (then `npm pack bindings/wasm` makes
# its tarball): the core for wasm32 with SIMD, optimised by wasm-opt, into
# lib/gutenberg_post_parser.wasm, the same with find and edit into
# lib/gutenberg_post_parser_find.wasm, and, for `require`, lib/core.cjs from
# lib/core.mjs and index.d.cts from index.d.ts.
#
# rustup's toolchains here have no wasm32 standard library, so this uses
# Debian's rustc-web with -Zbuild-std (../../../shared/BUILD-NOTES.md,
# "WebAssembly"); the Debian packages are installed when missing and run as
# root, or named. The build goes to $CARGO_TARGET_DIR when set, else
# bindings/wasm/target.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages=(rustc-web cargo-web rust-web-src lld binaryen)

"$here/../../.ci/apt-install" "${packages[@]}"
command -v node >/dev/null || { echo "error: node (Node.js 20 or newer) is required" >&2; exit 1; }

# One build at a time: the steps below rewrite lib/.
mkdir -p "$here/target"
exec 9>"$here/target/.build.lock"
flock 9

target_dir="${CARGO_TARGET_DIR:-$here/target}"
built="$target_dir/wasm32-unknown-unknown/release/gutenberg_post_parser_wasm.wasm"

# Builds the module with cargo features "$2" (none when empty) into lib/"$1".
build_module() {
    local wasm="$here/lib/$1"
    echo "== cargo build ${2:+--features $2 }(Debian's rustc-web, wasm32-unknown-unknown, -Zbuild-std) into $target_dir" >&2
    # Debian's cargo and rustc, not rustup's; wasm-ld, as rustc-web has no rust-lld.
    env PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
        CARGO_TARGET_DIR="$target_dir" \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
        RUSTFLAGS="-C target-feature=+simd128" \
        /usr/bin/cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml" \
        --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort ${2:+--features "$2"}
    echo "== wasm-opt -O3 into lib/$1" >&2
    wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
        --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types \
        "$built" -o "$wasm.tmp"
    mv "$wasm.tmp" "$wasm"
}

# The main module (parse, walk, serialize), and the find module, which adds
# Document, find and edit, loaded only by those who use them.
build_module gutenberg_post_parser.wasm ""
build_module gutenberg_post_parser_find.wasm find
wasm="$here/lib/gutenberg_post_parser.wasm"

echo "== lib/core.cjs from lib/core.mjs, index.d.cts from index.d.ts (for require)" >&2
node "$here/scripts/to-commonjs.mjs" "$here/lib/core.mjs" "$here/lib/core.cjs"
cp "$here/index.d.ts" "$here/index.d.cts"

size() { echo "$(stat -c %s "$1") bytes, $(gzip -9c "$1" | wc -c) gzipped"; }
version=$(node -p "require('$here/package.json').version")
echo "built gutenberg-post-parser $version in $here: lib/gutenberg_post_parser.wasm ($(size "$wasm"))," \
    "lib/gutenberg_post_parser_find.wasm ($(size "$here/lib/gutenberg_post_parser_find.wasm")), lib/core.cjs," \
    "index.d.cts; \`npm pack $here\` makes the tarball" >&2
