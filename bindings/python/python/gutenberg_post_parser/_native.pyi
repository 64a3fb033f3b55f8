"""Types of the native module; see the package documentation."""

from collections.abc import Iterable
from typing import Any, TypeVar, overload

from ._types import Attrs, Block, Documents, JSONValue

_T = TypeVar("_T")

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

class EditError(ValueError):
    """An edit was refused (overlap, freeform HTML, attributes that are not a
    dict, or markup that would change the blocks around it)."""

class Document:
    def __new__(cls, text: str | bytes) -> Document: ...
    @property
    def text(self) -> str | bytes: ...
    def find(self, name: str = "*", **attrs: object) -> list[BlockView]: ...
    def edit(self) -> Editor: ...

class BlockView:
    @property
    def name(self) -> str | None: ...
    @property
    def attrs(self) -> Attrs | None: ...
    @overload
    def get(self, key: str) -> JSONValue | None: ...
    @overload
    def get(self, key: str, default: _T) -> JSONValue | _T: ...
    @property
    def inner_html(self) -> str: ...
    @property
    def span(self) -> tuple[int, int]: ...
    @property
    def depth(self) -> int: ...
    @property
    def parent(self) -> BlockView | None: ...
    @property
    def document(self) -> Document: ...

class Editor:
    def set_attrs(self, view: BlockView, attrs: Attrs) -> None: ...
    def replace(self, view: BlockView, markup: str) -> None: ...
    def replace_inner_html(self, view: BlockView, html: str) -> None: ...
    def remove(self, view: BlockView) -> None: ...
    def insert_before(self, view: BlockView, markup: str) -> None: ...
    def insert_after(self, view: BlockView, markup: str) -> None: ...
    def text(self) -> str | bytes: ...
    def __len__(self) -> int: ...

class BlockTable:
    """The blocks of many documents as Arrow record batches, one row per
    block; see `parse_table`. Any Arrow reader takes it (`pyarrow.table`,
    `polars.DataFrame`, DuckDB) through `__arrow_c_stream__`, without a copy."""

    @property
    def num_rows(self) -> int: ...
    def __len__(self) -> int: ...
    def __arrow_c_schema__(self) -> Any: ...
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...

def parse_table(
    documents: Documents,
    *,
    freeform: bool = True,
    max_output_bytes: int | None = ...,
    threads: int | None = None,
) -> BlockTable:
    """The blocks of every document as one table, one row per block,
    depth-first, documents in order; parsed across `threads` threads (None:
    one per core) with the GIL released, no Python object made per block.

    Columns: `document` (index in `documents`), `ordinal` (index in the
    document's depth-first walk), `parent` (its `ordinal`, null at the top),
    `depth`, `block_name` (null for freeform HTML), `attrs` (exactly the
    reference's `JSON.stringify(attrs)`: `{}` when absent; null for invalid
    JSON), `inner_html`, `byte_start`/`byte_end` (UTF-8 offsets of the
    block, delimiters included), `is_void`, `error`. Freeform runs get rows
    unless `freeform` is False. A document that is not UTF-8 or whose rows
    would hold more than `max_output_bytes` of text (as in `parse`) gets one
    row with only `document` and `error` set, instead of raising.
    """
