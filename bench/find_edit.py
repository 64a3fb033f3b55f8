#!/usr/bin/env python3
"""Times the find-and-edit goals of every implementation on one document,
with the Node reference in the same run, rounds interleaved (these machines
are noisy: each figure is the median of the rounds' medians).

Workloads (see each language's round program):
  find          parse, then find every core/paragraph and read one attribute
                with the query API (Rust Document::find, Python
                Document.find, Ruby Document#find, Go Document.Find, PHP
                Document::find, the npm package's Document.find)
  parse_filter  the same with the full parse (Rust to_blocks, Python parse,
                Ruby each_block, Go Parse, PHP gutenberg_post_parser_parse,
                the npm package's parse,
                Node the reference's parse; PHP also times WordPress's
                WP_Block_Parser in its process)
  edit          set one block's attributes in a parsed document and produce
                the new text (the last paragraph; Python also reports the
                first and the middle one)
  copy          copy the document once, in that language

Needs: cargo, node with fixtures/reference installed, go, the Python wheel
installed for $PYTHON (default bindings/python/.venv-bench/bin/python, made
by bindings/python/bench.sh; else python3), the gem installed in
bindings/ruby/.gem-test (bindings/ruby/build.sh), and php with php-dev (the
extension is built with bindings/php/build.sh; the npm package with
bindings/wasm/build.sh). A missing language is left
out with a note.

    python3 bench/find_edit.py [--rounds 7] [--repeats 30] [--document PATH] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DOCUMENT = REPO.parent / "shared" / "documents" / "moby-dick-parsed.html"
GO_BENCHMARKS = {
    "BenchmarkFindParagraphAttr": "find",
    "BenchmarkParseFilterParagraphAttr": "parse_filter",
    "BenchmarkEditOneBlock": "edit",
    "BenchmarkCopyDocument": "copy",
}


def run_json(command: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(output.stdout.strip().splitlines()[-1])


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


def prepare(temporary: Path) -> dict[str, object]:
    """The command of each available implementation, built if needed."""
    runners: dict[str, object] = {}
    subprocess.run(
        [
            "cargo",
            "build",
            "--quiet",
            "--release",
            "-p",
            "gutenberg-post-parser",
            "--example",
            "find_edit_round",
        ],
        check=True,
        cwd=REPO,
    )
    runners["rust"] = [str(target_dir() / "release" / "examples" / "find_edit_round")]

    python = os.environ.get("PYTHON") or str(REPO / "bindings/python/.venv-bench/bin/python")
    if not Path(python).exists():
        python = sys.executable
    probe = subprocess.run(
        [python, "-c", "import gutenberg_post_parser as g; g.Document"], capture_output=True
    )
    if probe.returncode == 0:
        runners["python"] = [python, str(REPO / "bindings/python/benchmarks/find_edit_workloads.py")]
    else:
        print(f"note: {python} has no gutenberg_post_parser with Document: Python left out", file=sys.stderr)

    gem_home = REPO / "bindings/ruby/.gem-test"
    if shutil.which("ruby") and gem_home.is_dir():
        env = {**os.environ, "GEM_HOME": str(gem_home)}
        env.pop("GEM_PATH", None)
        runners["ruby"] = (["ruby", str(REPO / "bindings/ruby/bench/find_edit.rb")], env)
    else:
        print("note: no gem in bindings/ruby/.gem-test: Ruby left out", file=sys.stderr)

    if shutil.which("go"):
        library = target_dir() / "release"
        subprocess.run(
            ["cargo", "build", "--quiet", "--release", "-p", "gutenberg-post-parser-capi"],
            check=True,
            cwd=REPO,
        )
        env = {
            **os.environ,
            "GOTOOLCHAIN": "local",
            "CGO_ENABLED": "1",
            "CGO_LDFLAGS": f"-L{library} {os.environ.get('CGO_LDFLAGS', '')}",
        }
        binary = temporary / "go.test"
        subprocess.run(["go", "test", "-c", "-o", str(binary), "."], check=True, cwd=REPO / "go", env=env)
        runners["go"] = binary
    else:
        print("note: no go: Go left out", file=sys.stderr)

    if shutil.which("php-config"):
        build = subprocess.run(
            [str(REPO / "bindings/php/build.sh")], check=True, capture_output=True, text=True
        )
        fetch = REPO / "fixtures/reference/php/fetch-wordpress.sh"
        includes = subprocess.run([str(fetch)], check=True, capture_output=True, text=True)
        env = {**os.environ, "GPP_WP_INCLUDES": includes.stdout.strip().splitlines()[-1]}
        extension = build.stdout.strip().splitlines()[-1]
        command = ["php", "-d", f"extension={extension}", "-d", "opcache.enable_cli=1"]
        runners["php"] = ([*command, str(REPO / "bindings/php/bench/find_edit.php")], env)
    else:
        print("note: no php-config (php-dev): PHP left out", file=sys.stderr)

    if shutil.which("node") and (REPO / "fixtures/reference/node_modules").is_dir():
        runners["node"] = ["node", str(REPO / "bench/find_edit_node.js")]
        package = REPO / "bindings/wasm"
        subprocess.run([str(package / "build.sh")], check=True, capture_output=True, text=True)
        runners["wasm"] = ["node", str(REPO / "bench/find_edit_node.js"), "--package"]
    else:
        print("note: no Node reference: npm ci --prefix fixtures/reference", file=sys.stderr)
    return runners


def go_round(binary: Path, repeats: int) -> dict[str, float]:
    pattern = "|".join(name.removeprefix("Benchmark") for name in GO_BENCHMARKS)
    output = subprocess.run(
        [
            str(binary),
            "-test.run",
            "^$",
            "-test.bench",
            f"^Benchmark({pattern})$",
            "-test.benchtime",
            f"{repeats}x",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO / "go",
    ).stdout
    result = {}
    for name, key in GO_BENCHMARKS.items():
        found = re.search(rf"^{name}(?:-\d+)?\s+\d+\s+([\d.]+) ns/op", output, re.MULTILINE)
        if found:
            result[key] = float(found.group(1)) / 1e6
    return result


def one_round(name: str, runner: object, document: Path, repeats: int) -> dict[str, float]:
    if name == "go":
        return go_round(runner, repeats)  # type: ignore[arg-type]
    if isinstance(runner, tuple):
        command, env = runner
        return run_json([*command, str(document), str(repeats)], env)
    return run_json([*runner, str(document), str(repeats)])  # type: ignore[misc]


def report(medians: dict[str, dict[str, float]], rounds: int, document: Path) -> str:
    node = medians.get("node", {}).get("parse_filter")
    lines = [
        f"Find and edit on {document.name} ({document.stat().st_size:,} bytes), "
        f"median of {rounds} interleaved rounds (ms):",
        "",
        "| implementation | find | parse + filter | find speed-up | vs Node parse + filter"
        " | edit one block | copy once | edit / copy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("rust", "python", "ruby", "go", "php", "wasm"):
        if name not in medians:
            continue
        m = medians[name]
        find, parse, edit, copy = (m.get(k) for k in ("find", "parse_filter", "edit", "copy"))
        cells = [
            f"{find:.3f}",
            f"{parse:.3f}",
            f"{parse / find:.1f}×",
            f"{node / find:.1f}×" if node else "–",
            f"{edit:.3f}",
            f"{copy:.3f}",
            f"{edit / copy:.2f}",
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if node:
        lines.append(f"| node reference | – | {node:.3f} | – | 1× | – | – | – |")
    wordpress = medians.get("php", {}).get("wp_parse_filter")
    if wordpress:
        find = medians["php"]["find"]
        lines.append(
            f"\nphp, WordPress's WP_Block_Parser + filter in the same process: {wordpress:.3f} ms"
            f" (the extension's find is {wordpress / find:.1f}× faster)."
        )
    for name, m in medians.items():
        if "edit_first" in m:
            first, middle, copy = m["edit_first"], m["edit_middle"], m["copy"]
            lines.append(
                f"\n{name}, the same edit of the first and of the middle paragraph:"
                f" {first:.3f} ms ({first / copy:.2f}× the copy) and {middle:.3f} ms ({middle / copy:.2f}×)."
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--document", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        runners = prepare(Path(folder))
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in runners}
        order = list(runners)
        for round_number in range(options.rounds):
            random.Random(round_number).shuffle(order)
            for name in order:
                samples[name].append(one_round(name, runners[name], options.document, options.repeats))
            print(f"round {round_number + 1}/{options.rounds} done", file=sys.stderr)
    medians = {
        name: {key: statistics.median(r[key] for r in rounds if key in r) for key in rounds[0]}
        for name, rounds in samples.items()
        if rounds
    }
    text = report(medians, options.rounds, options.document)
    print(text)
    if options.out:
        options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
