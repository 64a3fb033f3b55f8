"""Benchmark and conformance driver for the Python package (protocol: bench/README.md).

    python python.py --warmup W --runs R --batch K FILE
    python python.py --conformance DOCUMENTS

Times `gutenberg_post_parser.parse(text)` on a `str`, which returns the full
tree as lists and dicts; conformance mode prints `json.dumps` of that tree for
every document of a documents file, one line each.
"""

import argparse
import json
import os
import re
import sys
import time

import gutenberg_post_parser


def peak_rss_kb() -> int:
    """High-water mark of resident memory (VmHWM) in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(r"VmHWM:\s*(\d+)", status.read()).group(1))


def sample(text: str, batch: int, latest: list) -> int:
    """Nanoseconds taken by `batch` parses of `text`. `latest[0]` holds the last
    tree, released when the next one is made: freeing is timed too."""
    parse = gutenberg_post_parser.parse
    started = time.perf_counter_ns()
    for _ in range(batch):
        latest[0] = parse(text)
    elapsed = time.perf_counter_ns() - started
    if not isinstance(latest[0], list):
        raise TypeError("parse returned no list")
    return elapsed


def time_file(args: argparse.Namespace) -> None:
    with open(args.file, encoding="utf-8", newline="") as file:
        text = file.read()
    base = peak_rss_kb()
    latest = [None]
    for _ in range(args.warmup):
        sample(text, args.batch, latest)
    samples = sorted(sample(text, args.batch, latest) / args.batch for _ in range(args.runs))
    print(
        json.dumps(
            {
                "impl": "python",
                "file": os.path.basename(args.file),
                "bytes": len(text.encode()),
                "median_ns": samples[len(samples) // 2],
                "runs": args.runs,
                "batch": args.batch,
                "base_rss_kb": base,
                "peak_rss_kb": peak_rss_kb(),
            }
        )
    )


def documents(path: str):
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
