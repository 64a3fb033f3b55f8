"""The public API: shapes, types, shared objects, walk, iter_blocks, serialize."""

from __future__ import annotations

import json

import pytest

import gutenberg_post_parser as gpp

NESTED = (
    '<!-- wp:group {"tag":"section"} --><div>'
    "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->"
    '<!-- wp:image {"id":7} /-->'
    "</div><!-- /wp:group -->\n\n<p>after</p>"
)


def test_parse_returns_the_reference_shape() -> None:
    assert gpp.parse(NESTED) == [
        {
            "blockName": "core/group",
            "attrs": {"tag": "section"},
            "innerBlocks": [
                {
                    "blockName": "core/paragraph",
                    "attrs": {},
                    "innerBlocks": [],
                    "innerHTML": "<p>a</p>",
                    "innerContent": ["<p>a</p>"],
                },
                {
                    "blockName": "core/image",
                    "attrs": {"id": 7},
                    "innerBlocks": [],
                    "innerHTML": "",
                    "innerContent": [],
                },
            ],
            "innerHTML": "<div></div>",
            "innerContent": ["<div>", None, None, "</div>"],
        },
        {
            "blockName": None,
            "attrs": {},
            "innerBlocks": [],
            "innerHTML": "\n\n<p>after</p>",
            "innerContent": ["\n\n<p>after</p>"],
        },
    ]


def test_keys_are_in_the_reference_order() -> None:
    for block in gpp.iter_blocks(gpp.parse(NESTED)):
        assert list(block) == ["blockName", "attrs", "innerBlocks", "innerHTML", "innerContent"]


def test_empty_and_blank_documents() -> None:
    assert gpp.parse("") == []
    assert gpp.parse(b"") == []
    assert gpp.parse_json("") == "[]"
    blank: list[gpp.Block] = [
        {"blockName": None, "attrs": {}, "innerBlocks": [], "innerHTML": " ", "innerContent": [" "]}
    ]
    assert gpp.parse(" ") == blank


def test_str_and_bytes_give_the_same_blocks() -> None:
    text = '<!-- wp:p {"t":"é😀"} -->ü<!-- /wp:p -->'
    assert gpp.parse(text) == gpp.parse(text.encode())
    assert gpp.parse_json(text) == gpp.parse_json(text.encode())


@pytest.mark.parametrize("size", [10, 100_000])
def test_text_of_every_width_comes_back_whole(size: int) -> None:
    # Long text takes another path into `str` than short text; both must agree.
    unit = "\ufeffa\x00é€😀\u2028<b>\U0010ffff\ud7ff\ue000"
    text = unit * (size // len(unit.encode()) + 1)
    for document in (text, text.encode()):
        blocks = gpp.parse(document)
        assert [block["innerHTML"] for block in blocks] == [text]
        assert json.loads(gpp.parse_json(document)) == blocks
    wrapped = f'<!-- wp:a {{"t":{json.dumps(text)}}} -->{text}<!-- /wp:a -->'
    block = gpp.parse(wrapped)[0]
    assert block["attrs"] == {"t": text}
    assert block["innerContent"] == [text]
    assert gpp.parse(gpp.serialize([block])) == [block]


def test_parse_json_is_the_same_data_as_parse() -> None:
    assert json.loads(gpp.parse_json(NESTED)) == gpp.parse(NESTED)
    assert gpp.parse_json('<!-- wp:a {"x":1.50} /-->') == (
        '[{"blockName":"core/a","attrs":{"x":1.5},"innerBlocks":[],'
        '"innerHTML":"","innerContent":[]}]'
    )


def attrs_of(attrs_json: str) -> gpp.Attrs | None:
    blocks = gpp.parse(f"<!-- wp:a {attrs_json} /-->")
    return blocks[0]["attrs"]


def test_json_values_become_native_objects() -> None:
    attrs = attrs_of('{"s":"\\u00e9\\n","t":true,"f":false,"n":null,"l":[1,[2]],"o":{"k":{}}}')
    assert attrs == {"s": "é\n", "t": True, "f": False, "n": None, "l": [1, [2]], "o": {"k": {}}}
    assert attrs is not None
    assert attrs["t"] is True
    assert attrs["n"] is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("-7", -7),
        ("1.0", 1),
        ("1e2", 100),
        ("-0", 0),
        ("-0.0", 0),
        ("9007199254740992", 2**53),
        ("9007199254740993", 2**53),
        ("18446744073709551616", 18446744073709552000),
        ("1e20", 10**20),
        ("1.5", 1.5),
        ("0.1", 0.1),
        ("1e21", 1e21),
        ("-1e300", -1e300),
        ("1e-400", 0),
        ("1e400", None),
        ("-1e400", None),
    ],
)
def test_numbers_follow_javascript(text: str, value: float | None) -> None:
    attrs = attrs_of(f'{{"x":{text}}}')
    assert attrs is not None
    number = attrs["x"]
    assert number == value
    # Integral values below 1e21 are int, with the digits JSON.stringify prints.
    assert type(number) is type(value)
    assert gpp.parse_json(f'<!-- wp:a {{"x":{text}}} /-->').count(json.dumps(value)) == 1


def test_results_always_dump_as_strict_json() -> None:
    document = '<!-- wp:a {"x":1e400,"y":[-1e999,1e308]} /-->'
    blocks = gpp.parse(document)
    assert blocks[0]["attrs"] == {"x": None, "y": [None, 1e308]}
    assert json.loads(json.dumps(blocks, allow_nan=False)) == json.loads(gpp.parse_json(document))


def test_invalid_attribute_json_gives_none() -> None:
    assert attrs_of('{"a":}') is None
    assert attrs_of("{'a':1}") is None


def test_object_keys_follow_javascript_order_and_duplicates() -> None:
    attrs = attrs_of('{"b":1,"2":2,"a":3,"1":4,"b":5}')
    assert attrs is not None
    assert list(attrs.items()) == [("1", 4), ("2", 2), ("b", 5), ("a", 3)]


def test_single_html_run_is_one_shared_str() -> None:
    for block in gpp.iter_blocks(gpp.parse(NESTED)):
        pieces = [html for html in block["innerContent"] if html is not None]
        if len(pieces) == 1:
            assert block["innerHTML"] is pieces[0]


def test_block_names_are_shared_and_containers_are_not() -> None:
    blocks = gpp.parse("<!-- wp:p /--><!-- wp:core/p /-->\n<!-- wp:p /-->\n")
    assert blocks[0]["blockName"] is blocks[1]["blockName"] is blocks[3]["blockName"]
    assert blocks[2]["innerHTML"] is blocks[4]["innerHTML"]
    assert blocks[0]["attrs"] is not blocks[1]["attrs"]
    assert blocks[0]["innerBlocks"] is not blocks[1]["innerBlocks"]
    assert blocks[0]["innerContent"] is not blocks[1]["innerContent"]
    blocks[0]["innerBlocks"].append(blocks[2])
    assert blocks[1]["innerBlocks"] == []


def test_walk_yields_every_block_with_offsets() -> None:
    text = "é" + NESTED
    data = text.encode()
    walked = list(gpp.walk(text))
    assert [(entry.depth, entry.block_name) for entry in walked] == [
        (0, None),
        (0, "core/group"),
        (1, "core/paragraph"),
        (1, "core/image"),
        (0, None),
    ]
    group = walked[1]
    assert group.attrs == {"tag": "section"}
    assert group.opener_span is not None
    assert group.closer_span is not None
    assert data[slice(*group.opener_span)] == b'<!-- wp:group {"tag":"section"} -->'
    assert data[slice(*group.closer_span)] == b"<!-- /wp:group -->"
    assert group.span == (group.opener_span[0], group.closer_span[1])
    image = walked[3]
    assert image.void
    assert image.closer_span is None
    assert data[slice(*image.span)] == b'<!-- wp:image {"id":7} /-->'
    freeform = walked[4]
    assert freeform.opener_span is None
    assert data[slice(*freeform.span)] == b"\n\n<p>after</p>"
    assert walked[0].span == (0, 2)


def test_walk_and_iter_blocks_visit_in_the_same_order() -> None:
    blocks = gpp.parse(NESTED)
    assert [block["blockName"] for block in gpp.iter_blocks(blocks)] == [
        entry.block_name for entry in gpp.walk(NESTED)
    ]


def test_walk_raises_at_once() -> None:
    with pytest.raises(gpp.InvalidUtf8Error):
        gpp.walk(b"\xff")


def test_serialize_writes_canonical_markup() -> None:
    assert gpp.serialize(gpp.parse(NESTED)) == (
        '<!-- wp:group {"tag":"section"} --><div>'
        "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->"
        '<!-- wp:image {"id":7} /-->'
        "</div><!-- /wp:group -->\n\n<p>after</p>"
    )


def test_serialize_accepts_hand_made_blocks() -> None:
    block: gpp.Block = {
        "blockName": "my-plugin/card",
        "attrs": {"title": "a -- b <c>", "n": [1, 2.5, True, None], "t": (1, 2)},  # type: ignore[dict-item]
        "innerBlocks": [],
        "innerHTML": "",
        "innerContent": ["<p>x</p>"],
    }
    markup = gpp.serialize([block])
    assert "--" not in markup.split("-->")[0][4:]
    expected: list[gpp.Block] = [
        {
            "blockName": "my-plugin/card",
            "attrs": {"title": "a -- b <c>", "n": [1, 2.5, True, None], "t": [1, 2]},
            "innerBlocks": [],
            "innerHTML": "<p>x</p>",
            "innerContent": ["<p>x</p>"],
        }
    ]
    assert gpp.parse(markup) == expected


def test_serialize_drops_null_attrs() -> None:
    blocks = gpp.parse('<!-- wp:a {"x":} --><!-- /wp:a -->')
    assert blocks[0]["attrs"] is None
    assert gpp.serialize(blocks) == "<!-- wp:a /-->"
