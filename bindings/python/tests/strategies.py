"""Hypothesis strategies for block documents: delimiters (valid and nearly
valid), attribute JSON (valid and broken), and HTML, mixed at random."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

NAMES = ["paragraph", "group", "core/image", "my-plugin/card", "a", "a-b/c_d", "x1"]
NEAR_NAMES = ["1a", "A", "a/b/c", "", "a b", "core/"]
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\ufeff", "\x0b", "\x0c"]

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)

attribute_texts = st.one_of(
    st.dictionaries(st.text(max_size=5), json_values, max_size=4).map(
        lambda value: json.dumps(value, ensure_ascii=False)
    ),
    st.dictionaries(st.text(max_size=5), json_values, max_size=3).map(json.dumps),
    st.sampled_from(
        [
            "{}",
            '{"a":1e400}',
            '{"a":-0}',
            '{"-->":"} -->"}',
            '{"a":"/-->"}',
            '{"a":}',
            "{'a':1}",
            '{"a":1,}',
            '{"b":1,"2":2,"b":3}',
            '{"a":"\\ud83d\\ude00"}',
            "{",
            "}",
        ]
    ),
)


def often(common: str, others: list[str]) -> st.SearchStrategy[str]:
    """`common` half of the time, else one of `others`."""
    return st.sampled_from([common] * len(others) + others)


names = st.sampled_from(NAMES + NAMES + NEAR_NAMES)
spaces = often(" ", SPACES)


@st.composite
def openers(draw: st.DrawFn, name: str | None = None, void: bool | None = None) -> str:
    """An opening or void delimiter, sometimes slightly wrong."""
    name = draw(names) if name is None else name
    attrs = draw(st.none() | attribute_texts)
    group = "" if attrs is None else attrs + draw(spaces)
    if void is None:
        end = draw(st.sampled_from(["-->", "-->", "/-->", "->", "--", "/ -->"]))
    else:
        end = "/-->" if void else "-->"
    return f"<!--{draw(spaces)}wp:{name}{draw(spaces)}{group}{end}"


@st.composite
def closers(draw: st.DrawFn, name: str | None = None) -> str:
    name = draw(names) if name is None else name
    return f"<!--{draw(spaces)}/wp:{name}{draw(spaces)}-->"


html = st.text(
    alphabet=st.sampled_from(list("ab <>/-!\n{}\"'é😀\u2028")), max_size=12
) | st.sampled_from(["<p>text</p>", "<!-- a comment -->", "<!--", "-->", "<!-- wp:", "\n\n"])


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> str:
    """A well-formed block, void or with HTML and inner blocks."""
    name = draw(st.sampled_from(NAMES))
    if draw(st.integers(0, 3)) == 0:
        return draw(openers(name=name, void=True))
    inner = html | blocks(depth + 1) if depth < 4 else html
    content = draw(st.lists(inner, max_size=4))
    return draw(openers(name=name, void=False)) + "".join(content) + draw(closers(name=name))


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Blocks, stray delimiters and HTML; sometimes cut short anywhere."""
    tokens = draw(st.lists(blocks() | openers() | closers() | html, max_size=12))
    document = "".join(tokens)
    cut = draw(st.none() | st.none() | st.integers(min_value=0, max_value=len(document)))
    return document if cut is None else document[:cut]
