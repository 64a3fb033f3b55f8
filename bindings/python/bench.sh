#!/usr/bin/env bash
# Builds the wheel into a fresh virtualenv (bindings/python/.venv-bench) and
# measures it on ../shared/documents with pytest-benchmark; with Node and the
# reference installed, times the reference the same way. Prints the README's
# tables; raw results go to bindings/python/.benchmarks/.
#
#   bindings/python/bench.sh

source "$(dirname "${BASH_SOURCE[0]}")/wheel.sh"
cd "$REPO"

VENV="$HERE/.venv-bench"
fresh_venv_with_wheel "$VENV" "pytest>=8" "pytest-benchmark>=4"

OUT="$HERE/.benchmarks"
mkdir -p "$OUT"
cd "$HERE"
"$VENV_PYTHON" -m pytest benchmarks -q -p no:cacheprovider \
    --benchmark-json "$OUT/results.json" --benchmark-columns median,min,rounds,iterations

NODE_RESULTS=()
if command -v node >/dev/null \
    && [ -d "$REPO/fixtures/reference/node_modules/@wordpress/block-serialization-default-parser" ]; then
    node benchmarks/node_reference.js "$REPO"/../shared/documents/*.html > "$OUT/node.json"
    NODE_RESULTS=("$OUT/node.json")
fi
"$VENV_PYTHON" benchmarks/report.py "$OUT/results.json" "${NODE_RESULTS[@]}"
