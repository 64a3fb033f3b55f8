"""Comparing two parse results as JSON data, the way the reference means them.

Numbers compare as doubles (JavaScript has no other kind: `1`, `1.0` and `1e0`
are the same number), objects compare regardless of key order, and `true` is
never the number 1. An infinite number (`1e400` in attribute JSON decodes to
Infinity in every language) matches the reference's `null`, which is what
`JSON.stringify` writes for it. Iterative, so nesting of any depth is fine.
"""

import math
import re

NUMBER = (int, float)

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A surrogate code point in a decoded Python str: one that was lone in the
JSON (`json.loads` pairs the others into one character)."""


def replace_lone_surrogates(value, replacement: str):
    """A copy of decoded JSON with each lone surrogate in its strings and keys
    replaced, for packages whose strings cannot hold one (each documents what it
    gives instead). Iterative, so nesting of any depth is fine."""

    def fix(text):
        return LONE_SURROGATE.sub(replacement, text) if isinstance(text, str) else text

    root = [value]
    stack = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, list):
            copy = list(item)
            stack.extend((copy, at) for at in range(len(copy)))
        elif isinstance(item, dict):
            copy = {fix(k): v for k, v in item.items()}
            stack.extend((copy, k) for k in copy)
        else:
            copy = fix(item)
        container[key] = copy
    return root[0]


def _kind(value) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value) if value is None else "bool"
    if isinstance(value, NUMBER):
        return "number"
    return type(value).__name__


def first_difference(ours, expected):
    """The JSON path of the first difference between two decoded JSON values
    (like `[0].innerBlocks[2].attrs.id`), with both sides; None when equal."""
    stack = [("", ours, expected)]
    while stack:
        path, a, b = stack.pop()
        if b is None and isinstance(a, float) and math.isinf(a):
            continue
        kind_a, kind_b = _kind(a), _kind(b)
        if kind_a != kind_b:
            return f"{path or '.'}: {a!r:.120} vs expected {b!r:.120}"
        if kind_a == "number":
            if float(a) != float(b):
                return f"{path}: {a!r} vs expected {b!r}"
        elif isinstance(a, list):
            if len(a) != len(b):
                return f"{path or '.'}: {len(a)} items vs expected {len(b)}"
            stack.extend((f"{path}[{i}]", x, y) for i, (x, y) in reversed(list(enumerate(zip(a, b)))))
        elif isinstance(a, dict):
            if a.keys() != b.keys():
                return f"{path or '.'}: keys {sorted(a)} vs expected {sorted(b)}"
            stack.extend((f"{path}.{key}", a[key], b[key]) for key in reversed(list(b)))
        elif a != b:
            return f"{path}: {a!r:.120} vs expected {b!r:.120}"
    return None
