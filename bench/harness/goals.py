"""The speed goals set in the binding issues, checked on moby-dick-parsed.html."""

from dataclasses import dataclass
from typing import Optional

GOAL_DOCUMENT = "moby-dick-parsed.html"
"""The document every goal is stated for (1.4 MB, from ../shared/documents)."""


@dataclass(frozen=True)
class Goal:
    """A goal: a time limit, or a ratio to another implementation."""

    text: str
    """The goal as stated."""
    impl: str
    """The implementation it is about."""
    max_ms: Optional[float] = None
    """Goal: a median parse time under this many milliseconds."""
    other: Optional[str] = None
    """Goal: a ratio to this implementation's time ..."""
    min_speedup: Optional[float] = None
    """... at least this many times faster than it, or ..."""
    max_slowdown: Optional[float] = None
    """... at most this many times its time."""


GOALS = (
    Goal("Rust core, borrowed tree: < 0.3 ms", "rust-borrowed", max_ms=0.3),
    Goal("Rust core, decoded tree: < 0.6 ms", "rust-decoded", max_ms=0.6),
    Goal("Python `parse` (list of dicts): < 1.2 ms", "python", max_ms=1.2),
    Goal("Python: ≥ 9× faster than PHP's WP_Block_Parser", "python", other="php", min_speedup=9),
    Goal("Ruby `parse` (Array of Hashes): < 1.2 ms", "ruby", max_ms=1.2),
    Goal("Go package, full tree: < 0.8 ms", "go", max_ms=0.8),
    Goal(
        "C ABI flat records: ≤ 1.2× the Rust borrowed tree",
        "c-records",
        other="rust-borrowed",
        max_slowdown=1.2,
    ),
)
"""Every goal, in report order."""


def evaluate(goal: Goal, times_ms: dict) -> tuple:
    """(measured figure as text, "met" | "missed" | "not measured") given the
    median times in ms on the goal document by implementation key."""
    mine = times_ms.get(goal.impl)
    if mine is None:
        return "—", "not measured"
    if goal.max_ms is not None:
        return f"{mine:.3f} ms", "met" if mine < goal.max_ms else "missed"
    theirs = times_ms.get(goal.other)
    if theirs is None:
        return f"{mine:.3f} ms ({goal.other} not measured)", "not measured"
    if goal.min_speedup is not None:
        speedup = theirs / mine
        return (
            f"{speedup:.1f}× ({mine:.3f} ms vs {theirs:.3f} ms)",
            "met" if speedup >= goal.min_speedup else "missed",
        )
    slowdown = mine / theirs
    return (
        f"{slowdown:.2f}× ({mine:.3f} ms vs {theirs:.3f} ms)",
        "met" if slowdown <= goal.max_slowdown else "missed",
    )
