"""Differential tests against the reference parser running in Node: the seeded
corpus, the real posts in ../shared/documents, and documents from Hypothesis.

These skip when Node or the reference is missing, and fail instead when the
environment sets GPP_REQUIRE_REFERENCE (as test.sh does when Node is there)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

import gutenberg_post_parser as gpp

from helpers import SHARED_DOCUMENTS, Reference, same_data
from strategies import documents


def assert_same_as_reference(document: str, expected: object) -> None:
    difference = same_data(gpp.parse(document), expected)
    assert difference is None, f"{difference}\ndocument: {document!r}"
    assert json.loads(gpp.parse_json(document)) == expected


def test_seeded_corpus(reference: Reference) -> None:
    cases = reference.corpus("--seed", "7", "--count", "500")
    assert len(cases) == 500
    for document, expected in cases:
        assert_same_as_reference(document, expected)


def test_shared_documents(reference: Reference) -> None:
    paths = sorted(SHARED_DOCUMENTS.glob("*.html"))
    if not paths:
        pytest.skip(f"no documents in {SHARED_DOCUMENTS}")
    texts = [path.read_text(encoding="utf-8") for path in paths]
    for text, expected in zip(texts, reference.parse_all(texts)):
        assert_same_as_reference(text, expected)


def test_generated_documents(reference: Reference) -> None:
    """Hypothesis draws documents; all of them go to Node in one run."""
    drawn: list[str] = []

    @settings(
        max_examples=400,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(documents())
    def collect(document: str) -> None:
        drawn.append(document)

    collect()
    assert len(drawn) >= 100
    expected_outputs = reference.parse_all(drawn)
    differences = [
        (document, same_data(gpp.parse(document), expected))
        for document, expected in zip(drawn, expected_outputs)
    ]
    failures = [(document, where) for document, where in differences if where is not None]
    if failures:
        document, where = min(failures, key=lambda failure: len(failure[0]))
        pytest.fail(f"{len(failures)} documents differ; the shortest: {document!r}: {where}")
