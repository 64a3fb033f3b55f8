#!/usr/bin/env bash
# The C library's release tarball, into DIST (default: <repo>/dist):
#
#   gutenberg-post-parser-c-VERSION-x86_64-linux-gnu.tar.gz
#     include/gutenberg_post_parser.h
#     lib/libgutenberg_post_parser_c.a                     (static)
#     lib/libgutenberg_post_parser_c.so.VERSION            (shared, soname .so.MAJOR)
#     lib/libgutenberg_post_parser_c.so.MAJOR, .so         (links)
#     lib/pkgconfig/gutenberg-post-parser.pc               (relocatable: ${pcfiledir})
#     README.md
#
#   crates/capi/dist.sh [DIST]
#
# Users: PKG_CONFIG_PATH=<unpacked>/lib/pkgconfig cc app.c $(pkg-config --cflags --libs gutenberg-post-parser)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dist="$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"

version="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "gutenberg-post-parser-capi"))')"
major="${version%%.*}"
# The soname carries the major version (0.x: the minor too, as 0.x releases
# may change the ABI).
if [[ $major == 0 ]]; then soversion="0.$(cut -d. -f2 <<<"$version")"; else soversion="$major"; fi
library=libgutenberg_post_parser_c
name="gutenberg-post-parser-c-$version-x86_64-linux-gnu"

echo "== building the C library $version (soname $library.so.$soversion)" >&2
cargo rustc --quiet --release --locked -p gutenberg-post-parser-capi --lib -- \
    -C link-arg=-Wl,-soname,$library.so.$soversion
crates/capi/header.sh --check >&2

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/include" "$stage/$name/lib/pkgconfig"
cp include/gutenberg_post_parser.h "$stage/$name/include/"
cp crates/capi/README.md "$stage/$name/"
strip --strip-debug -o "$stage/$name/lib/$library.a" "$target/release/$library.a" 2>/dev/null
strip --strip-unneeded -o "$stage/$name/lib/$library.so.$version" "$target/release/$library.so"
ln -s "$library.so.$version" "$stage/$name/lib/$library.so.$soversion"
ln -s "$library.so.$soversion" "$stage/$name/lib/$library.so"
cat >"$stage/$name/lib/pkgconfig/gutenberg-post-parser.pc" <<PC
# The C library of the Gutenberg post parser (WordPress block markup).
prefix=\${pcfiledir}/../..
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: gutenberg-post-parser
Description: Fast, exact parser of WordPress block markup (Gutenberg post content)
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lgutenberg_post_parser_c
Libs.private: -lpthread -ldl -lm
PC
tar -C "$stage" -czf "$dist/$name.tar.gz" "$name"
echo "$dist/$name.tar.gz"
