"""The report's sections about one question each: small documents, the JSON
writers, the interpreter floors, and an older commit's packages."""

from .formats import duration, mbps, significant, size_text
from .implementations import BASELINE

OLD_SUFFIX = "-old"
"""Key suffix of an older commit's package, beside today's (implementations.old_packages)."""


def _sets(table) -> list:
    return [document for document in table.documents if document in table.set_sizes]


def real_documents(table, labels: dict) -> list:
    """Per-call cost on each set: time per set and per document, MB/s, vs the baseline."""
    lines = []
    for document in _sets(table):
        count = table.set_sizes[document]
        base = table.ok(document, BASELINE)
        lines += [
            f"## Small documents: {table.name(document)}",
            "",
            f"One parse = all {count} documents ({size_text(table.sizes[document])} in all,"
            f" {table.sizes[document] / count / 1024:.1f} KiB on average) parsed once, in a fixed order.",
            "",
            f"| Implementation | Per set | Per document | MB/s | vs {labels[BASELINE]} |",
            "|---|---:|---:|---:|---:|",
        ]
        for impl in table.columns:
            result = table.cells.get((document, impl.key))
            if result is None:
                continue
            if result["status"] != "ok":
                lines.append(f"| {impl.label} | {result['status']} | | | |")
                continue
            ns = result["median_ns"]
            ratio = significant(base["median_ns"] / ns) + "×" if base else "—"
            lines.append(
                f"| {impl.label} | {duration(ns)} | {duration(ns / count)} "
                f"| {mbps(result['bytes'], ns)} | {ratio} |"
            )
        lines.append("")
    return lines


def json_writers(table) -> list:
    """The JSON writers' output speed on every document."""
    writers = [impl for impl in table.columns if impl.writes_json]
    if not writers:
        return []
    header = ["Document", "JSON size", *(f"{impl.label}: MB/s of JSON" for impl in writers)]
    lines = [
        "## JSON writers (MB/s of JSON written, higher is better)",
        "",
        "The JSON text's size in bytes, divided by the median time of parse and write.",
        "",
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    for document in table.documents:
        results = [table.ok(document, impl.key) for impl in writers]
        output = next((r["output_bytes"] for r in results if r and "output_bytes" in r), None)
        if output is None:
            continue
        cells = [mbps(r["output_bytes"], r["median_ns"]) if r else "" for r in results]
        lines.append(f"| {table.name(document)} | {size_text(output)} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def floors(table) -> list:
    """Each binding's time as a multiple of its interpreter's floor."""
    pairs = [
        (impl, floor)
        for floor in table.columns
        if floor.floor
        for impl in table.columns
        if floor.key == f"{impl.key}-marshal"
    ]
    if not pairs:
        return []
    header = ["Document", *(f"{impl.label} ÷ {floor.label}" for impl, floor in pairs)]
    lines = [
        "## Against the interpreter floors (lower is better)",
        "",
        "The binding's median time divided by the time its interpreter takes to load the",
        "same tree from its own serialization: under 1.00× is faster than that floor.",
        "",
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * len(pairs),
    ]
    for document in table.documents:
        cells = []
        for impl, floor in pairs:
            mine, theirs = table.ok(document, impl.key), table.ok(document, floor.key)
            cells.append(f"{mine['median_ns'] / theirs['median_ns']:.2f}×" if mine and theirs else "")
        lines.append(f"| {table.name(document)} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def old_versus_new(table) -> list:
    """Today's packages against an older commit's, document by document."""
    pairs = [
        (new, old)
        for old in table.columns
        if old.key.endswith(OLD_SUFFIX)
        for new in table.columns
        if new.key == old.key.removesuffix(OLD_SUFFIX)
    ]
    if not pairs:
        return []
    header = ["Document"]
    for new, _ in pairs:
        header += [f"{new.label}: old", "new", "new ÷ old"]
    lines = [
        "## Against the older packages (new ÷ old: under 1.00× is faster now)",
        "",
        "Median times per parse, the older commit's package run by today's driver in the same rounds.",
        "",
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    for document in table.documents:
        row = [table.name(document)]
        for new, old in pairs:
            mine, theirs = table.ok(document, new.key), table.ok(document, old.key)
            if mine and theirs:
                ratio = mine["median_ns"] / theirs["median_ns"]
                row += [duration(theirs["median_ns"]), duration(mine["median_ns"]), f"{ratio:.2f}×"]
            else:
                row += ["", "", ""]
        lines.append("| " + " | ".join(row) + " |")
    return [*lines, ""]
