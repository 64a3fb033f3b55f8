"""Where things are: the repository, the shared documents, the output folder."""

import os
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
"""The `bench/` folder."""

REPO = BENCH.parent
"""The repository root."""

SHARED_DOCUMENTS = REPO.parent / "shared" / "documents"
"""Real posts shared between projects, beside the repository (may be missing)."""

SHARED_REAL_DOCUMENTS = REPO.parent / "shared" / "real-documents"
"""Small real posts (909 of them), timed as one set (may be missing)."""

OUT = BENCH / "out"
"""Everything generated or downloaded by the harness (ignored by git)."""

DRIVERS = BENCH / "drivers"
"""One benchmark driver per language."""


def cargo_target_dir() -> Path:
    """The target folder of the repository's Cargo workspace."""
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")).resolve()


def shared_documents() -> list:
    """The shared documents, sorted by name (empty when the folder is missing)."""
    if not SHARED_DOCUMENTS.is_dir():
        return []
    return sorted(SHARED_DOCUMENTS.glob("*.html"))
