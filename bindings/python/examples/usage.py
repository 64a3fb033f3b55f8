"""A tour of the API, type-checked with `mypy --strict` by test.sh.

Run it: python examples/usage.py
"""

from __future__ import annotations

import json
from collections import Counter

import gutenberg_post_parser as gpp

POST = (
    '<!-- wp:heading {"level":2} --><h2>Moby Dick</h2><!-- /wp:heading -->\n\n'
    '<!-- wp:group {"tagName":"section"} --><section>'
    "<!-- wp:paragraph --><p>Call me Ishmael.</p><!-- /wp:paragraph -->"
    '<!-- wp:image {"id":42,"sizeSlug":"large"} /-->'
    "</section><!-- /wp:group -->"
)


def heading_levels(blocks: list[gpp.Block]) -> list[int]:
    """The `level` attribute of every heading, nested ones included."""
    levels = []
    for block in gpp.iter_blocks(blocks):
        attrs = block["attrs"]
        if block["blockName"] == "core/heading" and attrs is not None:
            level = attrs.get("level")
            if isinstance(level, int):
                levels.append(level)
    return levels


def main() -> None:
    blocks = gpp.parse(POST)
    print(heading_levels(blocks))
    print(Counter(block["blockName"] for block in gpp.iter_blocks(blocks)))

    # The reference's JSON, straight from Rust, and the same data from `parse`.
    assert json.loads(gpp.parse_json(POST)) == blocks

    # Where each block sits, as byte offsets into the UTF-8 document.
    data = POST.encode()
    for entry in gpp.walk(data):
        if entry.opener_span is not None:
            start, end = entry.opener_span
            print("  " * entry.depth, data[start:end].decode())

    # Find without making every block: one attribute read per view.
    images = gpp.Document(POST).find("core/image")
    print([image.get("id", 0) for image in images])

    # Edit and write back.
    blocks[0]["attrs"] = {"level": 3}
    blocks[0]["innerContent"] = ["<h3>Moby Dick</h3>"]
    print(gpp.serialize(blocks))

    try:
        gpp.parse(b"\xff")
    except gpp.InvalidUtf8Error as error:
        print(f"not UTF-8 from byte {error.position}: {error}")


if __name__ == "__main__":
    main()
