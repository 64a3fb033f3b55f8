"""REPORT.md and chart.svg from a run's results."""

import datetime
from pathlib import Path

from . import bulk_in_process, chart, report_sections, wasm_in_page
from .driver import Implementation
from .formats import duration, significant, size_text
from .goals import GOAL_DOCUMENT, GOALS, evaluate
from .implementations import BASELINE, IMPLEMENTATIONS
from .measure import BATCH_BYTES, WARMUP_BYTES, WARMUP_SAMPLES, combine
from .sets import SUFFIX, display_name

BUSY_LOAD = 1.5
"""Mean 1-minute load above which the report warns that the machine was busy."""


def _columns(run: dict) -> list:
    """Every implementation of the run in report order: the known ones, then
    the others (an older commit's packages) with the labels the run recorded."""
    known = {impl.key: impl for impl in IMPLEMENTATIONS}
    labels = run.get("labels", {})
    extra = [key for key in run.get("implementations", []) if key not in known]
    return [*IMPLEMENTATIONS, *(Implementation(key, labels.get(key, key), None, None) for key in extra)]


class Table:
    """Results arranged by document (rows) and implementation (columns)."""

    def __init__(self, run: dict, results: list):
        results = combine(results)
        self.cells = {(r["file"], r["impl"]): r for r in results}
        self.documents = list(dict.fromkeys(r["file"] for r in results))
        self.sizes = {r["file"]: r["bytes"] for r in results}
        self.set_sizes = {r["file"]: r["documents"] for r in results if r.get("documents")}
        measured = {r["impl"] for r in results}
        self.columns = [impl for impl in _columns(run) if impl.key in measured]

    def name(self, document: str) -> str:
        """A row's name: the file's stem, or "909 real documents" for a set."""
        return display_name(document.removesuffix(".html").removesuffix(SUFFIX), self.set_sizes.get(document))

    def ok(self, document: str, key: str):
        """The combined result of `key` on `document` when it ran well, else None."""
        result = self.cells.get((document, key))
        return result if result is not None and result["status"] == "ok" else None

    def markdown(self, title_cell, value) -> list:
        """A markdown table; `value(result, document)` gives each ok cell's text."""
        header = ["Document", "Size", *(impl.label for impl in self.columns)]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * 2 + "---:|" * len(self.columns)]
        for document in self.documents:
            row = [title_cell(document), size_text(self.sizes[document])]
            for impl in self.columns:
                result = self.cells.get((document, impl.key))
                if result is None:
                    row.append("—")
                elif result["status"] != "ok":
                    row.append(result["status"])
                else:
                    row.append(value(result, document))
            lines.append("| " + " | ".join(row) + " |")
        return lines

    def ratio(self, result: dict, document: str) -> str:
        """How many times faster than the baseline on `document`."""
        base = self.cells.get((document, BASELINE))
        if base is None or base["status"] != "ok":
            return "—"
        return significant(base["median_ns"] / result["median_ns"]) + "×"


def _mbps(result: dict, _document: str) -> str:
    return significant(result["bytes"] / result["median_ns"] * 1e3)


def _time(result: dict, _document: str) -> str:
    return duration(result["median_ns"])


def _memory(result: dict, _document: str) -> str:
    peak = result["peak_rss_kb"] / 1024
    if result.get("base_rss_kb") is None:
        return f"{peak:.1f}"
    return f"{peak:.1f} (+{(result['peak_rss_kb'] - result['base_rss_kb']) / 1024:.1f})"


def _goal_lines(table: Table) -> list:
    cells = {
        key: result
        for (document, key), result in table.cells.items()
        if document == GOAL_DOCUMENT and result["status"] == "ok"
    }
    lines = ["| Goal | Measured | Status | Each round (ms) |", "|---|---|---|---|"]
    for goal in GOALS:
        figure, status = evaluate(goal, cells)
        rounds = cells.get(goal.impl, {}).get("round_ns", [])
        each = ", ".join(f"{ns / 1e6:.3f}" for ns in rounds) or "—"
        lines.append(f"| {goal.text} | {figure} | {status} | {each} |")
    return lines


def _load_lines(run: dict) -> list:
    """The machine's load around and during the run, with a warning when busy."""
    before = ", ".join(f"{x:.2f}" for x in run["load_before"])
    after = ", ".join(f"{x:.2f}" for x in run["load_after"])
    during = run.get("load_during", {"max": 0.0, "mean": 0.0})
    lines = [
        f"- Load average (1, 5, 15 min) before the run: {before}; after: {after}",
        f"- 1-minute load average during the run (the benchmark itself counts about 1): "
        f"mean {during['mean']:.2f}, highest {during['max']:.2f}",
    ]
    if during["mean"] > BUSY_LOAD:
        lines.append(
            f"- **The machine was busy during this run** (mean load above {BUSY_LOAD}): "
            "figures are slower and noisier than on a quiet machine."
        )
    return lines


def write(run: dict, results: list, folder: Path, wasm=None, bulk=None) -> list:
    """Writes REPORT.md and chart.svg into `folder`; returns their paths.
    `wasm`, `bulk`: the results of `wasm_in_page.measure` and
    `bulk_in_process.measure`, when the run made them."""
    table = Table(run, results)
    labels = {impl.key: impl.label for impl in _columns(run)}
    started = datetime.datetime.fromisoformat(run["started"])
    finished = datetime.datetime.fromisoformat(run["finished"])
    minutes = (finished - started).total_seconds() / 60
    m = run["machine"]
    kind = "quick run (`just bench --quick`)" if run["quick"] else "full run (`just bench`)"
    lines = [
        "# Benchmark report",
        "",
        f"Written by `bench/run.py`, {kind}, on {started:%Y-%m-%d} at {started:%H:%M} UTC "
        f"({minutes:.0f} min). Every figure below comes from that run.",
        *(
            [
                f"Every driver ran with {', '.join(f'`{setting}`' for setting in run['env'])}"
                " (glibc's malloc kept as a long-running process keeps it: see Method)."
            ]
            if run.get("env")
            else ["Every driver ran with glibc's malloc defaults."]
        ),
        "",
        "![Throughput by document and implementation](chart.svg)",
        "",
        "## Goals",
        "",
        f"Measured on `{GOAL_DOCUMENT}`: the median of the rounds' median times per parse.",
        "Profiling notes on the goals: [PROFILING.md](PROFILING.md).",
        "",
        *_goal_lines(table),
        "",
        "## Throughput (MB/s, higher is better)",
        "",
        "1 MB = 10⁶ bytes of the document's UTF-8 text, divided by the median time per parse.",
        "",
        *table.markdown(table.name, _mbps),
        "",
        *report_sections.real_documents(table, labels),
        *report_sections.json_writers(table),
        *report_sections.floors(table),
        *report_sections.old_versus_new(table),
        f"## Speed relative to the {labels[BASELINE]} (higher is better)",
        "",
        f"The {labels[BASELINE]}'s median time divided by the implementation's.",
        "",
        *table.markdown(table.name, table.ratio),
        "",
        "## Median time per parse",
        "",
        *table.markdown(table.name, _time),
        "",
        "## Peak memory (MiB)",
        "",
        "Peak resident memory of the process (VmHWM), and in parentheses its growth",
        "from just before the first parse (the runtime and the document already loaded).",
        "For the CLI, the whole process's peak.",
        "",
        *table.markdown(table.name, _memory),
        "",
        *wasm_in_page.section(wasm),
        *bulk_in_process.section(bulk),
        "## Machine",
        "",
        f"- {m['cpus']} CPUs: {m['cpu_model']}; {m['memory_gib']} GiB of memory; {m['system']}",
        *_load_lines(run),
        "",
        "## Versions",
        "",
        "| Implementation | What was measured |",
        "|---|---|",
        *(f"| {labels[key]} | {version} |" for key, version in run["versions"].items()),
        f"| Harness | Python {run['python']} |",
        "",
    ]
    if run["not_built"]:
        lines += ["## Not built", ""]
        lines += [f"- {labels[key]}: {reason}" for key, reason in run["not_built"].items()]
        lines.append("")
    lines += [
        "## Method",
        "",
        "- Documents: every file in `../shared/documents/`, and synthetic documents",
        "  (`bench/harness/synthetic.py`, deterministic) of 1 KiB to 64 MiB: *flat*",
        "  (top-level paragraphs, headings, images, lists, quotes with attributes) and",
        "  *nested* (stacks of groups 1,000 deep).",
        f"- {run.get('rounds', 1)} round(s) over the whole matrix, one after the other; each cell shows",
        "  the median of its rounds (the same order for every implementation, so each",
        "  meets the same changes in the machine's speed).",
        "- One process per (implementation, document) and round. Its driver (`bench/drivers/`) reads",
        "  the document into the language's string, then times, in-process, the parse",
        "  that returns the language's full native tree: warm-up samples (about",
        f"  {WARMUP_BYTES >> 20} MiB of text, {WARMUP_SAMPLES[0]} to {WARMUP_SAMPLES[1]} samples), then the",
        "  median of timed samples (31 up to 2 MiB, 11 up to 16 MiB, 3 above; 7 in a",
        "  quick run).",
        f"  Documents under {BATCH_BYTES >> 10} KiB are parsed several times per sample.",
        "- *909 real documents*: the files of `../shared/real-documents/`, sorted by name, in one",
        "  documents file; one parse of the set parses every document once, in that order, each",
        "  tree released as the next is made. Its time is per set; MB/s over the documents' bytes.",
        "- *Rust (to_json)*: `parse` then `Document::to_json`; *Node (parse + JSON.stringify)*:",
        "  `JSON.stringify(parse(doc))` with the reference. Both also count the JSON they write.",
        "- *Python floor*: `marshal.loads` of `marshal.dumps(parse(doc))`; *Ruby floor*:",
        "  `Marshal.load` of `Marshal.dump(parse(doc))` (bytes made before timing, garbage",
        "  collector on): the fastest way each interpreter has of making the same objects.",
        "  `marshal` refuses trees nested about 1,000 deep (*failed* on the nested synthetic",
        "  documents from 256 KiB up).",
        "- *—* in a cell: not measured there (the CLI on the set).",
        "- The CLI is timed from outside: `gutenberg-post-parser parse FILE > /dev/null`,",
        "  process start to exit. It is not timed on the set (one process per document",
        "  would time process starts).",
        "- Malloc: glibc gives freed memory at the top of its heap back to the kernel when",
        "  more than its trim threshold is free; a benchmark that parses one document in a",
        "  loop frees everything each time, so every parse faults its pages back in, which a",
        "  long-running process with a busy heap rarely does. The drivers therefore run with",
        "  `MALLOC_TOP_PAD_` set (all alike; `--default-malloc` leaves glibc's defaults);",
        "  [PROFILING.md](PROFILING.md) has both measured.",
        "- *failed* or *timeout* in a cell: that parser crashed or ran too long there.",
        "",
    ]
    report = folder / "REPORT.md"
    report.write_text("\n".join(lines), encoding="utf-8")
    svg = folder / "chart.svg"
    svg.write_text(chart.svg(table, labels, size_text), encoding="utf-8")
    return [report, svg]
