"""Every shared fixture: `fixtures/cases/NAME.html` must give `NAME.json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gutenberg_post_parser as gpp

from helpers import CASES, assert_markup_parses_back, holds_delimiters, same_data

CASE_FILES = sorted(CASES.glob("*.html"))


def test_fixtures_are_there() -> None:
    assert len(CASE_FILES) >= 175, f"fixtures missing from {CASES}"


def read_case(html_path: Path) -> tuple[bytes, str]:
    """The document's bytes and the reference's JSON text."""
    return html_path.read_bytes(), html_path.with_suffix(".json").read_text(encoding="utf-8")


@pytest.mark.parametrize("html_path", CASE_FILES, ids=lambda path: path.stem)
def test_parse_gives_the_reference_output(html_path: Path) -> None:
    raw, expected = read_case(html_path)
    blocks = gpp.parse(raw.decode("utf-8"))
    difference = same_data(blocks, json.loads(expected))
    assert difference is None, difference
    assert gpp.parse(raw) == blocks


@pytest.mark.parametrize("html_path", CASE_FILES, ids=lambda path: path.stem)
def test_parse_json_is_byte_exact(html_path: Path) -> None:
    raw, expected = read_case(html_path)
    assert gpp.parse_json(raw) == expected
    assert gpp.parse_json(raw.decode("utf-8")) == expected


@pytest.mark.parametrize("html_path", CASE_FILES, ids=lambda path: path.stem)
def test_walk_agrees_with_parse(html_path: Path) -> None:
    raw, _ = read_case(html_path)
    walked = list(gpp.walk(raw))
    blocks = list(gpp.iter_blocks(gpp.parse(raw)))
    assert [(entry.block_name, entry.attrs) for entry in walked] == [
        (block["blockName"], block["attrs"]) for block in blocks
    ]
    for entry, block in zip(walked, blocks):
        start, end = entry.span
        text = raw[start:end].decode("utf-8")
        if entry.block_name is None:
            assert text == block["innerHTML"]
        else:
            assert entry.opener_span is not None
            assert entry.opener_span[0] == start
            opener = raw[slice(*entry.opener_span)].decode("utf-8")
            assert opener.startswith("<!--")
            assert opener.endswith("/-->" if entry.void else "-->")
        if entry.closer_span is not None:
            assert entry.closer_span[1] == end
            closer = raw[slice(*entry.closer_span)].decode("utf-8")
            assert closer.startswith("<!--")
            assert "/wp:" in closer
            assert closer.endswith("-->")


ROUND_TRIP_CASES = [
    path for path in CASE_FILES if not holds_delimiters(gpp.parse(path.read_bytes()))
]


def test_most_cases_round_trip() -> None:
    assert len(ROUND_TRIP_CASES) > len(CASE_FILES) * 3 // 4


@pytest.mark.parametrize("html_path", ROUND_TRIP_CASES, ids=lambda path: path.stem)
def test_serialized_blocks_parse_back_the_same(html_path: Path) -> None:
    blocks = gpp.parse(html_path.read_bytes())
    assert_markup_parses_back(blocks, gpp.serialize(blocks))
