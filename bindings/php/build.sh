#!/usr/bin/env bash
# Builds the PHP extension `gutenberg_post_parser` (release) with cargo and
# ext-php-rs, against the PHP found by php-config. Installs Debian's
# php8.2-dev (PHP's headers, php-config) and libclang-dev (bindgen) when
# missing and run as root; otherwise names what is missing. The build goes to
# $CARGO_TARGET_DIR when set, else bindings/php/target.
#
# The last line printed is the absolute path of the .so: load it with
#   php -d extension=/that/path ...   (or extension=... in php.ini)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v php-config >/dev/null || ! dpkg-query -W -f='${Status}' libclang-dev 2>/dev/null | grep -q "install ok installed"; then
    if command -v dpkg-query >/dev/null; then
        "$here/../../.ci/apt-install" php-cli php-dev libclang-dev
    fi
fi
command -v php-config >/dev/null || { echo "error: php-config is missing (Debian: apt-get install php-dev)" >&2; exit 1; }
command -v cargo >/dev/null || { echo "error: cargo is missing (https://rustup.rs)" >&2; exit 1; }

target_dir="${CARGO_TARGET_DIR:-$here/target}"
echo "== cargo build --release (PHP $(php-config --version), into $target_dir)" >&2
CARGO_TARGET_DIR="$target_dir" cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml" >&2
so="$target_dir/release/libgutenberg_post_parser_php.so"
[ -f "$so" ] || { echo "error: cargo built no $so" >&2; exit 1; }
cd "$(dirname "$so")" && echo "$(pwd)/$(basename "$so")"
