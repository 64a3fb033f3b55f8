"""`parse_arrow`: the blocks of many documents as a pyarrow Table (needs the
`arrow` extra: `pip install 'gutenberg-post-parser[arrow]'`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _native
from ._native import DEFAULT_MAX_OUTPUT_BYTES
from ._types import Documents

if TYPE_CHECKING:
    import pyarrow


def parse_arrow(
    documents: Documents,
    *,
    freeform: bool = True,
    max_output_bytes: int | None = DEFAULT_MAX_OUTPUT_BYTES,
    threads: int | None = None,
) -> pyarrow.Table:
    """The blocks of every document as a `pyarrow.Table`, one row per block.

    `parse_table` with the same arguments, read into pyarrow without a copy
    (one record batch per run of documents that one thread parsed). Raises
    ImportError naming the extra to install when pyarrow is missing.
    """
    try:
        import pyarrow
    except ImportError as error:
        raise ImportError(
            "parse_arrow needs pyarrow: pip install 'gutenberg-post-parser[arrow]' "
            "(parse_table needs nothing)"
        ) from error
    blocks = _native.parse_table(
        documents, freeform=freeform, max_output_bytes=max_output_bytes, threads=threads
    )
    return pyarrow.table(blocks)
