"""Measures as a standalone process would: pytest's own objects are moved out
of the garbage collector's sight (`gc.freeze`) before each benchmark, so the
collections a parse triggers traverse what the parser made, not pytest's heap."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def frozen_heap() -> Iterator[None]:
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()
