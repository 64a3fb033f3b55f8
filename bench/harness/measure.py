"""Timing one implementation on one document, in a process of its own.

Drivers time themselves in-process (bench/README.md); the command-line program
is timed whole by a launcher that follows the same protocol. A result is a dict:
impl, file, bytes, status ("ok", "failed", "timeout"), and for "ok" median_ns,
runs, batch, base_rss_kb, peak_rss_kb; for the others an error message.
"""

import json
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .driver import Driver

BATCH_BYTES = 64 << 10
"""Small documents are parsed in batches of about this many bytes per sample."""

WARMUP_BYTES = 32 << 20
"""Warm-up parses cover about this much text (JIT compilers need it), within
`WARMUP_SAMPLES`."""

WARMUP_SAMPLES = (1, 200)
"""Fewest and most warm-up samples."""


@dataclass(frozen=True)
class Plan:
    """How many times to parse a document."""

    warmup: int
    """Untimed samples first."""
    runs: int
    """Timed samples; the result is their median."""
    batch: int
    """Parses per sample (more than one for small documents)."""


def plan_for(size: int, quick: bool) -> Plan:
    """The plan for a document of `size` bytes: fewer runs as documents grow."""
    batch = max(1, BATCH_BYTES // max(size, 1))
    sample_bytes = max(size, 1) * batch
    fewest, most = WARMUP_SAMPLES
    warmup = min(most, max(fewest, -(-WARMUP_BYTES // sample_bytes)))
    if quick:
        return Plan(warmup=min(warmup, 20), runs=7, batch=batch)
    if size <= 2 << 20:
        return Plan(warmup=warmup, runs=31, batch=batch)
    if size <= 16 << 20:
        return Plan(warmup=warmup, runs=11, batch=batch)
    return Plan(warmup=warmup, runs=3, batch=batch)


def _failure(key: str, path: Path, status: str, error: str) -> dict:
    return {"impl": key, "file": path.name, "bytes": path.stat().st_size, "status": status, "error": error}


def run_driver(key: str, driver: Driver, path: Path, plan: Plan, timeout: float) -> dict:
    """Runs the driver of `key` on `path` and returns its result."""
    command = [
        *driver.command,
        "--warmup",
        str(plan.warmup),
        "--runs",
        str(plan.runs),
        "--batch",
        str(plan.batch),
        str(path),
    ]
    try:
        done = subprocess.run(
            command,
            env=driver.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _failure(key, path, "timeout", f"more than {timeout:.0f} s")
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        return _failure(key, path, "failed", lines[-1][:300])
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return _failure(key, path, "failed", f"unreadable output: {done.stdout[:200]!r}")
    result.update(impl=key, file=path.name, status="ok")
    return result


def last_json_line(command: list, timeout: float) -> dict:
    """The JSON object `command` prints as its last line (a bench's --json
    result), or {"error": why}."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return {"error": str(error)}
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:]
        return {"error": last[0] if last else f"exit status {done.returncode}"}
    return json.loads(done.stdout.splitlines()[-1])


def combine(results: list) -> list:
    """One result per (implementation, document) from the results of every round:
    the median of the rounds' medians (each round's in `round_ns`), the largest
    peak memory. A cell that failed in any round keeps that round's failure."""
    cells = {}
    for result in results:
        cells.setdefault((result["file"], result["impl"]), []).append(result)
    combined = []
    for rounds in cells.values():
        failed = [r for r in rounds if r["status"] != "ok"]
        if failed:
            combined.append(failed[0])
            continue
        bases = [r.get("base_rss_kb") for r in rounds]
        combined.append(
            {
                **rounds[0],
                "median_ns": statistics.median(r["median_ns"] for r in rounds),
                "round_ns": [r["median_ns"] for r in rounds],
                "peak_rss_kb": max(r["peak_rss_kb"] for r in rounds),
                "base_rss_kb": None if None in bases else min(bases),
            }
        )
    return combined
