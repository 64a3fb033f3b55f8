"""Speed of the Python package on the real posts in ../shared/documents.

Run by bench.sh (pytest-benchmark). Every measurement follows the protocol of
the repository's other benchmark drivers: batches of parses, the previous
result dropped inside the batch, so deallocation and any garbage collection a
parse causes are counted, as they are in Node. Per-parse figures are the
batch time divided by the batch size.
"""

from __future__ import annotations

import marshal
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

import gutenberg_post_parser as gpp
from gutenberg_post_parser import _native

SHARED_DOCUMENTS = Path(__file__).resolve().parents[3].parent / "shared" / "documents"
PATHS = sorted(SHARED_DOCUMENTS.glob("*.html"))
BATCH = 5
"""Parses per timed sample."""
SECONDS = 1.0
"""Rough time spent measuring each function on each document."""

if not PATHS:
    pytest.skip(f"no documents in {SHARED_DOCUMENTS}", allow_module_level=True)


def measure(benchmark: Any, function: Callable[[Any], object], argument: Any) -> None:
    """Times `function(argument)` in batches; rounds scale with the speed."""
    started = time.perf_counter()
    function(argument)
    once = max(time.perf_counter() - started, 1e-6)
    rounds = int(min(2000, max(30, SECONDS / (once * BATCH))))
    benchmark.extra_info["bytes"] = len(
        argument.encode() if isinstance(argument, str) else argument
    )
    benchmark.pedantic(
        function,
        args=(argument,),
        iterations=BATCH,
        rounds=rounds,
        warmup_rounds=max(2, rounds // 10),
    )


@pytest.fixture(params=PATHS, ids=lambda path: path.stem)
def document(request: pytest.FixtureRequest) -> str:
    path: Path = request.param
    return path.read_text(encoding="utf-8")


def test_parse(benchmark: Any, document: str) -> None:
    """The full tree of dicts from a `str` (its UTF-8 form cached by CPython
    after the first call, as for any `str` parsed twice)."""
    measure(benchmark, gpp.parse, document)


def test_parse_bytes(benchmark: Any, document: str) -> None:
    """The full tree of dicts from UTF-8 `bytes` (validated on every call)."""
    measure(benchmark, gpp.parse, document.encode())


def test_str_to_utf8(benchmark: Any, document: str) -> None:
    """Not this package: `str.encode()`. CPython makes a `str`'s UTF-8 form on
    the first parse of that object (and caches it in the object); this is
    about what that first time adds."""
    measure(benchmark, str.encode, document)


def test_parse_json(benchmark: Any, document: str) -> None:
    """The reference's JSON text, written by Rust."""
    measure(benchmark, gpp.parse_json, document)


def test_marshal_floor(benchmark: Any, document: str) -> None:
    """Not this package: `marshal.loads` building the same objects that `parse`
    returns, from CPython's own fastest serialization: what the objects alone
    cost to make and free."""
    data = marshal.dumps(gpp.parse(document))
    measure(benchmark, marshal.loads, data)
    benchmark.extra_info["bytes"] = len(document.encode())


def test_rust_core_only(benchmark: Any, document: str) -> None:
    """The core's parse alone (GIL released, nothing built): the floor."""
    measure(benchmark, _native._parse_only, document)


@pytest.mark.parametrize("threads", [1, 2])
def test_parallel_parsing(benchmark: Any, threads: int) -> None:
    """Eight core parses of moby-dick split over 1 or 2 threads: with the GIL
    released, two threads should take about half the time on two cores."""
    text = (SHARED_DOCUMENTS / "moby-dick-parsed.html").read_text(encoding="utf-8")

    def work(count: int) -> None:
        for _ in range(count):
            _native._parse_only(text)

    def run() -> None:
        workers = [threading.Thread(target=work, args=(8 // threads,)) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    benchmark.extra_info["bytes"] = 8 * len(text.encode())
    benchmark.pedantic(run, rounds=40, warmup_rounds=4)
