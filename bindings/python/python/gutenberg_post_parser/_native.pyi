"""Types of the native module; see the package documentation."""

from collections.abc import Iterable

from ._types import Attrs, Block

class InvalidUtf8Error(ValueError):
    """The document (bytes) is not valid UTF-8."""

    position: int
    """Byte offset of the first byte that is not part of valid UTF-8."""

def parse(document: str | bytes) -> list[Block]: ...
def parse_json(document: str | bytes) -> str: ...
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
