#!/usr/bin/env python3
"""`just conformance`: every language's package against the Node reference.

    python3 bench/conformance.py [--count 3000] [--seed 20261125] [--only python,ruby]

Generates documents with fixtures/reference/corpus.js (valid, broken and
truncated markup; seeded, so every run checks the same ones), adds the shared
documents, and has each implementation's driver print its tree for every
document as JSON, made from the language's own native tree by the language's
JSON library. Each is compared with the reference's output as data (numbers as
doubles, objects regardless of key order). Prints one line per language:

    LANG: N documents compared, M differences

and exits with status 1 if any language differs or fails to run. A package that
cannot be built is reported as "not built" with the reason. Details of the
differences go to bench/out/conformance/LANG.txt.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import corpus
from harness.builds import NotBuilt
from harness.compare import first_difference, replace_lone_surrogates
from harness.implementations import select
from harness.paths import OUT

DETAILS = OUT / "conformance"
"""Where the differences of each language are written in full."""

LONE_SURROGATES = {"go": "\ufffd" * 3, "ruby": "\ufffd"}
"""What packages whose strings cannot hold a lone UTF-16 surrogate (written
`"\ud800"` in attribute JSON) give instead, as their READMEs say: Go strings hold
WTF-8, which encoding/json writes as one U+FFFD per byte; Ruby gives U+FFFD.
The others keep it exactly."""

FILES_PER_CALL = 400
"""Documents per call of a program that takes one file per document."""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=3000, help="generated documents (default 3000)")
    parser.add_argument("--seed", type=int, default=20261125, help="generator seed")
    parser.add_argument("--only", default="", help="comma-separated implementation keys")
    return parser.parse_args()


def outputs(driver, documents: Path, files: list) -> list:
    """The driver's output lines, one per document; raises RuntimeError when it fails."""
    calls = (
        [
            [*driver.conformance_command(), *map(str, files[at : at + FILES_PER_CALL])]
            for at in range(0, len(files), FILES_PER_CALL)
        ]
        if driver.takes_files
        else [[*driver.conformance_command(), str(documents)]]
    )
    lines = []
    for command in calls:
        done = subprocess.run(
            command, capture_output=True, env=driver.environment(), check=False, timeout=1800
        )
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip().splitlines() or [
                f"exit status {done.returncode}"
            ]
            raise RuntimeError(message[-1][:300])
        text = done.stdout.decode("utf-8")
        lines += text.removesuffix("\n").split("\n") if text else []
    return lines


def check(impl, driver, cases: list, documents: Path, files: list) -> tuple:
    """(documents compared, differences) for one implementation, writing details."""
    lines = outputs(driver, documents, files)
    if len(lines) != len(cases):
        raise RuntimeError(f"{len(lines)} output lines for {len(cases)} documents")
    details = []
    replacement = LONE_SURROGATES.get(impl.key)
    for (name, text, expected), line in zip(cases, lines):
        if replacement is not None:
            expected = replace_lone_surrogates(expected, replacement)
        try:
            difference = first_difference(json.loads(line), expected)
        except ValueError as error:
            difference = f"output is not JSON ({error}): {line[:200]}"
        if difference is not None:
            details.append(f"{name}: {difference}\n  input: {text[:300]!r}\n")
    DETAILS.mkdir(parents=True, exist_ok=True)
    (DETAILS / f"{impl.key}.txt").write_text("".join(details) or "no differences\n", encoding="utf-8")
    return len(cases), len(details)


def main() -> int:
    sys.setrecursionlimit(20000)  # json.loads of deeply nested driver output
    args = arguments()
    implementations = [impl for impl in select([k for k in args.only.split(",") if k]) if impl.language]
    cases = corpus.build(args.seed, args.count)
    documents = OUT / "conformance-documents.txt"
    corpus.write_documents(cases, documents)
    files = []
    failed = False
    totals = [0, 0]  # documents that matched, documents that differed or failed
    for impl in implementations:
        try:
            driver = impl.prepare()
        except NotBuilt as reason:
            print(f"{impl.language}: not built ({reason})", flush=True)
            continue
        if driver.takes_files and not files:
            files = corpus.write_files(cases, OUT / "conformance-files")
        try:
            compared, differences = check(impl, driver, cases, documents, files)
        except (RuntimeError, subprocess.TimeoutExpired, UnicodeDecodeError) as error:
            print(f"{impl.language}: failed ({error})", flush=True)
            failed = True
            totals[1] += len(cases)
            continue
        print(f"{impl.language}: {compared} documents compared, {differences} differences", flush=True)
        totals[0] += compared - differences
        totals[1] += differences
        if differences:
            print(f"  details: {DETAILS / f'{impl.key}.txt'}", file=sys.stderr)
            failed = True
    # One closing line in the plain form CI reads: documents that matched the
    # reference, over every language, and those that did not.
    print(f"conformance: {totals[0]} passed, {totals[1]} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
