#!/usr/bin/env bash
# Builds the wheel, installs it into a fresh virtualenv (bindings/python/.venv-test)
# and runs the checks: rustfmt, clippy, ruff, mypy --strict, then pytest on the
# installed wheel (and the benchmarks once each, untimed). Also checks that
# `pip install ./bindings/python` (a build from source) works. With Node, the
# reference parser is installed for the differential tests; set
# GPP_REQUIRE_REFERENCE=1 to fail rather than skip them when Node is missing.
# pyarrow, DuckDB and Polars (PyPI) come in for the table tests; set
# GPP_REQUIRE_ARROW=1 to fail rather than skip those when they are missing.
#
#   bindings/python/test.sh [PYTEST ARGS...]

source "$(dirname "${BASH_SOURCE[0]}")/wheel.sh"
cd "$REPO"

echo "== rustfmt, clippy"
cargo fmt -p gutenberg-post-parser-python -- --check
cargo clippy --locked -p gutenberg-post-parser-python --all-targets -- -D warnings

if command -v node >/dev/null && command -v npm >/dev/null; then
    [ -d fixtures/reference/node_modules/@wordpress/block-serialization-default-parser ] \
        || npm ci --prefix fixtures/reference --no-audit --no-fund
fi

VENV="$HERE/.venv-test"
fresh_venv_with_wheel "$VENV" \
    "pytest>=8" "hypothesis>=6.100" "mypy>=1.10" "ruff>=0.5" "pytest-benchmark>=4" \
    "pyarrow>=15" "duckdb>=1.1" "polars>=1.0"

echo "== pip install ./bindings/python (from source)"
"$VENV_PYTHON" -m pip install --quiet --force-reinstall --no-deps ./bindings/python
"$VENV_PYTHON" -c 'import gutenberg_post_parser as g; assert g.parse("<!-- wp:a /-->")[0]["blockName"] == "core/a"'
"$VENV_PYTHON" -m pip install --quiet --force-reinstall --no-deps "$WHEEL"

cd "$HERE"
echo "== ruff, mypy --strict"
"$VENV/bin/ruff" check python tests examples benchmarks
"$VENV/bin/ruff" format --check python tests examples benchmarks
# The example is checked against the installed wheel's stubs; the rest from source.
"$VENV/bin/mypy" --strict examples/usage.py
"$VENV/bin/mypy" --strict python/gutenberg_post_parser tests
"$VENV/bin/mypy" --strict benchmarks
"$VENV_PYTHON" examples/usage.py >/dev/null

echo "== pytest (on the installed wheel)"
"$VENV_PYTHON" -m pytest tests "$@"
echo "== benchmarks, each run once (bench.sh measures them)"
"$VENV_PYTHON" -m pytest benchmarks --benchmark-disable -q
