#!/usr/bin/env bash
# Unpacks the PHP tarball from DIST into a fresh folder, loads its extension
# with `php -d extension=...` and parses every ../shared/documents file, and
# loads its WordPress plugin (run it under .ci/without-rust: the tarball needs
# no Rust).
#
#   bindings/php/install-test.sh DIST
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
documents="$(cd "$here/../../../shared/documents" && pwd)"
tarball="$(ls "$1"/gutenberg_post_parser-*-php*-linux.tar.gz)"
command -v php >/dev/null || "$here/../../.ci/apt-install" php-cli
place="$(mktemp -d)"
trap 'rm -rf "$place"' EXIT
tar -xzf "$tarball" -C "$place"
prefix="$(ls -d "$place"/gutenberg_post_parser-*)"
cd "$place"
php -n -d "extension=$prefix/gutenberg_post_parser.so" -r '
foreach (glob($argv[1] . "/*.html") as $path) {
    $document = file_get_contents($path);
    $blocks = gutenberg_post_parser_parse($document);
    $walk = gutenberg_post_parser_walk($document);
    if (gutenberg_post_parser_parse(gutenberg_post_parser_serialize($blocks)) === null) { exit(1); }
    printf("%s: %d top-level blocks, %d in all\n", basename($path), count($blocks), count($walk));
}
define("ABSPATH", __DIR__ . "/");
function add_filter($hook, $callback) { $GLOBALS["filters"][$hook] = $callback; }
class WP_Block_Parser { public $document; public $offset; public $output; public $stack; }
require $argv[2];
if ($GLOBALS["filters"]["block_parser_class"]("WP_Block_Parser") !== "Gutenberg_Post_Parser_Block_Parser") { exit(1); }
' "$documents" "$prefix/wordpress/gutenberg-post-parser.php"
echo "PHP: the extension loads from the tarball and parses every shared document; the plugin registers"
