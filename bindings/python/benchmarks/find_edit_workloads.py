"""The find-and-edit workloads on moby-dick, shared by test_find.py
(pytest-benchmark) and bench/find_edit.py, which runs this file once per
round between the other languages' rounds:

    python benchmarks/find_edit_workloads.py DOCUMENT [REPEATS]

prints the median milliseconds of each workload as JSON."""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any, Callable

import gutenberg_post_parser as gpp


def find_paragraph_attr(text: str) -> list[Any]:
    """`Document` + `find`, one attribute read per view."""
    views = gpp.Document(text).find("core/paragraph")
    return [view.attrs.get("align") for view in views]  # type: ignore[union-attr]


def parse_filter_paragraph_attr(text: str) -> list[Any]:
    """`parse` + a filter over every block's dict."""
    return [
        block["attrs"].get("align")  # type: ignore[union-attr]
        for block in gpp.iter_blocks(gpp.parse(text))
        if block["blockName"] == "core/paragraph"
    ]


class OneEdit:
    """One `set_attrs` on an already parsed document, then the new text; of
    the last paragraph unless `which` picks another (a `str` result costs
    most when the edit is near the start: see `splice.rs`)."""

    def __init__(self, text: str, which: str = "last") -> None:
        self.document = gpp.Document(text)
        paragraphs = self.document.find("core/paragraph")
        index = {"first": 0, "middle": len(paragraphs) // 2, "last": -1}[which]
        self.target = paragraphs[index]

    def __call__(self, attrs: dict[str, Any]) -> str | bytes:
        editor = self.document.edit()
        editor.set_attrs(self.target, attrs)
        return editor.text()


def copy_text(text: str) -> str:
    """The floor for an edit: one copy of the text as a new `str`."""
    return text + " "


def median_ms(repeats: int, work: Callable[[], object]) -> float:
    for _ in range(3):
        work()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times)


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    edit = OneEdit(text)
    edit_first, edit_middle = OneEdit(text, "first"), OneEdit(text, "middle")
    result = {
        "find": median_ms(repeats, lambda: find_paragraph_attr(text)),
        "parse_filter": median_ms(repeats, lambda: parse_filter_paragraph_attr(text)),
        "edit": median_ms(repeats, lambda: edit({"align": "center"})),
        "copy": median_ms(repeats, lambda: copy_text(text)),
        "edit_first": median_ms(repeats, lambda: edit_first({"align": "center"})),
        "edit_middle": median_ms(repeats, lambda: edit_middle({"align": "center"})),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
