"""Speed of `Document.find` and `Editor` on moby-dick (../shared/documents),
for the goals in bench/PROFILING.md: finding every `core/paragraph` and
reading one attribute, against `parse` and filtering the dicts; and editing
one block's attributes and producing the new text, against copying the text
once. The workloads are in find_edit_workloads.py; bench/find_edit.py times
them with the Node reference and the other languages interleaved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from find_edit_workloads import (
    OneEdit,
    copy_text,
    find_paragraph_attr,
    parse_filter_paragraph_attr,
)

SHARED_DOCUMENTS = Path(__file__).resolve().parents[3].parent / "shared" / "documents"
MOBY_DICK = SHARED_DOCUMENTS / "moby-dick-parsed.html"

if not MOBY_DICK.is_file():
    pytest.skip(f"no {MOBY_DICK}", allow_module_level=True)

TEXT = MOBY_DICK.read_bytes().decode()


def test_find_paragraph_attr(benchmark: Any) -> None:
    assert find_paragraph_attr(TEXT) == parse_filter_paragraph_attr(TEXT)
    benchmark(find_paragraph_attr, TEXT)


def test_parse_filter_paragraph_attr(benchmark: Any) -> None:
    benchmark(parse_filter_paragraph_attr, TEXT)


def test_edit_one_block(benchmark: Any) -> None:
    edit = OneEdit(TEXT)
    assert '<!-- wp:paragraph {"align":"center"} -->' in edit({"align": "center"})
    benchmark(edit, {"align": "center"})


def test_copy_document(benchmark: Any) -> None:
    benchmark(copy_text, TEXT)
