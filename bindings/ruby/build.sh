#!/usr/bin/env bash
# Builds the gutenberg_post_parser gem from this checkout (`gem build`, see
# build_gem.rb) and installs it (`gem install --local`) into
# bindings/ruby/.gem-test, so nothing is written outside the clone. Installs
# missing Debian packages when run as root: Ruby with its headers and libclang
# (rb-sys runs bindgen). Cargo must be on PATH.
#
# Afterwards: GEM_HOME=bindings/ruby/.gem-test ruby -e 'require "gutenberg_post_parser"'
# Set CARGO_TARGET_DIR to reuse a build directory (default: the workspace's target/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

ruby -e 'exit File.exist?(File.join(RbConfig::CONFIG["rubyhdrdir"], "ruby.h"))' 2>/dev/null ||
    "$repo/.ci/apt-install" ruby-dev
# bindgen loads libclang and needs clang's own headers.
if command -v dpkg >/dev/null; then "$repo/.ci/apt-install" libclang-dev; fi
command -v cargo >/dev/null || { echo "error: cargo (Rust 1.85 or newer) is required: https://rustup.rs" >&2; exit 1; }

# One build at a time: build_gem.rb rewrites pkg/ and gem install .gem-test/.
mkdir -p "$here/pkg"
exec 9>"$here/pkg/.build.lock"
flock 9

gem_file="$(ruby "$here/build_gem.rb")"
export GEM_HOME="$here/.gem-test"
unset GEM_PATH
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
log="$here/pkg/install.log"
if ! gem install --local --no-document --verbose "$gem_file" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "error: gem install failed; the whole build log is in $log" >&2
    exit 1
fi
echo "installed $(basename "$gem_file") into $GEM_HOME" >&2
