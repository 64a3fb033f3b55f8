"""`parse_table` and `parse_arrow`: every row against `parse` and `walk`, every
input kind, and DuckDB and Polars reading the table.

pyarrow, DuckDB and Polars are optional: without them these tests skip,
unless GPP_REQUIRE_ARROW is set (CI), which makes them fail instead."""

from __future__ import annotations

import importlib
import json
import os
import re
from collections import Counter
from types import ModuleType
from typing import Any

import pytest

import gutenberg_post_parser as gpp

from helpers import CASES, REPO, SHARED_DOCUMENTS, nested

REAL_DOCUMENTS = REPO.parent / "shared" / "real-documents"

COLUMNS = [
    "document",
    "ordinal",
    "parent",
    "depth",
    "block_name",
    "attrs",
    "inner_html",
    "byte_start",
    "byte_end",
    "is_void",
    "error",
]


def optional(name: str) -> ModuleType:
    """Module `name`; skips without it, unless GPP_REQUIRE_ARROW is set."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("GPP_REQUIRE_ARROW"):
            pytest.fail(f"GPP_REQUIRE_ARROW is set but {name} is not installed")
        pytest.skip(f"{name} is not installed (pip install 'gutenberg-post-parser[arrow]')")


@pytest.fixture(scope="module")
def pa() -> ModuleType:
    return optional("pyarrow")


@pytest.fixture(scope="module")
def duckdb() -> ModuleType:
    return optional("duckdb")


@pytest.fixture(scope="module")
def pl() -> ModuleType:
    return optional("polars")


def documents() -> list[str]:
    """Every fixture case, the real posts and the shared documents."""
    paths = sorted(CASES.glob("*.html"))
    for folder in (REAL_DOCUMENTS, SHARED_DOCUMENTS):
        if not folder.is_dir():
            if os.environ.get("GPP_REQUIRE_REFERENCE"):
                pytest.fail(f"{folder} is missing")
            continue
        paths += sorted(folder.glob("*.html"))
    return [path.read_text(encoding="utf-8") for path in paths]


# A UTF-16 surrogate in a Python `str` from `parse` is a lone one.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Floats go through `json.dumps` as strings marked so, then become numbers.
FLOAT_MARK = "\x00float:"
MARKED_FLOAT = re.compile('"\\\\u0000float:([^"]*)"')
REPR = re.compile(r"(-?)(\d+)(?:\.(\d+))?(?:e([-+]\d+))?")


def js_number(value: float) -> str:
    """A finite double as JavaScript prints it: the shortest digits that
    round-trip (as Python's `repr`), in decimal for exponents from -7 to 20."""
    found = REPR.fullmatch(repr(value))
    assert found is not None, value
    sign, whole, fraction, exponent = found.groups()
    digits = (whole + (fraction or "")).lstrip("0").rstrip("0") or "0"
    # value = 0.DIGITS x 10**point
    point = len(whole.lstrip("0")) + int(exponent or 0)
    if not whole.lstrip("0"):
        point -= len(fraction or "") - len((fraction or "").lstrip("0"))
    if len(digits) <= point <= 21:
        text = digits + "0" * (point - len(digits))
    elif 0 < point <= 21:
        text = digits[:point] + "." + digits[point:]
    elif -6 < point <= 0:
        text = "0." + "0" * -point + digits
    else:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        text = f"{mantissa}e{'+' if point > 0 else '-'}{abs(point - 1)}"
    return sign + text


def with_js_floats(attrs: gpp.Attrs) -> Any:
    """A copy of `attrs` with every float replaced by its marked JavaScript text."""
    root: list[Any] = [attrs]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        value = container[key]
        if isinstance(value, float):
            container[key] = FLOAT_MARK + js_number(value)
        elif isinstance(value, dict):
            container[key] = entries = dict(value)
            stack.extend((entries, name) for name in entries)
        elif isinstance(value, list):
            container[key] = items = list(value)
            stack.extend((items, at) for at in range(len(items)))
    return root[0]


def stringify(attrs: gpp.Attrs | None) -> str | None:
    """`JSON.stringify(attrs)` for attrs from `parse`, None for None. Its
    integers print as JavaScript prints them already; floats and lone
    surrogates (which JavaScript escapes) are written here."""
    if attrs is None:
        return None
    text = json.dumps(with_js_floats(attrs), ensure_ascii=False, separators=(",", ":"))
    text = MARKED_FLOAT.sub(lambda found: found[1], text)
    return LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def test_js_number() -> None:
    cases = {
        0.1: "0.1",
        1e-6: "0.000001",
        1e-7: "1e-7",
        1.5e-7: "1.5e-7",
        123.456: "123.456",
        1e21: "1e+21",
        1.25e21: "1.25e+21",
        -0.5: "-0.5",
        1.7976931348623157e308: "1.7976931348623157e+308",
        5e-324: "5e-324",
        0.0001234: "0.0001234",
    }
    for value, text in cases.items():
        assert js_number(value) == text


def expected_rows(index: int, document: str | bytes) -> list[dict[str, Any]]:
    """The rows `parse_table` must give for one document, from `parse` (names,
    attrs, HTML, nesting) and `walk` (byte spans, void), both depth-first."""
    rows: list[dict[str, Any]] = []
    ancestors: list[int] = []
    walked = gpp.walk(document)
    for ordinal, (block, entry) in enumerate(zip(gpp.iter_blocks(gpp.parse(document)), walked)):
        del ancestors[entry.depth :]
        rows.append(
            {
                "document": index,
                "ordinal": ordinal,
                "parent": ancestors[-1] if ancestors else None,
                "depth": entry.depth,
                "block_name": block["blockName"],
                "attrs": stringify(block["attrs"]),
                "inner_html": block["innerHTML"],
                "byte_start": entry.span[0],
                "byte_end": entry.span[1],
                "is_void": entry.void,
                "error": None,
            }
        )
        ancestors.append(ordinal)
    return rows


def assert_same_rows(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> None:
    assert len(ours) == len(theirs)
    for at, (row, want) in enumerate(zip(ours, theirs)):
        assert row == want, f"row {at}"


def test_every_block_agrees_with_parse(pa: ModuleType) -> None:
    docs = documents()
    assert len(docs) > 1000
    table = gpp.parse_arrow(docs)
    assert table.column_names == COLUMNS
    want = [row for index, doc in enumerate(docs) for row in expected_rows(index, doc)]
    assert_same_rows(table.to_pylist(), want)
    # One record batch per run of documents a thread parsed; same rows on one thread.
    assert table.equals(gpp.parse_arrow(docs, threads=1))
    assert table.equals(gpp.parse_arrow(docs, threads=3))


def test_the_schema(pa: ModuleType) -> None:
    schema = gpp.parse_arrow(["<!-- wp:a /-->"]).schema
    types = {field.name: (str(field.type), field.nullable) for field in schema}
    assert types["document"] == ("int64", False)
    assert types["block_name"] == ("large_string", True)
    assert types["is_void"] == ("bool", True)
    assert all(types[name][0] == "int64" for name in ("ordinal", "parent", "byte_end"))


def test_freeform_runs_can_be_left_out(pa: ModuleType) -> None:
    doc = "x<!-- wp:a /-->y<!-- wp:b -->z<!-- /wp:b -->"
    rows = gpp.parse_arrow([doc], freeform=False).to_pylist()
    assert [row["block_name"] for row in rows] == ["core/a", "core/b"]
    assert [row["ordinal"] for row in rows] == [1, 3]


def test_every_kind_of_input(pa: ModuleType, pl: ModuleType) -> None:
    docs = ['<!-- wp:p {"a":"é"} -->é<!-- /wp:p -->', "x", '<!-- wp:a {"b":1} /-->']
    want = gpp.parse_arrow(docs)
    inputs: list[Any] = [
        tuple(docs),
        (doc for doc in docs),
        [doc.encode() for doc in docs],
        pa.array(docs),
        pa.array(docs, pa.large_string()),
        pa.array(docs, pa.string_view()),
        pa.array([doc.encode() for doc in docs], pa.binary()),
        pa.array([doc.encode() for doc in docs], pa.large_binary()),
        pa.chunked_array([docs[:1], docs[1:]]),
        pa.array(["skipped", *docs]).slice(1),
        pl.Series(docs),
    ]
    for documents in inputs:
        assert gpp.parse_arrow(documents).equals(want), repr(documents)[:80]


def test_null_documents_have_no_rows(pa: ModuleType) -> None:
    for documents in (["<!-- wp:a /-->", None, "x"], pa.array(["<!-- wp:a /-->", None, "x"])):
        rows = gpp.parse_arrow(documents).to_pylist()
        assert [row["document"] for row in rows] == [0, 2]


def test_failed_documents_get_an_error_row(pa: ModuleType) -> None:
    hostile = "<!-- wp:group -->x" * 2000
    docs: list[str | bytes] = ["<!-- wp:a /-->", b"ok\xff", hostile]
    rows = gpp.parse_arrow(docs, max_output_bytes=1 << 20).to_pylist()
    assert [row["document"] for row in rows] == [0, 1, 2]
    assert rows[0]["error"] is None
    assert rows[1]["error"] == "invalid UTF-8: 1 invalid byte(s) at byte offset 2"
    assert "over the limit" in rows[2]["error"]
    for row in rows[1:]:
        assert all(row[name] is None for name in COLUMNS if name not in ("document", "error"))
    assert gpp.parse_arrow([hostile], max_output_bytes=None).num_rows == 3999


def test_bad_arguments_raise() -> None:
    with pytest.raises(TypeError, match="not one document"):
        gpp.parse_table("<!-- wp:a /-->")
    with pytest.raises(TypeError, match="str or bytes"):
        gpp.parse_table([1])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="threads"):
        gpp.parse_table([], threads=0)
    with pytest.raises(UnicodeEncodeError):
        gpp.parse_table(["\ud800"])


def test_arrow_inputs_must_be_one_column_of_text(pa: ModuleType) -> None:
    with pytest.raises(TypeError, match="strings or binary"):
        gpp.parse_table(pa.array([1, 2]))
    with pytest.raises(TypeError, match="one column"):
        gpp.parse_table(pa.table({"post_content": ["x"]}))


def test_the_table_exports_again_and_again(pa: ModuleType) -> None:
    blocks = gpp.parse_table(["<!-- wp:a /-->", "x"])
    assert len(blocks) == blocks.num_rows == 2
    first, second = pa.table(blocks), pa.table(blocks)
    assert first.equals(second)
    assert pa.schema(blocks).names == COLUMNS


def test_deep_nesting(pa: ModuleType) -> None:
    depth = 100_000
    table = gpp.parse_arrow([nested(depth)])
    assert table.num_rows == depth + 1
    assert max(table["depth"].to_pylist()) == depth


def test_empty_input(pa: ModuleType) -> None:
    table = gpp.parse_arrow([])
    assert table.num_rows == 0
    assert table.column_names == COLUMNS


def test_duckdb_reads_the_table(duckdb: ModuleType, pa: ModuleType) -> None:
    docs = documents()
    con = duckdb.connect()
    con.register("blocks", gpp.parse_table(docs))  # DuckDB needs no pyarrow for it
    names = con.sql(
        "SELECT block_name, count(*) FROM blocks WHERE block_name IS NOT NULL GROUP BY 1"
    ).fetchall()
    want = Counter(
        block["blockName"]
        for doc in docs
        for block in gpp.iter_blocks(gpp.parse(doc))
        if block["blockName"] is not None
    )
    assert dict(names) == want
    cursor = con.sql(f"SELECT {', '.join(COLUMNS)} FROM blocks ORDER BY document, ordinal")
    rows = [dict(zip(COLUMNS, row)) for row in cursor.fetchall()]
    want_rows = [row for index, doc in enumerate(docs) for row in expected_rows(index, doc)]
    assert_same_rows(rows, want_rows)
    relation = duckdb.from_arrow(gpp.parse_arrow(docs))
    assert relation.count("*").fetchall() == [(len(want_rows),)]


def test_polars_reads_the_table(pl: ModuleType, pa: ModuleType) -> None:
    docs = documents()
    frame = pl.DataFrame(gpp.parse_table(docs))
    assert frame.columns == COLUMNS
    want = [row for index, doc in enumerate(docs) for row in expected_rows(index, doc)]
    assert_same_rows(frame.to_dicts(), want)
    assert pl.from_arrow(gpp.parse_arrow(docs)).equals(frame)
    usage = frame.group_by("block_name").len().drop_nulls()
    assert dict(usage.iter_rows()) == Counter(
        row["block_name"] for row in want if row["block_name"] is not None
    )
