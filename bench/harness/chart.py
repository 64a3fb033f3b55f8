"""The report's chart, written as SVG by hand: throughput (MB/s, log scale) of
every implementation, one row per document, one marker per implementation."""

import math
from xml.sax.saxutils import escape

COLORS = {
    "rust-borrowed": "#0072B2",
    "rust-decoded": "#56B4E9",
    "rust-json": "#1B9E9E",
    "c-records": "#009E73",
    "c-attrs": "#8CCB5E",
    "go": "#E69F00",
    "python": "#CC79A7",
    "python-marshal": "#E7B8D4",
    "ruby": "#C0392B",
    "ruby-marshal": "#E8A09A",
    "cli": "#000000",
    "node": "#7F7F7F",
    "node-json": "#B0B0B0",
    "php": "#6A3D9A",
    "rust-decoded-old": "#A6A6D9",
    "python-old": "#8E5B7A",
    "ruby-old": "#7B241C",
}
"""Marker colour of each implementation (references are drawn hollow)."""

OTHER_COLOR = "#8C6D1F"
"""Colour of an implementation missing from `COLORS`."""

WIDTH, LEFT, RIGHT, ROW, TOP_TITLE = 960, 270, 30, 24, 30
"""Layout in pixels: total width, label column, right margin, row height, title band."""

LEGEND_ITEM_WIDTH, LEGEND_ROW, LEGEND_CHAR = 150, 20, 7
"""Legend layout in pixels: narrowest item, row height, width of a label's character."""


def _marker(impl, x: float, y: float, tip: str) -> str:
    """A filled circle for our implementations, a hollow square for references."""
    color = COLORS.get(impl.key, OTHER_COLOR)
    title = f"<title>{escape(tip)}</title>"
    if impl.reference:
        return (
            f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="none" '
            f'stroke="{color}" stroke-width="2">{title}</rect>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{color}" fill-opacity="0.85">{title}</circle>'


def svg(table, labels: dict, size_text) -> str:
    """The chart of `table` (a report.Table); `size_text` writes a size in bytes."""
    columns = table.columns
    speeds = {
        (document, impl.key): result["bytes"] / result["median_ns"] * 1e3
        for (document, key), result in table.cells.items()
        for impl in columns
        if impl.key == key and result["status"] == "ok"
    }
    low = math.floor(math.log10(min(speeds.values(), default=1)))
    high = math.ceil(math.log10(max(speeds.values(), default=10)))
    high = max(high, low + 1)
    longest = max((len(labels[impl.key]) for impl in columns), default=0)
    item_width = max(LEGEND_ITEM_WIDTH, 24 + LEGEND_CHAR * longest)
    per_row = max(1, (WIDTH - 20) // item_width)
    legend_rows = math.ceil(len(columns) / per_row)
    plot_top = TOP_TITLE + legend_rows * LEGEND_ROW + 14
    plot_height = ROW * len(table.documents)
    height = plot_top + plot_height + 40
    plot_width = WIDTH - LEFT - RIGHT

    def x_of(speed: float) -> float:
        return LEFT + (math.log10(speed) - low) / (high - low) * plot_width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        '<text x="10" y="20" font-size="15" font-weight="bold">Parse throughput, MB/s '
        "(log scale; higher is better)</text>",
    ]
    for at, impl in enumerate(columns):
        x = 10 + (at % per_row) * item_width
        y = TOP_TITLE + (at // per_row) * LEGEND_ROW + 8
        parts.append(_marker(impl, x + 5, y, labels[impl.key]))
        parts.append(f'<text x="{x + 16}" y="{y + 4}">{escape(labels[impl.key])}</text>')
    for row, document in enumerate(table.documents):
        y = plot_top + row * ROW
        if row % 2 == 0:
            parts.append(f'<rect x="{LEFT}" y="{y}" width="{plot_width}" height="{ROW}" fill="#f2f2f2"/>')
        name = f"{table.name(document)} ({size_text(table.sizes[document])})"
        parts.append(f'<text x="{LEFT - 8}" y="{y + ROW / 2 + 4}" text-anchor="end">{escape(name)}</text>')
    for decade in range(low, high + 1):
        x = x_of(10.0**decade)
        value = 10.0**decade
        text = f"{value:,.0f}" if value >= 1 else f"{value:g}"
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot_top}" x2="{x:.1f}" y2="{plot_top + plot_height}" '
            'stroke="#bbbbbb"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{plot_top + plot_height + 16}" text-anchor="middle">{text}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_width / 2}" y="{plot_top + plot_height + 34}" '
        f'text-anchor="middle">MB/s</text>'
    )
    for row, document in enumerate(table.documents):
        y = plot_top + row * ROW + ROW / 2
        for impl in columns:
            speed = speeds.get((document, impl.key))
            if speed is None:
                continue
            tip = f"{labels[impl.key]} on {document}: {speed:,.1f} MB/s"
            parts.append(_marker(impl, x_of(speed), y, tip))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
