#!/usr/bin/env bash
# The PHP extension's release tarball, into DIST (default: <repo>/dist):
#
#   gutenberg_post_parser-VERSION-phpX.Y-nts-x86_64-linux.tar.gz   (zts for ZTS builds)
#     gutenberg_post_parser.so                    the extension (one build per PHP minor and NTS/ZTS)
#     gutenberg_post_parser.stub.php              stubs for IDEs, PHPStan, Psalm
#     wordpress/gutenberg-post-parser.php         the must-use plugin for wp-content/mu-plugins/
#     README.md
#
#   bindings/php/dist.sh [DIST]
#
# Users: extension=/path/to/gutenberg_post_parser.so in php.ini (README.md, "PHP").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)"

so="$("$here/build.sh" | tail -n 1)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/Cargo.toml" | head -n 1)"
workspace_version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")"
[ "$version" = "$workspace_version" ] ||
    { echo "error: bindings/php/Cargo.toml has version $version, the workspace $workspace_version" >&2; exit 1; }
php_version="$(php-config --version | cut -d. -f1,2)"
thread_safety=nts
php -r 'exit(PHP_ZTS ? 0 : 1);' && thread_safety=zts
name="gutenberg_post_parser-$version-php$php_version-$thread_safety-$(uname -m)-linux"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/wordpress"
strip --strip-unneeded -o "$stage/$name/gutenberg_post_parser.so" "$so"
cp "$here/gutenberg_post_parser.stub.php" "$here/README.md" "$stage/$name/"
cp "$here/wordpress/gutenberg-post-parser.php" "$stage/$name/wordpress/"
tar -czf "$dist/$name.tar.gz" -C "$stage" --owner=0 --group=0 --sort=name "$name"
echo "$dist/$name.tar.gz"
