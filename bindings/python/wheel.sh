#!/usr/bin/env bash
# Builds the wheel and installs it into a fresh virtualenv; sourced by test.sh
# and bench.sh, which call `fresh_venv_with_wheel VENV_DIR [PACKAGES...]`.
# Afterwards: $VENV_PYTHON is the venv's python, $WHEEL the wheel file.

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"

require() {
    command -v "$1" >/dev/null || { echo "error: $1 is required ($2)" >&2; exit 1; }
}

fresh_venv_with_wheel() {
    local venv="$1"
    shift
    require "$PYTHON" "CPython 3.9 or newer; set PYTHON to choose one"
    require cargo "the Rust toolchain, from rustup"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
        || { echo "error: $PYTHON is older than Python 3.9" >&2; exit 1; }

    rm -rf "$venv" "$HERE/dist"
    "$PYTHON" -m venv "$venv"
    VENV_PYTHON="$venv/bin/python"
    "$VENV_PYTHON" -m pip install --quiet --upgrade pip
    "$VENV_PYTHON" -m pip install --quiet "maturin>=1.16,<2" "$@"

    echo "== building the wheel (maturin, release)"
    (cd "$HERE" && "$venv/bin/maturin" build --release --locked --out "$HERE/dist")
    WHEEL="$(ls "$HERE"/dist/gutenberg_post_parser-*.whl)"
    "$VENV_PYTHON" -m pip install --quiet "$WHEEL"
    echo "== installed $(basename "$WHEEL") into $venv"
}
