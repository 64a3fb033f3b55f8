#!/usr/bin/env bash
# Release artifacts of the Python package, into DIST (default: <repo>/dist):
# an abi3 wheel for CPython 3.9+ tagged manylinux2014 (glibc 2.17), linked with
# zig (from PyPI) so that Debian's newer glibc does not leak into it and
# checked by maturin's own manylinux audit, and the sdist (builds with cargo).
#
#   bindings/python/dist.sh [DIST]
source "$(dirname "${BASH_SOURCE[0]}")/wheel.sh"
dist="$(mkdir -p "${1:-$REPO/dist}" && cd "${1:-$REPO/dist}" && pwd)"
require "$PYTHON" "CPython 3.9 or newer; set PYTHON to choose one"
require cargo "the Rust toolchain, from rustup"

venv="$HERE/.venv-dist"
[[ -x $venv/bin/maturin ]] && "$venv/bin/python" -c "import ziglang" 2>/dev/null || {
    "$PYTHON" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.16,<2" "ziglang>=0.13,<0.14"
}
cd "$HERE"
echo "== wheel (manylinux2014, zig)" >&2
# maturin finds zig as `python -m ziglang` with the python on PATH.
PATH="$venv/bin:$PATH" "$venv/bin/maturin" build --release --locked --zig --compatibility manylinux2014 --out "$dist" >&2
echo "== sdist" >&2
"$venv/bin/maturin" sdist --out "$dist" >&2
ls "$dist"/gutenberg_post_parser-*.whl "$dist"/gutenberg_post_parser-*.tar.gz
