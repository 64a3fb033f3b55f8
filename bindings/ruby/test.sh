#!/usr/bin/env bash
# The Ruby gem's checks, from a clean clone: builds and installs the gem
# (build.sh), lints (ruby -wc, RuboCop, the RBS signatures, cargo fmt and
# clippy), then runs the minitest suite against the INSTALLED gem, and the API
# tests once more with RBS runtime type checks of every call. Installs
# missing Debian packages when run as root; fetches the Node reference with npm
# when Node is present (set GPP_REQUIRE_REFERENCE=1 to fail without it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"

"$here/build.sh"

ruby -e 'require "minitest"' 2>/dev/null || "$repo/.ci/apt-install" ruby-minitest
command -v rubocop >/dev/null || "$repo/.ci/apt-install" rubocop

reference="$repo/fixtures/reference"
if command -v node >/dev/null && [ ! -d "$reference/node_modules/@wordpress/block-serialization-default-parser" ]; then
    npm ci --prefix "$reference" --no-audit --no-fund --silent
fi

echo "== lint"
ruby_files=(build_gem.rb gutenberg_post_parser.gemspec ext/gutenberg_post_parser/extconf.rb lib/*.rb lib/*/*.rb test/*.rb bench/*.rb)
for file in "${ruby_files[@]}"; do
    ruby -wc "$file" >/dev/null
done
rubocop --format quiet
# The rbs gem is bundled with Debian's Ruby; validate the signatures when it is there.
if ruby -e 'gem "rbs"' 2>/dev/null; then
    ruby -e 'load Gem.bin_path("rbs", "rbs")' -- -I sig validate --silent
else
    echo "rbs not available: signatures not validated" >&2
fi
(cd "$repo" && cargo fmt -p gutenberg-post-parser-ruby -- --check &&
    cargo clippy --quiet -p gutenberg-post-parser-ruby -- -D warnings)

echo "== test the installed gem"
export GEM_HOME="$here/.gem-test"
unset GEM_PATH
ruby -w test/run.rb

if ruby -e 'gem "rbs"' 2>/dev/null; then
    echo "== the API tests again, every call checked against sig/ (tests of wrong argument types left out)"
    RBS_TEST_TARGET='GutenbergPostParser,GutenbergPostParser::*' RBS_TEST_OPT='-I sig' RBS_TEST_LOGLEVEL=error \
        ruby -rrbs/test/setup test/run.rb test/test_parse.rb test/test_each_block.rb test/test_serialize.rb \
        test/test_fixtures.rb -- --exclude '/type_error|wrong_types|missing_required/'
fi
