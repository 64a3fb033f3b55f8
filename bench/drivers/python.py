"""Benchmark and conformance driver for the Python package (protocol: bench/README.md).

    python python.py [--form parse|marshal] --warmup W --runs R --batch K FILE
    python python.py --conformance DOCUMENTS

`parse` times `gutenberg_post_parser.parse(text)` on a `str`, which returns the
full tree as lists and dicts. `marshal` times the interpreter's floor for making
that same tree: `marshal.loads` of `marshal.dumps(parse(text))`, the bytes made
once before timing. A FILE named `*.documents` is a documents file, timed as one
set (every document once per parse, in order). Conformance mode prints
`json.dumps` of the tree for every document of a documents file, one line each.
"""

import argparse
import json
import marshal
import os
import re
import sys
import time
from collections.abc import Iterator
from typing import Any, Callable

import gutenberg_post_parser


def peak_rss_kb() -> int:
    """High-water mark of resident memory (VmHWM) in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        found = re.search(r"VmHWM:\s*(\d+)", status.read())
    return int(found.group(1)) if found else 0


def sample(make: Callable[[Any], Any], inputs: list[Any], batch: int, latest: list[Any]) -> int:
    """Nanoseconds taken by `batch` passes of `make` over `inputs`, in order.
    `latest[0]` holds the last tree, released when the next one is made:
    freeing is timed too."""
    started = time.perf_counter_ns()
    for _ in range(batch):
        for item in inputs:
            latest[0] = make(item)
    elapsed = time.perf_counter_ns() - started
    if not isinstance(latest[0], list):
        raise TypeError("parse returned no list")
    return elapsed


def time_file(args: argparse.Namespace) -> None:
    is_set = args.file.endswith(".documents")
    if is_set:
        texts = list(documents(args.file))
    else:
        with open(args.file, encoding="utf-8", newline="") as file:
            texts = [file.read()]
    make: Callable[[Any], Any] = gutenberg_post_parser.parse
    inputs: list[Any] = list(texts)
    if args.form == "marshal":
        make = marshal.loads
        inputs = [marshal.dumps(gutenberg_post_parser.parse(text)) for text in texts]
    base = peak_rss_kb()
    latest: list[Any] = [None]
    for _ in range(args.warmup):
        sample(make, inputs, args.batch, latest)
    samples = sorted(sample(make, inputs, args.batch, latest) / args.batch for _ in range(args.runs))
    line: dict[str, Any] = {
        "impl": "python" if args.form == "parse" else "python-marshal",
        "file": os.path.basename(args.file),
        "bytes": sum(len(text.encode()) for text in texts),
        "median_ns": samples[len(samples) // 2],
        "runs": args.runs,
        "batch": args.batch,
        "base_rss_kb": base,
        "peak_rss_kb": peak_rss_kb(),
    }
    if is_set:
        line["documents"] = len(texts)
    print(json.dumps(line))


def documents(path: str) -> Iterator[str]:
    """Every document of a documents file: length, newline, UTF-8, newline."""
    with open(path, "rb") as file:
        data = file.read()
    at = 0
    while at < len(data):
        newline = data.index(b"\n", at)
        size = int(data[at:newline])
        yield data[newline + 1 : newline + 1 + size].decode("utf-8")
        at = newline + 1 + size + 1


def check_corpus(path: str) -> None:
    out = sys.stdout
    for text in documents(path):
        out.write(json.dumps(gutenberg_post_parser.parse(text)))
        out.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--form", choices=("parse", "marshal"), default="parse")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--conformance")
    parser.add_argument("file", nargs="?")
    args = parser.parse_args()
    if args.conformance:
        check_corpus(args.conformance)
    elif args.file:
        time_file(args)
    else:
        parser.error("FILE or --conformance DOCUMENTS is required")


if __name__ == "__main__":
    main()
