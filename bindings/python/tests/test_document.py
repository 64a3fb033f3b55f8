"""`Document.find` and `Editor`: views checked against the reference's parse,
edits checked byte for byte outside the edited ranges and, with the reference
on Node, parsed back to the blocks they intend."""

from __future__ import annotations

import gc
import json
import sys
from typing import Any

import pytest

import gutenberg_post_parser as gpp

from helpers import CASES, Reference, nested, same_data

POST = (
    "<p>intro</p>\n"
    '<!-- wp:image {"id":7,"url":"http://old.example/a.jpg"} /-->\n'
    "<!-- wp:group --><!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph --><!-- /wp:group -->"
)


def reference_blocks(tree: list[Any]) -> list[tuple[Any, int]]:
    """Named blocks of a reference parse, depth-first, with their depth."""
    out: list[tuple[Any, int]] = []
    stack = [(block, 0) for block in reversed(tree)]
    while stack:
        block, depth = stack.pop()
        if block["blockName"] is not None:
            out.append((block, depth))
        stack.extend((inner, depth + 1) for inner in reversed(block["innerBlocks"]))
    return out


@pytest.mark.parametrize("path", sorted(CASES.glob("*.html")), ids=lambda p: p.stem)
def test_find_holds_what_the_reference_parse_holds(path: Any) -> None:
    text = path.read_bytes().decode()
    expected = json.loads(path.with_suffix(".json").read_bytes())
    views = gpp.Document(text).find()
    wanted = reference_blocks(expected)
    assert len(views) == len(wanted)
    data = text.encode()
    for view, (block, depth) in zip(views, wanted):
        assert view.name == block["blockName"]
        assert same_data(view.attrs, block["attrs"]) is None
        for key, value in (block["attrs"] or {}).items():
            assert same_data(view.get(key), value) is None
        assert view.get("no such attribute") is None
        assert view.get("no such attribute", 7) == 7
        assert view.inner_html == block["innerHTML"]
        assert view.depth == depth
        start, end = view.span
        assert data[start:end].startswith(b"<!--")
        parent = view.parent
        if depth == 0:
            assert parent is None
        else:
            assert parent is not None
            assert parent.depth == depth - 1
            assert parent.span[0] < start
            assert end <= parent.span[1]


def test_name_patterns_and_attribute_filters() -> None:
    doc = gpp.Document(POST)
    assert [v.name for v in doc.find("core/*")] == ["core/image", "core/group", "core/paragraph"]
    assert [v.name for v in doc.find("image", id=7)] == ["core/image"]
    assert [v.name for v in doc.find("core/image", id=7.0, url=...)] == ["core/image"]
    assert doc.find("image", id=8) == []
    assert doc.find("image", alt=...) == []
    assert [v.name for v in doc.find(url="http://old.example/a.jpg")] == ["core/image"]
    assert doc.find("my-plugin/*") == []
    with pytest.raises(TypeError, match="attrs"):
        doc.find("image", id=object())


def test_views_outlive_everything_but_need_nothing_else() -> None:
    views = gpp.Document(POST.encode()).find("paragraph")
    (paragraph,) = views
    assert paragraph.inner_html == "<p>Hi</p>"
    assert paragraph.parent is not None
    assert paragraph.parent.name == "core/group"
    assert paragraph.document.text == POST.encode()
    assert repr(paragraph).startswith("<BlockView core/paragraph ")


def test_an_edit_keeps_every_other_byte() -> None:
    doc = gpp.Document(POST)
    (image,) = doc.find("image")
    (paragraph,) = doc.find("paragraph")
    editor = doc.edit()
    attrs = image.attrs
    assert attrs is not None
    url = attrs["url"]
    assert isinstance(url, str)
    attrs["url"] = url.replace("http://old.example", "https://new.example")
    attrs["alt"] = 'a <b> -- "c"'
    editor.set_attrs(image, attrs)
    editor.replace_inner_html(paragraph, "<p>Hello</p>")
    editor.insert_after(paragraph, "<!-- wp:separator /-->")
    assert len(editor) == 3
    text = editor.text()
    assert isinstance(text, str)
    start, _end = image.span
    assert text.startswith(POST[:start])
    assert text.endswith(POST[paragraph.span[1] :])
    assert (
        '<!-- wp:image {"id":7,"url":"https://new.example/a.jpg",'
        '"alt":"a \\u003cb\\u003e \\u002d\\u002d \\u0022c\\u0022"} /-->' in text
    )
    assert gpp.Document(POST.encode()).edit().text() == POST.encode()


@pytest.mark.parametrize("widths", ["ascii", "latin-1", "bmp", "astral", "mixed"])
def test_str_results_equal_the_utf8_splice(widths: str) -> None:
    """A `str` result (kept runs sliced by code point, grown in place or
    joined) equals the `bytes` result (spliced as UTF-8) decoded, wherever
    the edits are and whatever the width of the text around them."""
    words = {
        "ascii": ["plain", "text", "only"],
        "latin-1": ["café", "naïve", "plain"],
        "bmp": ["“quoted”", "plain", "ǅ"],
        "astral": ["🙂", "plain", "𝄞"],
        "mixed": ["plain", "é“", "🙂"],
    }[widths]
    blocks = [
        f"<!-- wp:paragraph --><p>{words[i % 3]} {i}</p><!-- /wp:paragraph -->\n" for i in range(9)
    ]
    text = "".join(blocks)
    # One splice at the start (str.replace), in the middle and at the end
    # (grown in place), several (joined).
    edits = [[0], [1], [4], [8], [0, 8], [1, 3, 5, 7]]
    for new in ["<p>x</p>", "<p>é</p>", "<p>“🙂”</p>"]:
        for targets in edits:
            results = []
            for source in (text, text.encode()):
                doc = gpp.Document(source)
                views = doc.find("paragraph")
                editor = doc.edit()
                for target in targets:
                    editor.replace_inner_html(views[target], new)
                results.append(editor.text())
            as_str, as_bytes = results
            assert isinstance(as_str, str)
            assert isinstance(as_bytes, bytes)
            assert as_str == as_bytes.decode(), (widths, new, targets)
            assert as_str.count(new) == len(targets)


def test_edits_near_the_start_of_repeated_blocks() -> None:
    """No short anchor is unique among identical blocks: the `str` result is
    still the UTF-8 splice, for a replace, a removal and an insertion."""
    text = "<!-- wp:paragraph --><p>“same”</p><!-- /wp:paragraph -->" * 300
    for edit in ("replace_inner_html", "remove", "insert_before"):
        results = []
        for source in (text, text.encode()):
            doc = gpp.Document(source)
            view = doc.find("paragraph")[2]
            editor = doc.edit()
            if edit == "remove":
                editor.remove(view)
            else:
                getattr(editor, edit)(view, "<p>é</p>")
            results.append(editor.text())
        as_str, as_bytes = results
        assert isinstance(as_str, str)
        assert isinstance(as_bytes, bytes)
        assert as_str == as_bytes.decode(), edit


def test_bad_edits_raise_clear_errors() -> None:
    doc = gpp.Document(POST)
    (group,) = doc.find("group")
    (paragraph,) = doc.find("paragraph")
    editor = doc.edit()
    editor.remove(paragraph)
    overlap = r"replace on block \d+ \(core/group.*overlaps the earlier remove"
    with pytest.raises(gpp.EditError, match=overlap):
        editor.replace(group, "<!-- wp:separator /-->")
    with pytest.raises(gpp.EditError, match="no opener"):
        editor.insert_before(group, "<!-- /wp:group -->")
    with pytest.raises(TypeError, match="attrs must be a dict"):
        editor.set_attrs(group, [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="attrs"):
        editor.set_attrs(group, {"x": {1, 2}})  # type: ignore[dict-item]
    other = gpp.Document(POST).find("group")[0]
    with pytest.raises(ValueError, match="another Document"):
        editor.remove(other)
    assert isinstance(gpp.EditError("x"), ValueError)
    assert editor.text() == POST.replace("<!-- wp:paragraph --><p>Hi</p><!-- /wp:paragraph -->", "")


def test_get_reads_one_attribute() -> None:
    (image,) = gpp.Document(POST).find("image")
    assert image.get("id") == 7
    assert image.get("url") == "http://old.example/a.jpg"
    assert image.get("alt", "") == ""
    (broken,) = gpp.Document('<!-- wp:a {"x":} /-->').find()
    assert broken.attrs is None
    assert broken.get("x", "fallback") == "fallback"
    with pytest.raises(TypeError):
        image.get(7)  # type: ignore[call-overload]


def test_views_are_a_closed_type_that_holds_its_document() -> None:
    text = "".join(f'<!-- wp:a {{"n":{n}}} /-->' for n in range(1000))
    doc = gpp.Document(text)
    before = sys.getrefcount(doc)
    views = doc.find("a")
    assert sys.getrefcount(doc) == before + len(views)
    assert all(type(view) is gpp.BlockView for view in views)
    del views
    assert sys.getrefcount(doc) == before
    # A view alone keeps its document (and the text) alive.
    view = gpp.Document(text).find("a", n=999)[0]
    gc.collect()
    assert view.get("n") == 999
    assert view.document.text == text
    assert view.get(key="n") == 999
    assert view.get("m", default=0) == 0
    with pytest.raises(TypeError, match="cannot be made directly"):
        gpp.BlockView()
    with pytest.raises(TypeError, match=r"is not an acceptable base type"):
        type("Sub", (gpp.BlockView,), {})
    with pytest.raises(TypeError, match="missing required argument 'key'"):
        view.get()  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="at most 2 arguments"):
        view.get("n", 0, 1)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="multiple values for argument 'key'"):
        view.get("n", key="n")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="unexpected keyword argument 'k'"):
        view.get(k="n")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="key must be str, not int"):
        view.get(7)  # type: ignore[call-overload]
    with pytest.raises(AttributeError):
        view.depth = 3  # type: ignore[misc]
    with pytest.raises(TypeError, match="expected a BlockView, not str"):
        view.document.edit().remove("a")  # type: ignore[arg-type]


def test_invalid_input() -> None:
    with pytest.raises(gpp.InvalidUtf8Error):
        gpp.Document(b"<!-- wp:a -->\xff")
    with pytest.raises(TypeError):
        gpp.Document(42)  # type: ignore[arg-type]


def test_deep_nesting_finds_and_edits_without_recursion() -> None:
    depth = 100_000
    doc = gpp.Document(nested(depth))
    (bottom,) = doc.find("paragraph")
    assert bottom.depth == depth
    parent = bottom.parent
    assert parent is not None
    assert parent.depth == depth - 1
    editor = doc.edit()
    editor.set_attrs(bottom, {"deep": True})
    assert '<!-- wp:paragraph {"deep":true} -->' in editor.text()


def test_edited_documents_parse_to_the_intended_blocks(reference: Reference) -> None:
    texts = [path.read_bytes().decode() for path in sorted(CASES.glob("*.html"))]
    edited: list[str] = []
    intended: list[Any] = []
    for text, tree in zip(texts, reference.parse_all(texts)):
        doc = gpp.Document(text)
        views = doc.find()
        if not views:
            continue
        editor = doc.edit()
        target = views[-1]
        attrs: gpp.Attrs = {"gpp": 'x--<y> "z" \\', "n": len(views)}
        try:
            editor.set_attrs(target, attrs)
        except gpp.EditError:
            continue
        new_text = editor.text()
        assert isinstance(new_text, str)
        edited.append(new_text)
        blocks = reference_blocks(tree)
        blocks[-1][0]["attrs"] = attrs
        intended.append(tree)
    assert len(edited) > 100
    for text, got, want in zip(edited, reference.parse_all(edited), intended):
        assert same_data(got, want) is None, text
