"""`parse_arrow` against a Python loop over `parse`, on the 909 real posts of
../shared/real-documents replicated to at least 100 MB, in interleaved rounds
(medians): 1 and 2 threads, and the loop building dicts, all in one process.
Wall-clock time decides; the CPU time of the process (all its threads) shows
what a run costs when the machine is shared with other work.

    python benchmarks/bulk.py [MEGABYTES] [ROUNDS] [--json]     (defaults: 100, 5)

--json prints the medians and that table as one JSON object (bench/run.py
puts them in the side-by-side report).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gutenberg_post_parser as gpp

LOOP = "Python loop over parse"
ONE_THREAD = "parse_arrow, 1 thread"

REAL_DOCUMENTS = Path(__file__).resolve().parents[3].parent / "shared" / "real-documents"


def posts(megabytes: int) -> tuple[list[str], int]:
    """The real posts repeated until they hold `megabytes` MB, and their size."""
    real = [path.read_text(encoding="utf-8") for path in sorted(REAL_DOCUMENTS.glob("*.html"))]
    if not real:
        sys.exit(f"no real posts in {REAL_DOCUMENTS}")
    size = sum(len(text.encode()) for text in real)
    copies = -(-megabytes * 1_000_000 // size)
    return real * copies, size * copies


def python_loop(documents: list[str]) -> None:
    for document in documents:
        gpp.parse(document)


def measure(megabytes: int, rounds: int) -> dict[str, Any]:
    """The medians of each run: wall-clock and CPU seconds."""
    documents, size = posts(megabytes)
    runs: dict[str, Callable[[], object]] = {
        "parse_arrow, 2 threads": lambda: gpp.parse_arrow(documents, threads=2),
        "parse_arrow, 1 thread": lambda: gpp.parse_arrow(documents, threads=1),
        "parse_table, 2 threads (no pyarrow)": lambda: gpp.parse_table(documents, threads=2),
        LOOP: lambda: python_loop(documents),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    medians = {
        name: {"seconds": statistics.median(times[name]), "cpu": statistics.median(cpu[name])}
        for name in runs
    }
    return {"posts": len(documents), "bytes": size, "rounds": rounds, "runs": medians}


def markdown(result: dict[str, Any]) -> list[str]:
    """The result as a Markdown table, each run beside the loop and one thread."""
    runs = result["runs"]
    loop, one = runs[LOOP]["seconds"], runs[ONE_THREAD]["seconds"]
    megabytes = result["bytes"] / 1e6
    lines = [
        f"{result['posts']} posts, {megabytes:.1f} MB, "
        f"{result['rounds']} interleaved rounds, medians",
        "",
        "| run | median s | MB/s | vs Python loop | vs 1 thread | CPU s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        median = run["seconds"]
        lines.append(
            f"| {name} | {median:.3f} | {megabytes / median:,.0f} | {loop / median:.1f}x "
            f"| {one / median:.2f}x | {run['cpu']:.3f} |"
        )
    return lines


def main() -> None:
    args = [arg for arg in sys.argv[1:] if arg != "--json"]
    megabytes = int(args[0]) if args else 100
    rounds = int(args[1]) if len(args) > 1 else 5
    result = measure(megabytes, rounds)
    if "--json" in sys.argv[1:]:
        print(json.dumps({**result, "markdown": markdown(result)}))
    else:
        print("\n".join(markdown(result)))


if __name__ == "__main__":
    main()
