"""The WebAssembly package beside the reference in one Node process and in one
Chromium page (bindings/wasm/bench/node.mjs and chromium.mjs), for the
report's section on it: both parsers meet the same JIT, garbage collector and
strings, which separate processes (the matrix) do not give them."""

import shutil
from pathlib import Path

from .formats import duration, significant
from .measure import last_json_line
from .paths import REPO

BENCHES = REPO / "bindings" / "wasm" / "bench"
CHROMIUM = Path("/usr/bin/chromium")

NODE_GOALS = (
    ("moby-dick-parsed.html", 2.0),
    ("real-documents", 1.5),
)
"""Issue 11's speed-ups over the reference in Node: moby-dick, the 909 set;
and at least 1× on every shared document."""

MAX_WASM_BYTES = 150_000
MAX_GZIPPED_BYTES = 70_000


def _run(script: str, rounds: int, timeout: float) -> dict:
    """One bench's --json result, or {"error": why}."""
    return last_json_line(["node", str(BENCHES / script), "--json", "--rounds", str(rounds)], timeout)


def measure(timeout: float) -> dict:
    """Runs both benches (Chromium only where it and playwright-core are)."""
    if shutil.which("node") is None:
        return {"node": {"error": "node is missing"}, "chromium": {"error": "node is missing"}}
    result = {"node": _run("node.mjs", 15, timeout)}
    if not CHROMIUM.exists():
        result["chromium"] = {"error": f"{CHROMIUM} is missing"}
    elif not (REPO / "bindings" / "wasm" / "node_modules" / "playwright-core").is_dir():
        result["chromium"] = {"error": "playwright-core is not installed (npm ci --prefix bindings/wasm)"}
    else:
        result["chromium"] = _run("chromium.mjs", 11, timeout)
    return result


def _speedup(row: dict) -> float:
    return row["reference"] / row["ours"]


def _table(rows: list, extra_header: str = "", extra=None) -> list:
    header = "| Document | UTF-16 units | gutenberg-post-parser | Reference | Speed-up |" + extra_header
    lines = [header, "|---|---:|---:|---:|---:|" + ("---:|" if extra_header else "")]
    for row in rows:
        cells = [
            row["document"],
            f"{row['units']:,}",
            duration(row["ours"] * 1e6),
            duration(row["reference"] * 1e6),
            f"{significant(_speedup(row))}×",
        ]
        if extra:
            cells.append(extra(row))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _status(ok: bool) -> str:
    return "met" if ok else "missed"


def _node_lines(node: dict) -> list:
    rows = node["rows"]
    by_name = {row["document"].split(" ")[0]: row for row in rows}
    lines = [f"Node {node['node']}, median of {node['rounds']} interleaved rounds, time per parse.", ""]
    lines += ["| Goal | Measured | Status |", "|---|---|---|"]
    for name, goal in NODE_GOALS:
        row = by_name.get(name)
        if row is not None:
            ratio = _speedup(row)
            lines.append(
                f"| {row['document']}: ≥ {goal:g}× | {significant(ratio)}× | {_status(ratio >= goal)} |"
            )
    slowest = min(rows, key=_speedup)
    lines.append(
        f"| Every shared document: ≥ 1× | slowest: {slowest['document']}, {significant(_speedup(slowest))}× "
        f"| {_status(_speedup(slowest) >= 1)} |"
    )
    wasm = node["wasm"]
    small = wasm["bytes"] <= MAX_WASM_BYTES and wasm["gzipped"] <= MAX_GZIPPED_BYTES
    lines.append(
        f"| `.wasm` ≤ {MAX_WASM_BYTES // 1000} KB, gzipped ≤ {MAX_GZIPPED_BYTES // 1000} KB "
        f"| {wasm['bytes']:,} bytes, {wasm['gzipped']:,} gzipped | {_status(small)} |"
    )
    start = node["startup"]
    lines += [
        "",
        *_table(rows),
        "",
        f"In a fresh process (median of 7): compile {significant(start['compileMs'])} ms, instantiate "
        f"{significant(start['instantiateMs'])} ms, `require()` of the package "
        f"{significant(start['requireMs'])} ms. "
        f"Linear memory after the runs: {node['linearMemoryBytes']:,} bytes.",
        "",
    ]
    return lines


def _chromium_lines(page: dict) -> list:
    rows = page["rows"]
    at_parity = [row for row in rows if _speedup(row) >= 1]
    return [
        f"{page['userAgent']}, median of {page['rounds']} interleaved rounds (`performance.now`),"
        " time per parse;"
        f" `init()`, fetch included: {significant(page['initMs'])} ms. Goal: at least parity on every shared"
        f" document: {len(at_parity)} of {len(rows)} rows at parity"
        f" ({_status(len(at_parity) == len(rows))}; bindings/wasm/README.md, Speed, says why).",
        "",
        *_table(rows, " encodeInto alone |", lambda row: duration(row["encodeInto"] * 1e6)),
        "",
    ]


def section(data) -> list:
    """The report's lines for the result of `measure` (none when it did not run)."""
    if not data:
        return []
    lines = [
        "## WebAssembly package beside the reference, in one process",
        "",
        "`bindings/wasm/bench/node.mjs` and `bindings/wasm/bench/chromium.mjs`, run after the matrix:",
        "both parsers in the same Node process (the same Chromium page), on the same strings,",
        "rounds interleaved, each sample after a full garbage collection.",
        "",
        "### Node",
        "",
    ]
    node = data.get("node", {})
    lines += [f"Not measured: {node['error']}", ""] if "error" in node else _node_lines(node)
    lines += ["### Chromium", ""]
    page = data.get("chromium", {})
    lines += [f"Not measured: {page['error']}", ""] if "error" in page else _chromium_lines(page)
    return lines
