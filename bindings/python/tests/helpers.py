"""Test helpers: where the repository's fixtures are, the reference parser
(Node), an iterative comparison of parse results with reference JSON."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import gutenberg_post_parser as gpp

REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "fixtures" / "cases"
REFERENCE = REPO / "fixtures" / "reference"
SHARED_DOCUMENTS = REPO.parent / "shared" / "documents"
REFERENCE_PACKAGE = REFERENCE / "node_modules" / "@wordpress" / "block-serialization-default-parser"


def same_data(ours: Any, theirs: Any) -> str | None:
    """Where `ours` differs from `theirs` (decoded reference JSON), or None.

    Iterative, so any depth compares. Like JSON data: numbers compare by value
    (`1 == 1.0`), but bool is not a number, and dict keys must be in the same
    order (JavaScript's property order).
    """
    stack: list[tuple[str, Any, Any]] = [("$", ours, theirs)]
    while stack:
        path, a, b = stack.pop()
        if isinstance(a, bool) or isinstance(b, bool):
            if a is not b:
                return f"{path}: {a!r} != {b!r}"
        elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if a != b:
                return f"{path}: {a!r} != {b!r}"
        elif isinstance(a, dict) and isinstance(b, dict):
            if list(a) != list(b):
                return f"{path}: keys {list(a)} != {list(b)}"
            stack.extend((f"{path}.{key}", a[key], b[key]) for key in a)
        elif isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                return f"{path}: length {len(a)} != {len(b)}"
            stack.extend((f"{path}[{i}]", x, y) for i, (x, y) in enumerate(zip(a, b)))
        elif type(a) is not type(b) or a != b:
            return f"{path}: {a!r} != {b!r}"
    return None


class Reference:
    """The reference parser, run through `fixtures/reference/corpus.js`."""

    def corpus(self, *args: str) -> list[tuple[str, Any]]:
        """`(input, expected)` pairs that corpus.js prints for these arguments."""
        result = subprocess.run(
            ["node", str(REFERENCE / "corpus.js"), *args],
            check=True,
            capture_output=True,
            encoding="utf-8",
        )
        # Only "\n" ends a line: U+2028 and others may stand raw inside strings.
        cases = [json.loads(line) for line in result.stdout.split("\n") if line]
        return [(case["input"], case["expected"]) for case in cases]

    def parse_all(self, documents: list[str]) -> list[Any]:
        """The reference's output for each document, in one Node run."""
        with tempfile.TemporaryDirectory() as folder:
            listing = Path(folder) / "documents.json"
            listing.write_text(json.dumps(documents), encoding="utf-8")
            pairs = self.corpus("--docs", str(listing))
        assert [text for text, _ in pairs] == documents
        return [expected for _, expected in pairs]


def nested(depth: int) -> str:
    """`depth` groups, each inside the previous one, with a paragraph at the bottom."""
    return (
        '<!-- wp:group {"d":1} --><div>' * depth
        + "<!-- wp:paragraph --><p>bottom</p><!-- /wp:paragraph -->"
        + "</div><!-- /wp:group -->" * depth
    )


# `<!--`, JavaScript whitespace (which includes U+FEFF), then `wp:` or `/wp:`.
DELIMITER = re.compile("<!--[\\s\ufeff]*/?wp:")


def holds_delimiters(blocks: list[gpp.Block]) -> bool:
    """Whether some HTML run reads as a block delimiter, which only happens after
    recovery from broken markup, and which no markup can reproduce."""
    return any(
        DELIMITER.search(html)
        for block in gpp.iter_blocks(blocks)
        for html in block["innerContent"]
        if html is not None
    )


def assert_markup_parses_back(blocks: list[gpp.Block], markup: str) -> None:
    """`markup` (serialized `blocks`) parses back to `blocks`, and serializing
    that again gives `markup`. Invalid attribute JSON (`attrs: None`) has no
    markup, so it is expected back as no attributes."""
    for block in gpp.iter_blocks(blocks):
        if block["attrs"] is None:
            block["attrs"] = {}
    difference = same_data(gpp.parse(markup), blocks)
    assert difference is None, f"{difference}\nmarkup: {markup!r}"
    assert gpp.serialize(gpp.parse(markup)) == markup
