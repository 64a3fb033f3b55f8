"""Turns pytest-benchmark's JSON (and the Node timings, when measured) into the
Markdown tables of the README.

    python benchmarks/report.py RESULTS.json [NODE.json]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

NODE_MOBY_MS = 2.4
"""The reference in Node on moby-dick-parsed.html, as the issue measured it."""
PHP_MOBY_MS = 11.0
"""WordPress's PHP WP_Block_Parser on the same document, as the issue measured it."""

COLUMNS = [
    ("test_parse", "parse(str)"),
    ("test_parse_bytes", "parse(bytes)"),
    ("test_parse_json", "parse_json"),
    ("test_rust_core_only", "Rust core only"),
    ("test_marshal_floor", "marshal.loads, same objects"),
    ("test_str_to_utf8", "str.encode()"),
]


def medians(results: dict[str, Any]) -> dict[tuple[str, str], tuple[float, int]]:
    """(test, document) -> (median seconds per call, document bytes)."""
    found = {}
    for bench in results["benchmarks"]:
        match = re.fullmatch(r"(\w+)\[(.+)\]", bench["name"])
        if match and match[1] in dict(COLUMNS):
            found[(match[1], match[2])] = (bench["stats"]["median"], bench["extra_info"]["bytes"])
    return found


def main(results_path: str, node_path: str | None = None) -> None:
    results = json.loads(Path(results_path).read_text())
    times = medians(results)
    node = json.loads(Path(node_path).read_text()) if node_path else {}
    documents = sorted(
        {document for _, document in times}, key=lambda d: times[("test_parse", d)][1]
    )

    print(
        f"Machine: {results['machine_info']['cpu'].get('brand_raw', '?')}, "
        f"Python {results['machine_info']['python_version']}; median per call.\n"
    )
    header = ["Document", "Size"] + [title for _, title in COLUMNS] + ["parse / core"]
    if node:
        header.append("Node reference")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * 2 + "---:|" * (len(header) - 2))
    for document in documents:
        size = times[("test_parse", document)][1]
        row = [document, f"{size / 1024:,.1f} KiB"]
        for test, _ in COLUMNS:
            seconds, _ = times[(test, document)]
            row.append(f"{size / seconds / 1e6:,.0f} MB/s ({seconds * 1e3:.3f} ms)")
        overhead = times[("test_parse", document)][0] / times[("test_rust_core_only", document)][0]
        row.append(f"{overhead:.1f}×")
        if node:
            row.append(f"{size / (node[document] / 1e3) / 1e6:,.0f} MB/s ({node[document]:.3f} ms)")
        print("| " + " | ".join(row) + " |")

    moby = times[("test_parse", "moby-dick-parsed")][0] * 1e3
    encode = times[("test_str_to_utf8", "moby-dick-parsed")][0] * 1e3
    print(f"\nmoby-dick-parsed.html, parse(str): {moby:.2f} ms")
    print(f"- vs Node reference (issue: {NODE_MOBY_MS} ms): {NODE_MOBY_MS / moby:.2f}× (goal 2×)")
    if node:
        measured = node["moby-dick-parsed"]
        print(
            f"- vs Node reference measured in this run ({measured:.2f} ms): {measured / moby:.2f}×"
        )
    print(
        f"- vs PHP WP_Block_Parser (issue: {PHP_MOBY_MS} ms): {PHP_MOBY_MS / moby:.1f}× (goal 9×)"
    )
    print(f"- first parse of a str object: + about {encode:.2f} ms (str.encode())")

    parallel = {b["name"]: b["stats"]["median"] for b in results["benchmarks"]}
    one, two = parallel.get("test_parallel_parsing[1]"), parallel.get("test_parallel_parsing[2]")
    if one and two:
        print(
            f"- 8 core parses on 1 thread {one * 1e3:.2f} ms, on 2 threads {two * 1e3:.2f} ms "
            f"({one / two:.2f}× speed-up: the GIL is released)"
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
