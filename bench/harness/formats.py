"""How the report writes sizes, times and other figures."""


def size_text(size: int) -> str:
    """A size in bytes as B, KiB or MiB."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def significant(value: float) -> str:
    """Three significant digits, without exponent notation."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def duration(ns: float) -> str:
    """A time in nanoseconds as s, ms, µs or ns, three significant digits."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{significant(ns / scale)} {unit}"
    return f"{significant(ns)} ns"


def mbps(size: float, ns: float) -> str:
    """MB (10⁶ bytes) per second, three significant digits."""
    return significant(size / ns * 1e3)
