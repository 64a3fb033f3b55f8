#!/usr/bin/env bash
# Builds the npm package (build.sh) and runs every check: rustfmt, clippy and
# the unit tests of the wasm crate, then `node --test` on the Node suites
# (fixtures, shared and generated documents against the reference, bad input,
# walk, serialize, the module's memory and traps, the tarball installed outside
# the repository with `import`, `require` and tsc), and the Chromium test.
# Installs what is missing: the Debian packages (as root), the reference and
# the package's devDependencies (npm ci).
#
#   bindings/wasm/test.sh [NODE --test ARGS...]
#
# GPP_CORPUS_COUNT sets how many generated documents are compared (3000).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

"$here/build.sh"

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Debian packages: chromium" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q --no-install-recommends chromium >/dev/null ||
            { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
    else
        echo "error: /usr/bin/chromium is missing (apt-get install chromium as root)" >&2
        exit 1
    fi
fi
[ -d "$repo/fixtures/reference/node_modules/@wordpress/block-serialization-default-parser" ] ||
    npm ci --prefix "$repo/fixtures/reference" --no-audit --no-fund
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error

echo "== rustfmt, clippy, unit tests (the crate, for the host)" >&2
cargo fmt --manifest-path "$here/Cargo.toml" -- --check
cargo clippy --quiet --locked --manifest-path "$here/Cargo.toml" --all-targets --features find -- -D warnings
cargo test --quiet --locked --manifest-path "$here/Cargo.toml" --features find

echo "== node --test" >&2
cd "$here"
node --test "$@" test/*.test.mjs test/browser/*.test.mjs
