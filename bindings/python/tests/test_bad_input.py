"""Input that is not a document, not UTF-8, or not blocks: clear, typed errors."""

from __future__ import annotations

import pickle
from typing import Any, Callable

import pytest

import gutenberg_post_parser as gpp

PARSERS: list[Callable[[Any], object]] = [gpp.parse, gpp.parse_json, gpp.walk]

INVALID_UTF8 = [
    b"\xff",
    b"abc\x80",
    b"<!-- wp:a -->\xc3(<!-- /wp:a -->",
    b"ok \xe2\x82",  # ends inside a character
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # above U+10FFFF
    b"\xc0\xaf",  # overlong
    "é😀".encode() + b"\xf0\x9f\x98",
]


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("data", INVALID_UTF8)
def test_invalid_utf8_says_where(parser: Callable[[Any], object], data: bytes) -> None:
    with pytest.raises(UnicodeDecodeError) as python:
        data.decode("utf-8")
    with pytest.raises(gpp.InvalidUtf8Error) as raised:
        parser(data)
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.position == python.value.start
    assert f"byte offset {python.value.start}" in str(error)


def test_invalid_utf8_error_survives_pickling() -> None:
    with pytest.raises(gpp.InvalidUtf8Error) as raised:
        gpp.parse(b"ab\xff")
    copy = pickle.loads(pickle.dumps(raised.value))
    assert isinstance(copy, gpp.InvalidUtf8Error)
    assert copy.position == 2
    assert str(copy) == str(raised.value)


@pytest.mark.parametrize("parser", PARSERS)
def test_lone_surrogates_in_str_raise_a_value_error(parser: Callable[[Any], object]) -> None:
    with pytest.raises(UnicodeEncodeError) as raised:
        parser("ok\ud800")
    assert isinstance(raised.value, ValueError)
    assert raised.value.start == 2


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "value", [None, 1, 1.5, bytearray(b"x"), memoryview(b"x"), ["x"], object()]
)
def test_other_types_are_refused(parser: Callable[[Any], object], value: object) -> None:
    with pytest.raises(
        TypeError, match=f"document must be str or bytes, not {type(value).__name__}"
    ):
        parser(value)


def test_broken_markup_never_raises() -> None:
    broken = [
        "<!-- wp:a",
        "<!-- wp:a {",
        '<!-- wp:a {"x": -->',
        "<!-- /wp:a -->",
        "<!-- wp:a --><!-- /wp:b -->",
        "<!-- wp:a --><!-- wp:b -->",
        "<!-- wp:a /--><!-- /wp:a -->",
        "<!--",
        "-->",
        "\x00\ufeff\u2028",
    ]
    for text in broken:
        assert isinstance(gpp.parse(text), list)
        assert gpp.serialize(gpp.parse(text)) is not None


def block(**fields: Any) -> Any:
    """A valid block, with some fields replaced."""
    made: dict[str, Any] = {
        "blockName": "a",
        "attrs": {},
        "innerBlocks": [],
        "innerHTML": "",
        "innerContent": [],
    }
    made.update(fields)
    return made


@pytest.mark.parametrize(
    ("blocks", "error", "message"),
    [
        (1, TypeError, "not iterable"),
        ([1], TypeError, "block 0: expected a dict, not int"),
        ([block(blockName=1)], TypeError, "block 0: blockName must be str or None, not int"),
        ([block(attrs=[])], TypeError, "attrs must be a dict or None, not list"),
        ([block(attrs={1: 2})], TypeError, "block 0: attrs: keys must be str, not int"),
        ([block(attrs={"s": {1}})], TypeError, "block 0: attrs: values must be None, bool"),
        ([block(innerContent="x")], TypeError, "block 0: innerContent must be a list, not str"),
        ([block(innerContent=[1])], TypeError, "block 0: innerContent items must be str or None"),
        ([block(innerBlocks=None)], TypeError, "block 0: innerBlocks must be a list, not NoneType"),
        ([block(innerBlocks=[block()])], ValueError, "0 None entries for 1 innerBlocks"),
        (
            [block(innerBlocks=[block(), 2], innerContent=[None, None])],
            TypeError,
            "block 2: expected a dict, not int",
        ),
        ([{"blockName": None}], TypeError, "block 0: missing key 'attrs'"),
        ([block(attrs={"x": 10**400})], OverflowError, "too large"),
    ],
)
def test_serialize_refuses_malformed_blocks(blocks: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        gpp.serialize(blocks)


def test_serialize_refuses_cycles() -> None:
    outer = block(innerContent=[None])
    outer["innerBlocks"].append(outer)
    with pytest.raises(ValueError, match="block 1: a block contains itself"):
        gpp.serialize([outer])
    attrs: dict[str, Any] = {}
    attrs["self"] = [attrs]
    with pytest.raises(ValueError, match="block 0: attrs: circular reference"):
        gpp.serialize([block(attrs=attrs)])


def test_serialize_accepts_a_block_used_twice() -> None:
    leaf = block(innerContent=["x"])
    assert gpp.serialize([leaf, block(innerBlocks=[leaf, leaf], innerContent=[None, None])]) == (
        "<!-- wp:a -->x<!-- /wp:a --><!-- wp:a -->"
        "<!-- wp:a -->x<!-- /wp:a --><!-- wp:a -->x<!-- /wp:a --><!-- /wp:a -->"
    )
