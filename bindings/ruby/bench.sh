#!/usr/bin/env bash
# Builds and installs the gem (build.sh), then benchmarks it against the Node
# reference on ../shared/documents (bench/bench.rb). Installs Debian's
# ruby-benchmark-ips when missing (as root). Argument: seconds per document (3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

"$here/build.sh"
if ! ruby -e 'require "benchmark/ips"' 2>/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ruby-benchmark-ips >/dev/null ||
        echo "ruby-benchmark-ips not installed: timing with Benchmark" >&2
fi
reference="$repo/fixtures/reference"
if command -v node >/dev/null && [ ! -d "$reference/node_modules/@wordpress/block-serialization-default-parser" ]; then
    npm ci --prefix "$reference" --no-audit --no-fund --silent
fi
export GEM_HOME="$here/.gem-test"
unset GEM_PATH
ruby "$here/bench/bench.rb" "${1:-3}"
