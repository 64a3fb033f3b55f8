"""The conformance corpus: generated documents and the shared ones, each with
the reference's output, from fixtures/reference/corpus.js."""

import json
import shutil
import subprocess
from pathlib import Path

from .paths import OUT, REPO, shared_documents

CORPUS_SCRIPT = REPO / "fixtures/reference/corpus.js"
"""The seeded generator, run on Node with the reference parser."""


def _run_corpus(args: list, out: Path) -> list:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("error: node (Node.js 20) is required for the reference parser")
    done = subprocess.run(
        [node, CORPUS_SCRIPT, *args, "--out", out], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"error: corpus.js failed (run `just reference` first?):\n{done.stderr}")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]


def build(seed: int, count: int) -> list:
    """[(name, input, expected)] for `count` generated documents of `seed` and
    every shared document; expected is the reference's output, decoded."""
    OUT.mkdir(parents=True, exist_ok=True)
    generated = _run_corpus(["--seed", str(seed), "--count", str(count)], OUT / "corpus.jsonl")
    cases = [
        (f"generated #{at} (seed {seed})", case["input"], case["expected"])
        for at, case in enumerate(generated)
    ]
    paths = shared_documents()
    if paths:
        texts = [path.read_text(encoding="utf-8") for path in paths]
        listing = OUT / "shared-documents.json"
        listing.write_text(json.dumps(texts), encoding="utf-8")
        shared = _run_corpus(["--docs", listing], OUT / "corpus-shared.jsonl")
        cases += [(path.name, case["input"], case["expected"]) for path, case in zip(paths, shared)]
    return cases


def write_documents(cases: list, path: Path) -> None:
    """Writes the inputs as a documents file: for each, its UTF-8 length in
    decimal, a newline, the document, a newline (bench/README.md)."""
    with path.open("wb") as out:
        for _, text, _ in cases:
            data = text.encode("utf-8")
            out.write(b"%d\n" % len(data))
            out.write(data)
            out.write(b"\n")


def write_files(cases: list, folder: Path) -> list:
    """Writes each input to a file of its own in `folder`; returns the paths."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    paths = []
    for at, (_, text, _) in enumerate(cases):
        path = folder / f"{at:06d}.html"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths
