"""Types of the values the parser returns and `serialize` accepts."""

from typing import Optional, TypedDict, Union

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
