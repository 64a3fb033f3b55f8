"""Speed of `Document.find` and `Editor` on moby-dick (../shared/documents),
for the goals in bench/PROFILING.md: finding every `core/paragraph` and
reading one attribute, against `parse` and filtering the dicts; and editing
one block's attributes and producing the new text, against copying the text
once. Run by bench.sh with the other benchmarks (bench/find_edit.py
measures the same with the Node reference interleaved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gutenberg_post_parser as gpp

SHARED_DOCUMENTS = Path(__file__).resolve().parents[3].parent / "shared" / "documents"
MOBY_DICK = SHARED_DOCUMENTS / "moby-dick-parsed.html"

if not MOBY_DICK.is_file():
    pytest.skip(f"no {MOBY_DICK}", allow_module_level=True)

TEXT = MOBY_DICK.read_bytes().decode()


def find_paragraph_attr(text: str) -> list[Any]:
    """`Document` + `find`, one attribute read per view."""
    return [view.attrs.get("align") for view in gpp.Document(text).find("core/paragraph")]  # type: ignore[union-attr]


def parse_filter_paragraph_attr(text: str) -> list[Any]:
    """`parse` + a filter over every block's dict."""
    return [
        block["attrs"].get("align")  # type: ignore[union-attr]
        for block in gpp.iter_blocks(gpp.parse(text))
        if block["blockName"] == "core/paragraph"
    ]


def test_find_paragraph_attr(benchmark: Any) -> None:
    assert find_paragraph_attr(TEXT) == parse_filter_paragraph_attr(TEXT)
    benchmark(find_paragraph_attr, TEXT)


def test_parse_filter_paragraph_attr(benchmark: Any) -> None:
    benchmark(parse_filter_paragraph_attr, TEXT)


DOCUMENT = gpp.Document(TEXT)
TARGET = DOCUMENT.find("core/paragraph")[-1]


def edit_one_block(attrs: dict[str, Any]) -> str | bytes:
    """One `set_attrs` on a parsed document, then the new text."""
    editor = DOCUMENT.edit()
    editor.set_attrs(TARGET, attrs)
    return editor.text()


def test_edit_one_block(benchmark: Any) -> None:
    benchmark(edit_one_block, {"align": "center"})


def test_copy_document(benchmark: Any) -> None:
    """The floor: one copy of the text as a new `str`."""
    benchmark(str.__add__, TEXT, " ")
