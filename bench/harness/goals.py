"""The speed goals set in the issues, checked on moby-dick-parsed.html."""

from dataclasses import dataclass
from typing import Optional

GOAL_DOCUMENT = "moby-dick-parsed.html"
"""The document every goal is stated for (1.4 MB, from ../shared/documents)."""


@dataclass(frozen=True)
class Goal:
    """A goal: a time limit, an output speed, or a ratio to another implementation."""

    text: str
    """The goal as stated."""
    impl: str
    """The implementation it is about."""
    max_ms: Optional[float] = None
    """Goal: a median time per parse under this many milliseconds."""
    min_output_mbps: Optional[float] = None
    """Goal: at least this many MB of output (`output_bytes`) per second."""
    other: Optional[str] = None
    """Goal: a ratio to this implementation's time ..."""
    min_speedup: Optional[float] = None
    """... at least this many times faster than it, or ..."""
    max_slowdown: Optional[float] = None
    """... at most this many times its time."""


GOALS = (
    Goal("Rust core, borrowed tree: < 0.3 ms", "rust-borrowed", max_ms=0.3),
    Goal(
        "Rust core, decoded tree (`to_blocks`): within 2.5× of the borrowed `parse`",
        "rust-decoded",
        other="rust-borrowed",
        max_slowdown=2.5,
    ),
    Goal("Rust `to_json`: ≤ 1.6 ms", "rust-json", max_ms=1.6),
    Goal(
        "Rust `to_json`: ≥ 8× Node's `JSON.stringify(parse(doc))`",
        "rust-json",
        other="node-json",
        min_speedup=8,
    ),
    Goal("Rust `to_json`: JSON output ≥ 2 GB/s", "rust-json", min_output_mbps=2000),
    Goal("Python `parse` (list of dicts): < 1.2 ms", "python", max_ms=1.2),
    Goal("Python: ≥ 9× faster than PHP's WP_Block_Parser", "python", other="php", min_speedup=9),
    Goal(
        "Python `parse`: at or under `marshal.loads` of the same tree",
        "python",
        other="python-marshal",
        max_slowdown=1.0,
    ),
    Goal("Ruby `parse` (Array of Hashes): < 1.2 ms", "ruby", max_ms=1.2),
    Goal(
        "Ruby `parse`: at or under `Marshal.load` of the same tree",
        "ruby",
        other="ruby-marshal",
        max_slowdown=1.0,
    ),
    Goal("Go package, full tree: < 0.8 ms", "go", max_ms=0.8),
    Goal(
        "C ABI flat records: ≤ 1.2× the Rust borrowed tree",
        "c-records",
        other="rust-borrowed",
        max_slowdown=1.2,
    ),
)
"""Every goal, in report order."""


def evaluate(goal: Goal, cells: dict) -> tuple:
    """(measured figure as text, "met" | "missed" | "not measured") given the
    combined results (median_ns, output_bytes) on the goal document by
    implementation key."""
    mine = cells.get(goal.impl)
    if mine is None:
        return "—", "not measured"
    mine_ms = mine["median_ns"] / 1e6
    if goal.max_ms is not None:
        return f"{mine_ms:.3f} ms", "met" if mine_ms < goal.max_ms else "missed"
    if goal.min_output_mbps is not None:
        mbps = mine.get("output_bytes", 0) / mine["median_ns"] * 1e3
        return (
            f"{mbps / 1000:.2f} GB/s ({mine.get('output_bytes', 0):,} bytes in {mine_ms:.3f} ms)",
            "met" if mbps >= goal.min_output_mbps else "missed",
        )
    other = cells.get(goal.other)
    if other is None:
        return f"{mine_ms:.3f} ms ({goal.other} not measured)", "not measured"
    theirs = other["median_ns"] / 1e6
    if goal.min_speedup is not None:
        speedup = theirs / mine_ms
        return (
            f"{speedup:.1f}× ({mine_ms:.3f} ms vs {theirs:.3f} ms)",
            "met" if speedup >= goal.min_speedup else "missed",
        )
    slowdown = mine_ms / theirs
    return (
        f"{slowdown:.2f}× ({mine_ms:.3f} ms vs {theirs:.3f} ms)",
        "met" if slowdown <= goal.max_slowdown else "missed",
    )
