#!/usr/bin/env bash
# Release artifacts of the Ruby gem, into DIST (default: <repo>/dist):
# the source gem (compiles the extension with cargo at install) and the
# x86_64-linux platform gem (the extension prebuilt for this Ruby: installs
# with no compiler).
#
#   bindings/ruby/dist.sh [DIST]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dist="$(mkdir -p "${1:-$repo/dist}" && cd "${1:-$repo/dist}" && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"

# build.sh installs what the build needs (ruby-dev, libclang) and checks the
# source gem builds and installs.
"$here/build.sh" >&2
cp "$(ls -t "$here"/pkg/gutenberg_post_parser-*.gem | grep -v -- '-x86_64-linux' | head -1)" "$dist/"

echo "== platform gem (x86_64-linux)" >&2
(cd "$repo" && cargo build --quiet --release --locked -p gutenberg-post-parser-ruby)
extension="$target/release/libgutenberg_post_parser_ruby.so"
strip --strip-unneeded -o "$here/pkg/gutenberg_post_parser_ruby.so" "$extension"
platform_gem="$(ruby "$here/build_platform_gem.rb" "$here/pkg/gutenberg_post_parser_ruby.so")"
cp "$platform_gem" "$dist/"
ls "$dist"/gutenberg_post_parser-*.gem
