"""Fast, exact parser of WordPress block markup (Gutenberg post content).

`parse` returns exactly what WordPress's reference parser
(`@wordpress/block-serialization-default-parser`) returns, as native Python
objects. Parsing runs in Rust with the GIL released.

The reference's recovery gives every unclosed block the rest of the document,
so the result of a small hostile post can grow with the square of its size.
`parse` and `parse_json` refuse a result holding more than `max_output_bytes`
of text (default `DEFAULT_MAX_OUTPUT_BYTES`, 64 MiB; a document may always
produce 16 times its own size) with `ExpansionLimitError`; `None` lifts it.

`Document` finds and edits blocks without building them all: `find` returns
lazy `BlockView`s (name, attributes and HTML become Python objects only when
read), and `Document.edit()` returns an `Editor` whose edits each replace one
byte range, every other byte kept:

    doc = Document(post)
    for image in doc.find("core/image", id=42):   # `...` means "present"
        image.attrs, image.span, image.depth, image.parent
    editor = doc.edit()
    editor.set_attrs(image, {**image.attrs, "url": "https://new.example/a.jpg"})
    new_post = editor.text()

Spans are `(start, end)` offsets into the text's UTF-8 bytes. Overlapping or
unsafe edits raise `EditError` naming both edits.

For many documents at once, `parse_table` and `parse_arrow` build one
columnar table of blocks (Apache Arrow) across every core, with no Python
object per block.
"""

from collections.abc import Iterable, Iterator
from typing import NamedTuple, Optional, Union

from . import _native
from ._arrow import parse_arrow
from ._native import (
    DEFAULT_MAX_OUTPUT_BYTES,
    BlockTable,
    BlockView,
    Document,
    EditError,
    Editor,
    ExpansionLimitError,
    InvalidUtf8Error,
    parse,
    parse_json,
    parse_table,
    serialize,
)
from ._types import Attrs, Block, JSONValue

__all__ = [
    "DEFAULT_MAX_OUTPUT_BYTES",
    "Attrs",
    "Block",
    "BlockSpan",
    "BlockTable",
    "BlockView",
    "Document",
    "EditError",
    "Editor",
    "ExpansionLimitError",
    "InvalidUtf8Error",
    "JSONValue",
    "iter_blocks",
    "parse",
    "parse_arrow",
    "parse_json",
    "parse_table",
    "serialize",
    "walk",
]


class BlockSpan(NamedTuple):
    """One block met by `walk`, with where it sits in the document.

    Spans are `(start, end)` offsets into the document's UTF-8 bytes (for a
    `str`, into `document.encode()`), end excluded.
    """

    depth: int
    """0 for a top-level block, 1 for its inner blocks, and so on."""
    block_name: Optional[str]
    """The full name (`core/paragraph`), or None for freeform HTML."""
    attrs: Optional[Attrs]
    """The decoded attributes, as in `parse`."""
    span: tuple[int, int]
    """The whole block: opening delimiter to closing delimiter, or the HTML."""
    opener_span: Optional[tuple[int, int]]
    """The opening (or void) delimiter; None for freeform HTML."""
    closer_span: Optional[tuple[int, int]]
    """The closing delimiter; None when nothing closed the block."""
    void: bool
    """Whether the block was written as a void delimiter (`<!-- wp:x /-->`)."""


def walk(document: Union[str, bytes]) -> Iterator[BlockSpan]:
    """Every block of `document` depth-first in document order, with byte offsets.

    The document is parsed at once (invalid UTF-8 raises here, not while
    iterating); nesting of any depth is fine.
    """
    return map(BlockSpan._make, _native.walk(document))


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block of a `parse` result, inner blocks included, depth-first.

    Iterative: nesting of any depth is fine.
    """
    stack = list(blocks)
    stack.reverse()
    while stack:
        block = stack.pop()
        yield block
        stack.extend(reversed(block["innerBlocks"]))
