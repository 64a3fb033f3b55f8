"""Types of the values the parser returns and `serialize` accepts."""

from collections.abc import Iterable
from typing import Any, Optional, Protocol, TypedDict, Union

JSONValue = Union[None, bool, int, float, str, list["JSONValue"], dict[str, "JSONValue"]]
"""A decoded JSON value. Numbers: `int` for integral values below 1e21 in
magnitude (with the digits JavaScript prints), `float` for other finite ones,
None for infinite ones (`1e400`), as in the reference's JSON."""

Attrs = dict[str, JSONValue]
"""A block's decoded attributes."""


class Block(TypedDict):
    """One block, exactly in the reference parser's shape.

    Freeform HTML between blocks has `blockName` None. `attrs` is None when the
    block's attribute JSON is invalid. `innerContent` holds the HTML runs with a
    None where each inner block sits; `innerHTML` is the runs joined.
    """

    blockName: Optional[str]
    attrs: Optional[Attrs]
    innerBlocks: list["Block"]
    innerHTML: str
    innerContent: list[Optional[str]]


class ArrowArrayExportable(Protocol):
    """An Arrow array by the PyCapsule interface (pyarrow `Array`, ...)."""

    def __arrow_c_array__(self, requested_schema: Any = ..., /) -> tuple[Any, Any]: ...


class ArrowStreamExportable(Protocol):
    """An Arrow stream by the PyCapsule interface (pyarrow `ChunkedArray`,
    Polars `Series`, ...)."""

    def __arrow_c_stream__(self, requested_schema: Any = ..., /) -> Any: ...


Documents = Union[Iterable[Union[str, bytes, None]], ArrowArrayExportable, ArrowStreamExportable]
"""Documents for `parse_table`: `str`, UTF-8 `bytes` or None (no rows) each,
or one Arrow array or stream of strings or binary (nulls: no rows)."""
