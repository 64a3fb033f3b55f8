#!/usr/bin/env python3
"""`just bench`: every implementation on every document; writes REPORT.md and chart.svg.

    python3 bench/run.py                 # full run: writes bench/REPORT.md, bench/chart.svg
    python3 bench/run.py --quick         # small documents, few runs: bench/out/REPORT.md
    python3 bench/run.py --only node,python   # some implementations (report in bench/out/)
    python3 bench/run.py --documents moby-dick-parsed   # some documents (report in bench/out/)
    python3 bench/run.py --env NAME=VALUE   # drivers see this variable (bench/out/)
    python3 bench/run.py --default-malloc   # glibc's malloc defaults, not STEADY_ENV (bench/out/)
    python3 bench/run.py --old-python /work/venv-base/bin/python   # + an older package (bench/out/)
    python3 bench/run.py --report-only   # rewrite the report from bench/out/ results

Documents: ../shared/documents/*.html, the set of ../shared/real-documents/*.html
(timed as one: every document once per parse; bench/harness/sets.py) and
synthetic ones (bench/harness/synthetic.py).
Each (implementation, document) pair runs in a process of its own, once per round
(3 rounds, round-robin over the whole matrix, so that every implementation meets
the same changes in the machine's speed); results go to bench/out/results.jsonl,
one JSON object per line, and the report takes the median of the rounds. An implementation that cannot
be built is reported as "not built" with the reason; a run that crashes or
exceeds the time limit is reported as "failed" or "timeout".
"""

import argparse
import dataclasses
import datetime
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import bulk_in_process, machine, report, sets, synthetic, wasm_in_page
from harness.builds import NotBuilt
from harness.implementations import old_packages, select
from harness.measure import plan_for, run_driver
from harness.paths import BENCH, OUT, shared_documents

RESULTS = OUT / "results.jsonl"
"""Results of the last run, one line per (implementation, document)."""

RUN = OUT / "run.json"
"""Everything else about the last run: date, machine, versions, what was not built."""

BULK = OUT / "bulk.json"
"""parse_arrow beside a Python loop in one process (harness/bulk_in_process.py):
written by runs that measured the Python package, except quick ones."""

WASM = OUT / "wasm.json"
"""The WebAssembly package beside the reference in one process (harness/wasm_in_page.py):
written by runs that measured the package, except quick ones."""

QUICK_SIZES = ("1KiB", "16KiB", "256KiB")
"""Synthetic sizes measured by --quick."""

STEADY_ENV = ("MALLOC_TOP_PAD_=67108864",)
"""Set for every driver alike: glibc configured as a long-running process would
be, keeping 64 MiB of freed memory at the top of its heap instead of giving it
back to the kernel after each parse (bench/PROFILING.md, "Steady state").
`--default-malloc` leaves glibc's defaults."""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small documents and few runs")
    parser.add_argument("--only", default="", help="comma-separated implementation keys")
    parser.add_argument(
        "--documents", default="", help="comma-separated document names (file names without .html)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over the whole matrix (default 3)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per (implementation, document)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set this variable for every driver (e.g. MALLOC_TOP_PAD_=0); report in bench/out/",
    )
    parser.add_argument(
        "--default-malloc",
        action="store_true",
        help=f"leave glibc's malloc defaults (not {' '.join(STEADY_ENV)}); report in bench/out/",
    )
    parser.add_argument(
        "--old-python", default="", metavar="PYTHON", help="also an interpreter with an older package"
    )
    parser.add_argument(
        "--old-gem-home", default="", metavar="DIR", help="also the older gem installed in DIR"
    )
    parser.add_argument(
        "--old-core", default="", metavar="DIR", help="also the decoded tree of the older core crate in DIR"
    )
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the last results")
    return parser.parse_args()


def prepare(implementations) -> tuple:
    """({key: Driver} of the implementations that built, {key: reason} of the others)."""
    ready, not_built = {}, {}
    for impl in implementations:
        print(f"preparing {impl.label} …", flush=True)
        try:
            ready[impl.key] = impl.prepare()
        except NotBuilt as reason:
            not_built[impl.key] = str(reason)
            print(f"  not built: {reason}", flush=True)
    return ready, not_built


def describe(result: dict) -> str:
    if result["status"] != "ok":
        return f"{result['status']}: {result['error']}"
    ms = result["median_ns"] / 1e6
    mbps = result["bytes"] / result["median_ns"] * 1e3
    return f"{ms:10.3f} ms {mbps:9.1f} MB/s  peak {result['peak_rss_kb'] / 1024:7.1f} MiB"


def measure(args: argparse.Namespace) -> None:
    old = old_packages(args.old_python, args.old_gem_home, args.old_core)
    implementations = select([key for key in args.only.split(",") if key], old)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = machine.load()
    ready, not_built = prepare(implementations)
    env = [*([] if args.default_malloc else STEADY_ENV), *args.env]
    extra = dict(setting.split("=", 1) for setting in env)
    ready = {key: dataclasses.replace(driver, env={**driver.env, **extra}) for key, driver in ready.items()}
    real = sets.real_documents()
    documents = (
        shared_documents()
        + ([real] if real else [])
        + synthetic.write_all(OUT / "synthetic", QUICK_SIZES if args.quick else None)
    )
    if args.documents:
        wanted = set(args.documents.split(","))
        documents = [path for path in documents if path.stem in wanted]
    OUT.mkdir(parents=True, exist_ok=True)
    rounds = 1 if args.quick else args.rounds
    WASM.unlink(missing_ok=True)
    loads = []
    with RESULTS.open("w", encoding="utf-8") as out:
        for round_number in range(1, rounds + 1):
            for path in documents:
                size = path.stat().st_size
                plan = plan_for(size, args.quick)
                samples = f"{plan.warmup}+{plan.runs} samples of {plan.batch}"
                loads.append(machine.load()[0])
                print(f"round {round_number}/{rounds}: {path.name} ({size:,} bytes; {samples})", flush=True)
                for impl in implementations:
                    if impl.key not in ready or (sets.is_set(path) and not ready[impl.key].takes_sets):
                        continue
                    result = run_driver(impl.key, ready[impl.key], path, plan, args.timeout)
                    result["round"] = round_number
                    out.write(json.dumps(result) + "\n")
                    out.flush()
                    print(f"  {impl.label:<30} {describe(result)}", flush=True)
    if "wasm" in ready and not args.quick:
        print("the WebAssembly package beside the reference, in one process …", flush=True)
        WASM.write_text(json.dumps(wasm_in_page.measure(args.timeout)) + "\n")
    if "python" in ready and not args.quick:
        print("parse_arrow beside a Python loop, in one process …", flush=True)
        python = Path(ready["python"].command[0])
        BULK.write_text(json.dumps(bulk_in_process.measure(python, args.timeout)) + "\n")
    RUN.write_text(
        json.dumps(
            {
                "started": started.isoformat(timespec="seconds"),
                "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "quick": args.quick,
                "partial": bool(args.only or args.env or args.documents or old or args.default_malloc),
                "env": env,
                "machine": machine.describe(),
                "load_before": load_before,
                "load_after": machine.load(),
                "load_during": {"max": max(loads, default=0.0), "mean": sum(loads) / max(len(loads), 1)},
                "rounds": rounds,
                "implementations": [impl.key for impl in implementations],
                "labels": {impl.key: impl.label for impl in implementations},
                "versions": {key: driver.version for key, driver in ready.items()},
                "not_built": not_built,
                "python": sys.version.split()[0],
            },
            indent=2,
        )
        + "\n"
    )


def main() -> None:
    args = arguments()
    if not args.report_only:
        measure(args)
    run = json.loads(RUN.read_text())
    results = [json.loads(line) for line in RESULTS.read_text().splitlines() if line]
    folder = OUT if run["quick"] or run["partial"] else BENCH
    wasm = json.loads(WASM.read_text()) if WASM.is_file() else None
    bulk = json.loads(BULK.read_text()) if BULK.is_file() else None
    written = report.write(run, results, folder, wasm, bulk)
    print("wrote " + ", ".join(str(path) for path in written))


if __name__ == "__main__":
    main()
