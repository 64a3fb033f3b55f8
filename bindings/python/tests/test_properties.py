"""Properties that hold for any input, checked on Hypothesis documents and on
arbitrary bytes (no Node needed)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gutenberg_post_parser as gpp

from helpers import assert_markup_parses_back, holds_delimiters, same_data
from strategies import documents


@settings(max_examples=300, deadline=None)
@given(documents())
def test_every_form_of_the_result_agrees(document: str) -> None:
    blocks = gpp.parse(document)
    assert gpp.parse(document.encode()) == blocks
    difference = same_data(blocks, json.loads(gpp.parse_json(document)))
    assert difference is None, difference
    json.dumps(blocks, allow_nan=False)
    walked = list(gpp.walk(document))
    assert [(entry.block_name, entry.attrs) for entry in walked] == [
        (block["blockName"], block["attrs"]) for block in gpp.iter_blocks(blocks)
    ]
    size = len(document.encode())
    for entry in walked:
        start, end = entry.span
        assert 0 <= start <= end <= size
        for inner in (entry.opener_span, entry.closer_span):
            assert inner is None or start <= inner[0] <= inner[1] <= end
    for block in gpp.iter_blocks(blocks):
        assert block["innerHTML"] == "".join(
            html for html in block["innerContent"] if html is not None
        )
        assert block["innerContent"].count(None) == len(block["innerBlocks"])


@settings(max_examples=300, deadline=None)
@given(documents())
def test_serialized_markup_parses_back_the_same(document: str) -> None:
    blocks = gpp.parse(document)
    markup = gpp.serialize(blocks)
    if holds_delimiters(blocks):
        return  # Recovered HTML that reads as delimiters has no faithful markup.
    assert_markup_parses_back(blocks, markup)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64) | documents().map(lambda text: text.encode()[:-1]))
def test_bytes_parse_or_say_where_they_stop_being_utf8(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = error.start
    else:
        assert gpp.parse(data) == gpp.parse(text)
        return
    with pytest.raises(gpp.InvalidUtf8Error) as raised:
        gpp.parse(data)
    assert raised.value.position == start
