"""`parse_arrow` against a Python loop over `parse`, on the 909 real posts of
../shared/real-documents replicated to at least 100 MB, in interleaved rounds
(medians): 1 and 2 threads, and the loop building dicts, all in one process.
Wall-clock time decides; the CPU time of the process (all its threads) shows
what a run costs when the machine is shared with other work.

    python benchmarks/bulk.py [MEGABYTES] [ROUNDS]     (defaults: 100, 5)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import gutenberg_post_parser as gpp

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


def main(megabytes: int, rounds: int) -> None:
    documents, size = posts(megabytes)
    runs: dict[str, Callable[[], object]] = {
        "parse_arrow, 2 threads": lambda: gpp.parse_arrow(documents, threads=2),
        "parse_arrow, 1 thread": lambda: gpp.parse_arrow(documents, threads=1),
        "parse_table, 2 threads (no pyarrow)": lambda: gpp.parse_table(documents, threads=2),
        "Python loop over parse": lambda: python_loop(documents),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    loop = statistics.median(times["Python loop over parse"])
    one = statistics.median(times["parse_arrow, 1 thread"])
    print(f"{len(documents)} posts, {size / 1e6:.1f} MB, {rounds} interleaved rounds, medians")
    print("| run | median s | MB/s | vs Python loop | vs 1 thread | CPU s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(
            f"| {name} | {median:.3f} | {size / 1e6 / median:,.0f} | {loop / median:.1f}x "
            f"| {one / median:.2f}x | {statistics.median(cpu[name]):.3f} |"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100,
        int(sys.argv[2]) if len(sys.argv) > 2 else 5,
    )
