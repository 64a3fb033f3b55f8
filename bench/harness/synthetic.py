"""Deterministic synthetic documents of growing size, flat and deeply nested.

- flat: top-level paragraphs, headings, images, lists, quotes, separators and
  freeform HTML, with attributes, as an editor writes them.
- nested: groups nested `NESTED_DEPTH` deep (fewer when the document is too
  small to hold that many), a paragraph every tenth level, repeated until the
  document reaches its size.

Same size and shape, same bytes: a fixed seed drives the choices.
"""

import hashlib
import random
from pathlib import Path

SIZES = {"1KiB": 1 << 10, "16KiB": 16 << 10, "256KiB": 256 << 10, "4MiB": 4 << 20, "64MiB": 64 << 20}
"""Target size of each synthetic document, by label."""

NESTED_DEPTH = 1000
"""Nesting depth of each stack of groups in a nested document."""

WORDS = (
    "the",
    "whale",
    "ship",
    "sea",
    "captain",
    "harpoon",
    "deck",
    "crew",
    "voyage",
    "ocean",
    "wind",
    "sail",
    "café",
    "naïve",
    "façade",
    "über",
    "déjà vu",
    "—",
    "“quoted”",
    "東京",
    "🐳",
    "<em>emphasis</em>",
    "<strong>strong</strong>",
    '<a href="https://example.com/">a link</a>',
    "&amp;",
    "&",
    "<br>",
)
"""Words (and bits of inline HTML) that sentences are made of."""

PLAIN_WORDS = tuple(word for word in WORDS if "<" not in word and "&" not in word)
"""The words without markup."""


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
    return " ".join(words).capitalize() + "."


def _plain(rng: random.Random, count: int) -> str:
    """`count` words without markup, for headings and alt text."""
    return " ".join(rng.choice(PLAIN_WORDS) for _ in range(count)).capitalize()


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.3:
        align = rng.choice(["left", "center", "right"])
        return (
            f'<!-- wp:paragraph {{"align":"{align}"}} -->\n'
            f'<p class="has-text-align-{align}">{text}</p>\n<!-- /wp:paragraph -->\n\n'
        )
    return f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->\n\n"


def _heading(rng: random.Random) -> str:
    level = rng.randint(2, 4)
    text = _plain(rng, rng.randint(2, 8))
    return (
        f'<!-- wp:heading {{"level":{level}}} -->\n'
        f'<h{level} class="wp-block-heading">{text}</h{level}>\n<!-- /wp:heading -->\n\n'
    )


def _image(rng: random.Random) -> str:
    image_id = rng.randint(1, 99999)
    return (
        f'<!-- wp:image {{"id":{image_id},"sizeSlug":"large","linkDestination":"none",'
        f'"className":"is-style-rounded","width":{rng.randint(100, 2000)}}} -->\n'
        f'<figure class="wp-block-image size-large is-style-rounded">'
        f'<img src="https://example.com/wp-content/uploads/{image_id}.jpg" alt="{_plain(rng, 4)}" '
        f'class="wp-image-{image_id}"/><figcaption>{_sentence(rng)}</figcaption></figure>\n'
        f"<!-- /wp:image -->\n\n"
    )


def _list(rng: random.Random) -> str:
    items = "".join(f"<li>{_sentence(rng)}</li>" for _ in range(rng.randint(2, 6)))
    ordered = rng.random() < 0.5
    tag, attrs = ("ol", ' {"ordered":true}') if ordered else ("ul", "")
    return f"<!-- wp:list{attrs} -->\n<{tag}>{items}</{tag}>\n<!-- /wp:list -->\n\n"


def _quote(rng: random.Random) -> str:
    return (
        '<!-- wp:quote {"className":"is-style-large"} -->\n'
        f'<blockquote class="wp-block-quote is-style-large"><p>{_sentence(rng)}</p>'
        f"<cite>{_plain(rng, 3)}</cite></blockquote>\n<!-- /wp:quote -->\n\n"
    )


def _freeform(rng: random.Random) -> str:
    return f'<div class="legacy">{_sentence(rng)}<!-- a plain comment --></div>\n\n'


def _separator(rng: random.Random) -> str:
    return '<!-- wp:separator {"className":"is-style-wide"} /-->\n\n'


FLAT_PIECES = (
    (_paragraph, 60),
    (_heading, 10),
    (_image, 10),
    (_list, 8),
    (_quote, 5),
    (_freeform, 4),
    (_separator, 3),
)
"""Writers of top-level pieces, with how often each is chosen."""


def flat(size: int, seed: int = 1) -> str:
    """A flat document of at most `size` bytes, filled until nothing more fits."""
    rng = random.Random(seed)
    writers = [writer for writer, _ in FLAT_PIECES]
    weights = [weight for _, weight in FLAT_PIECES]
    pieces, total, misses = [], 0, 0
    while misses < 50:
        piece = rng.choices(writers, weights)[0](rng)
        length = len(piece.encode())
        if total + length > size:
            misses += 1
            continue
        pieces.append(piece)
        total += length
    return "".join(pieces)


def _stack(rng: random.Random, room: int) -> str:
    """Groups nested up to `NESTED_DEPTH` deep, as deep as fits in `room` bytes."""
    openers, closers, used = [], [], 0
    for level in range(NESTED_DEPTH):
        opener = (
            f'<!-- wp:group {{"tagName":"section","layout":{{"type":"constrained"}},"level":{level}}} -->\n'
            '<section class="wp-block-group">'
        )
        if level % 10 == 9:
            opener += f"<!-- wp:paragraph -->\n<p>{_sentence(rng)}</p>\n<!-- /wp:paragraph -->"
        closer = "</section>\n<!-- /wp:group -->\n"
        length = len(opener.encode()) + len(closer.encode())
        if used + length > room:
            break
        openers.append(opener)
        closers.append(closer)
        used += length
    return "".join(openers) + "".join(reversed(closers))


def nested(size: int, seed: int = 2) -> str:
    """Stacks of nested groups, at most `size` bytes, filled until nothing more fits."""
    rng = random.Random(seed)
    stacks, total = [], 0
    while True:
        stack = _stack(rng, size - total)
        if not stack:
            return "".join(stacks)
        stacks.append(stack)
        total += len(stack.encode())


def write_all(folder: Path, labels=None) -> list:
    """Writes the synthetic documents (those whose size label is in `labels`, or
    all) into `folder` and returns their paths, small to large, flat first.

    A document already there is kept when this module has not changed since it
    was written (the module's hash is stored beside the documents).
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "generator.sha256"
    version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    fresh = stamp.exists() and stamp.read_text() == version
    if not fresh:
        for old in folder.glob("synthetic-*.html"):
            old.unlink()
        stamp.write_text(version)
    paths = []
    for label, size in SIZES.items():
        if labels is not None and label not in labels:
            continue
        for shape, make in (("flat", flat), ("nested", nested)):
            path = folder / f"synthetic-{shape}-{label}.html"
            if not path.exists():
                partial = path.with_suffix(".partial")
                partial.write_bytes(make(size).encode())
                partial.replace(path)
            paths.append(path)
    return paths
