#!/usr/bin/env bash
# Installs the wheel from DIST into a fresh virtualenv outside the repository
# and runs a small program against ../shared/documents (run it under
# .ci/without-rust: a wheel needs no Rust).
#
#   bindings/python/install-test.sh DIST
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
documents="$(cd "$here/../../../shared/documents" && pwd)"
wheel="$(ls "$1"/gutenberg_post_parser-*-abi3-manylinux*.whl)"
place="$(mktemp -d)"
trap 'rm -rf "$place"' EXIT
python3 -m venv "$place/venv"
"$place/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
cd "$place"
"$place/venv/bin/python" - "$documents" <<'PY'
import json
import pathlib
import sys

import gutenberg_post_parser as gpp

for path in sorted(pathlib.Path(sys.argv[1]).glob("*.html")):
    text = path.read_text(encoding="utf-8")
    blocks = gpp.parse(text)
    assert json.loads(gpp.parse_json(text)) == blocks, path.name
    assert gpp.parse(gpp.serialize(blocks)) is not None
    print(f"{path.name}: {sum(1 for _ in gpp.iter_blocks(blocks))} blocks")
PY
echo "Python: the wheel installs and parses every shared document"
