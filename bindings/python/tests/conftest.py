"""Fixtures shared by the tests."""

from __future__ import annotations

import os
import shutil

import pytest

from helpers import REFERENCE_PACKAGE, Reference


@pytest.fixture(scope="session")
def reference() -> Reference:
    """The reference parser; skips without Node or its package, unless the
    environment sets GPP_REQUIRE_REFERENCE (then it fails instead)."""
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not REFERENCE_PACKAGE.is_dir():
        missing = "the reference is not installed (npm ci --prefix fixtures/reference)"
    if missing is not None:
        if os.environ.get("GPP_REQUIRE_REFERENCE"):
            pytest.fail(f"GPP_REQUIRE_REFERENCE is set but {missing}")
        pytest.skip(missing)
    return Reference()
