#!/usr/bin/env bash
# Tests the PHP extension: rustfmt and clippy (bindings/php is its own cargo
# workspace), build.sh, then phpunit (Debian's) with the extension loaded
# against WordPress's own WP_Block_Parser (Debian's `wordpress` package,
# extracted by fixtures/reference/php/fetch-wordpress.sh; nothing installed):
# every fixtures/cases/*.php.ser, ../shared/wordpress-fixtures,
# ../shared/real-documents and ../shared/documents, thousands of generated
# documents (fixtures/reference/corpus.js, with Node), bad input, serialize
# round trips, memory_limit, the WordPress plugin through parse_blocks();
# then a subset under valgrind (USE_ZEND_ALLOC=0), which must be clean.
#
# Installs what it needs with apt-get when run as root (php-cli, php-dev,
# libclang-dev, phpunit, valgrind), otherwise names what is missing. Set
# GPP_REQUIRE_REFERENCE=1 to fail rather than skip the generated corpus when
# Node is missing; GPP_SKIP_VALGRIND=1 skips the valgrind run.
#
#   bindings/php/test.sh [PHPUNIT ARGS...]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

packages=(php-cli php-dev libclang-dev phpunit)
[ -n "${GPP_SKIP_VALGRIND:-}" ] || packages+=(valgrind)
.ci/apt-install "${packages[@]}"

echo "== rustfmt, clippy (bindings/php)"
cargo fmt --manifest-path "$here/Cargo.toml" -- --check
cargo clippy --quiet --locked --release --manifest-path "$here/Cargo.toml" --all-targets -- -D warnings

echo "== build.sh"
so="$("$here/build.sh" | tail -n 1)"
echo "$so"

echo "== WordPress (Debian's package, extracted)"
includes="$(fixtures/reference/php/fetch-wordpress.sh | tail -n 1)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

corpus=""
if command -v node >/dev/null && command -v npm >/dev/null; then
    [ -d fixtures/reference/node_modules/@wordpress/block-serialization-default-parser ] ||
        npm ci --prefix fixtures/reference --no-audit --no-fund >/dev/null
    corpus="$work/corpus.jsonl"
    echo "== corpus.js: 8,000 generated documents (seeds 1, 2 and 3)"
    node fixtures/reference/corpus.js --seed 1 --count 3000 >"$corpus"
    node fixtures/reference/corpus.js --seed 2 --count 2000 >>"$corpus"
    node fixtures/reference/corpus.js --seed 3 --count 3000 >>"$corpus"
elif [ -n "${GPP_REQUIRE_REFERENCE:-}" ]; then
    echo "error: node and npm are needed for the generated corpus (GPP_REQUIRE_REFERENCE is set)" >&2
    exit 1
fi

php=(php -d "extension=$so" -d memory_limit=-1 -d error_reporting=-1 -d display_errors=stderr)

echo "== php -l, php --re"
php -l "$here/gutenberg_post_parser.stub.php" >/dev/null
php -l "$here/wordpress/gutenberg-post-parser.php" >/dev/null
reflection="$("${php[@]}" --re gutenberg_post_parser)"
for function in parse parse_state walk serialize consumed_end; do
    grep -q "function gutenberg_post_parser_$function " <<<"$reflection" ||
        { echo "error: php --re lists no gutenberg_post_parser_$function" >&2; exit 1; }
done
for class in Document BlockView Editor EditException; do
    grep -q "class GutenbergPostParser\\\\$class " <<<"$reflection" ||
        { echo "error: php --re lists no class GutenbergPostParser\\$class" >&2; exit 1; }
done

export GPP_WP_INCLUDES="$includes" GPP_EXTENSION="$so" GPP_CORPUS="$corpus" GPP_SHARED="$repo/../shared"
echo "== phpunit"
"${php[@]}" /usr/bin/phpunit --configuration "$here/phpunit.xml" "$@"

if [ -z "${GPP_SKIP_VALGRIND:-}" ]; then
    # pcre.jit=0: valgrind cannot follow the machine code PCRE's JIT writes
    # (phpunit's own regexes), and reports it; USE_ZEND_ALLOC=0: PHP's
    # allocations go through malloc, where valgrind sees them.
    echo "== valgrind (USE_ZEND_ALLOC=0): fixture cases, bad input, serialize errors, the plugin"
    USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 valgrind --quiet --error-exitcode=99 --leak-check=no \
        "${php[@]}" -d pcre.jit=0 /usr/bin/phpunit --configuration "$here/phpunit.xml" \
        --filter 'testSharedArrays|testFixtureCase|testBrokenInput|testHugeAttributes|testDeepNesting|testNonStrings|testTheExpansionLimit|testWrongShapes|testHandWritten|testTheParserState|testDialectMutations|testRefusedEdits|testBadArguments|testBytesThatAreNotUtf8|testAttributesWordPressRefuses'
fi
echo "== bindings/php: all passed"
