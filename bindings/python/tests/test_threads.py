"""Parsing and serializing from many threads at once gives the same results as
from one (the GIL is released while parsing, so calls really overlap)."""

from __future__ import annotations

import threading

import gutenberg_post_parser as gpp

from helpers import CASES, SHARED_DOCUMENTS, nested

THREADS = 8
ROUNDS = 3


def documents() -> list[bytes]:
    found = sorted(CASES.glob("*.html")) + sorted(SHARED_DOCUMENTS.glob("*.html"))
    texts = [path.read_bytes() for path in found]
    # Shallow enough to compare with `==`, which recurses.
    texts.append(nested(200).encode())
    texts.append(b"bad \xff utf-8")
    return texts


def outcome(document: bytes, as_text: bool) -> tuple[object, ...]:
    """Everything the API says about one document (or the error it raises)."""
    try:
        text = document.decode("utf-8") if as_text else document
    except UnicodeDecodeError:
        text = document
    try:
        blocks = gpp.parse(text)
        return (blocks, gpp.parse_json(text), list(gpp.walk(text)), gpp.serialize(blocks))
    except gpp.InvalidUtf8Error as error:
        return (type(error), error.position)


def test_threads_agree_with_a_single_thread() -> None:
    texts = documents()
    expected = [outcome(text, as_text=False) for text in texts]
    barrier = threading.Barrier(THREADS)
    failures: list[str] = []

    def work(worker: int) -> None:
        try:
            check(worker)
        except BaseException as error:  # reported by the main thread
            failures.append(f"thread {worker}: {error!r}")

    def check(worker: int) -> None:
        barrier.wait()
        for round_ in range(ROUNDS):
            # Each thread goes through the documents in its own order.
            for index in range(len(texts)):
                at = (index * (worker + 1) + round_) % len(texts)
                got = outcome(texts[at], as_text=(worker + index) % 2 == 0)
                if got != expected[at]:
                    failures.append(f"thread {worker}, document {at}")

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
