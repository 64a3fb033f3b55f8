"""100,000-deep nesting, of blocks and of attribute JSON: no RecursionError,
no crash, in every direction (parse, JSON, walk, serialize, drop).

Results this deep cannot be compared with `==` or printed (Python recurses
there), so these tests walk them with loops."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest

import gutenberg_post_parser as gpp

from helpers import nested

DEPTH = 100_000


@pytest.fixture(scope="module")
def deep_document() -> str:
    return nested(DEPTH)


def test_parse_builds_the_whole_depth(deep_document: str) -> None:
    blocks = gpp.parse(deep_document)
    depth = 0
    while blocks[0]["blockName"] == "core/group":
        block = blocks[0]
        assert block["attrs"] == {"d": 1}
        assert block["innerContent"] == ["<div>", None, "</div>"]
        assert block["innerHTML"] == "<div></div>"
        assert len(block["innerBlocks"]) == 1
        blocks = block["innerBlocks"]
        depth += 1
    assert depth == DEPTH
    assert blocks[0]["innerHTML"] == "<p>bottom</p>"


def test_deep_results_can_be_dropped(deep_document: str) -> None:
    for _ in range(2):
        blocks = gpp.parse(deep_document)
        del blocks
        gc.collect()


def test_parse_json_writes_the_whole_depth(deep_document: str) -> None:
    text = gpp.parse_json(deep_document)
    assert text.count('"blockName":"core/group"') == DEPTH
    assert text.startswith('[{"blockName":"core/group","attrs":{"d":1},"innerBlocks":[{')
    assert text.endswith('"innerHTML":"<div></div>","innerContent":["<div>",null,"</div>"]}]')


def test_walk_and_iter_blocks_reach_the_bottom(deep_document: str) -> None:
    walked = list(gpp.walk(deep_document))
    assert len(walked) == DEPTH + 1
    assert walked[-1].depth == DEPTH
    assert walked[-1].block_name == "core/paragraph"
    assert sum(1 for _ in gpp.iter_blocks(gpp.parse(deep_document))) == DEPTH + 1


def test_serialize_gives_the_document_back(deep_document: str) -> None:
    assert gpp.serialize(gpp.parse(deep_document)) == deep_document


def test_unclosed_deep_nesting_recovers() -> None:
    # The reference closes every open block at the end of the document, each one
    # holding the rest of the document as HTML: output grows with the square of
    # the input, so only the walk (which copies no HTML) goes this deep.
    document = "<!-- wp:a --><b>" * DEPTH
    walked = list(gpp.walk(document))
    assert [entry.block_name for entry in walked].count("core/a") == DEPTH
    assert all(entry.closer_span is None for entry in walked)
    smaller = "<!-- wp:a --><b>" * 300
    assert gpp.parse(smaller) == json.loads(gpp.parse_json(smaller))


def depth_of_lists(value: Any) -> int:
    depth = 0
    while isinstance(value, list) and value:
        value = value[0]
        depth += 1
    return depth


def test_deep_attribute_json_converts_both_ways() -> None:
    document = '<!-- wp:a {"x":' + "[" * DEPTH + '{"y":1}' + "]" * DEPTH + "} /-->"
    blocks = gpp.parse(document)
    attrs = blocks[0]["attrs"]
    assert attrs is not None
    assert depth_of_lists(attrs["x"]) == DEPTH
    markup = gpp.serialize(blocks)
    assert markup == document
    again = gpp.parse(markup)[0]["attrs"]
    assert again is not None
    assert depth_of_lists(again["x"]) == DEPTH
    walked = next(iter(gpp.walk(document)))
    assert walked.attrs is not None
    assert depth_of_lists(walked.attrs["x"]) == DEPTH


def test_deep_hand_made_dicts_serialize() -> None:
    leaf: dict[str, Any] = {"blockName": "b", "attrs": {}, "innerBlocks": [], "innerContent": ["."]}
    top: Any = leaf
    for _ in range(DEPTH):
        top = {"blockName": "a", "attrs": None, "innerBlocks": [top], "innerContent": [None]}
    deep_attrs: Any = "bottom"
    for _ in range(DEPTH):
        deep_attrs = {"k": deep_attrs}
    leaf["attrs"] = deep_attrs
    markup = gpp.serialize([top])
    assert markup.count("<!-- wp:a -->") == DEPTH
    assert markup.count("<!-- /wp:a -->") == DEPTH
    assert markup.count('{"k":') == DEPTH
