"""Sets of small documents timed as one: each parse of a set parses every one of
its documents once, in a fixed order (bench/README.md, "Sets")."""

from pathlib import Path
from typing import Optional

from .paths import OUT, SHARED_REAL_DOCUMENTS

SUFFIX = ".documents"
"""A file whose name ends so is a documents file that drivers time as a set."""


def is_set(path: Path) -> bool:
    """Whether `path` is a documents file (timed as a set)."""
    return path.name.endswith(SUFFIX)


def write_set(texts: list, path: Path) -> Path:
    """Writes `texts` (bytes) as a documents file: for each, its length in
    decimal, a newline, the document, a newline. Returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for data in texts:
            out.write(b"%d\n" % len(data))
            out.write(data)
            out.write(b"\n")
    return path


def real_documents() -> Optional[Path]:
    """The documents file of ../shared/real-documents/*.html, sorted by name, or
    None when that folder is missing."""
    paths = sorted(SHARED_REAL_DOCUMENTS.glob("*.html")) if SHARED_REAL_DOCUMENTS.is_dir() else []
    if not paths:
        return None
    return write_set([p.read_bytes() for p in paths], OUT / "sets" / f"real-documents{SUFFIX}")


def display_name(stem: str, documents: Optional[int]) -> str:
    """A row's name: the file's stem, and for a set "N stem in words"
    ("909 real documents")."""
    if documents is None:
        return stem
    return f"{documents} {stem.replace('-', ' ')}"
