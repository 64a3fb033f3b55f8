"""`parse_arrow` beside a Python loop over `parse`, in one Python process
(bindings/python/benchmarks/bulk.py, on the 909 real posts replicated to 100 MB),
for the report's section on bulk parsing, with issue 15's goals."""

from pathlib import Path

from .measure import last_json_line
from .paths import REPO

BULK = REPO / "bindings" / "python" / "benchmarks" / "bulk.py"
MEGABYTES = 100
ROUNDS = 5

LOOP = "Python loop over parse"
ONE_THREAD = "parse_arrow, 1 thread"
TWO_THREADS = "parse_arrow, 2 threads"
GOAL_VS_LOOP = 10.0
"""parse_arrow (on every core: 2 here) against the loop building dicts."""
GOAL_TWO_VS_ONE = 1.7
"""parse_arrow on 2 cores against 1."""


def measure(python: Path, timeout: float) -> dict:
    """bulk.py's --json result in `python` (a virtualenv with the wheel and
    pyarrow), or {"error": why}."""
    return last_json_line([str(python), str(BULK), str(MEGABYTES), str(ROUNDS), "--json"], timeout)


def _status(ok: bool) -> str:
    return "met" if ok else "missed"


def section(data) -> list:
    """The report's lines for the result of `measure` (none when it did not run)."""
    if not data:
        return []
    lines = [
        "## Bulk: `parse_arrow` beside a Python loop, in one process",
        "",
        "`bindings/python/benchmarks/bulk.py`, run after the matrix: the 909 real posts",
        f"replicated to {MEGABYTES} MB, each run once per round, rounds interleaved; medians.",
        "",
    ]
    if "error" in data:
        return [*lines, f"Not measured: {data['error']}", ""]
    runs = data["runs"]
    loop, one = runs[LOOP]["seconds"], runs[ONE_THREAD]["seconds"]
    lines += data["markdown"]
    two = runs[TWO_THREADS]["seconds"]
    vs_loop, vs_one = loop / two, one / two
    lines += [
        "",
        f"- `parse_arrow` on 2 threads >= {GOAL_VS_LOOP:g}× the Python loop: "
        f"{vs_loop:.2f}× ({_status(vs_loop >= GOAL_VS_LOOP)})",
        f"- `parse_arrow` on 2 threads >= {GOAL_TWO_VS_ONE:g}× 1 thread: "
        f"{vs_one:.2f}× ({_status(vs_one >= GOAL_TWO_VS_ONE)})",
        "",
    ]
    return lines
