#!/usr/bin/env bash
# The Spark recipe's test: builds the wheel into a fresh virtualenv
# (bindings/python/.venv-spark) with PySpark, pyarrow and pandas from PyPI,
# lints the recipe (ruff, mypy --strict), then runs the job in local[2] on the
# real posts of ../shared/real-documents replicated to GPP_SPARK_POSTS posts
# (default 200,000: about 3 minutes on 2 cores). Needs Java 17+ (installs
# Debian's openjdk-17-jre-headless when run as root without it).
#
#   bindings/python/spark/test.sh [PYTEST ARGS...]
#   bindings/python/spark/test.sh --bench [POSTS] [ROUNDS]   # bench_spark.py instead

source "$(dirname "${BASH_SOURCE[0]}")/../wheel.sh"
command -v java >/dev/null || "$REPO/.ci/apt-install" openjdk-17-jre-headless
require java "Java 17 or newer, for Spark (apt-get install openjdk-17-jre-headless)"
[ -d "$REPO/../shared/real-documents" ] \
    || { echo "error: ../shared/real-documents is missing (the real posts)" >&2; exit 1; }

VENV="$HERE/.venv-spark"
# PySpark 4 needs pandas for mapInArrow, and does not support pandas 3 yet.
fresh_venv_with_wheel "$VENV" \
    "pyspark>=4,<5" "pyarrow>=15" "pandas>=2.2,<3" "pytest>=8" "mypy>=1.10" "ruff>=0.5"

cd "$HERE"
echo "== ruff, mypy --strict (spark)"
"$VENV/bin/ruff" check spark
"$VENV/bin/ruff" format --check spark
"$VENV/bin/mypy" --strict spark

cd "$HERE/spark"
if [ "${1:-}" = "--bench" ]; then
    shift
    "$VENV_PYTHON" bench_spark.py "$@"
else
    echo "== pytest (Spark local[2])"
    "$VENV_PYTHON" -m pytest test_spark.py -p no:cacheprovider "$@"
fi
