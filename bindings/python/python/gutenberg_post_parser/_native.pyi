"""Types of the native module; see the package documentation."""

from collections.abc import Iterable

from ._types import Attrs, Block

DEFAULT_MAX_OUTPUT_BYTES: int

class InvalidUtf8Error(ValueError):
    """The document (bytes) is not valid UTF-8."""

    position: int
    """Byte offset of the first byte that is not part of valid UTF-8."""

class ExpansionLimitError(ValueError):
    """The result would hold more text than `max_output_bytes` allows."""

    output_bytes: int
    """How many bytes of text the result would hold."""
    limit: int
    """The limit it is over."""

def parse(document: str | bytes, *, max_output_bytes: int | None = ...) -> list[Block]: ...
def parse_json(document: str | bytes, *, max_output_bytes: int | None = ...) -> str: ...
def serialize(blocks: Iterable[Block]) -> str: ...
def walk(
    document: str | bytes,
) -> list[
    tuple[
        int,
        str | None,
        Attrs | None,
        tuple[int, int],
        tuple[int, int] | None,
        tuple[int, int] | None,
        bool,
    ]
]: ...
def _parse_only(document: str | bytes) -> int: ...
