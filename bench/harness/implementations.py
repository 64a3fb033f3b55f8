"""Every implementation the harness measures, in report column order."""

from . import impl_bindings, impl_references, impl_rust
from .driver import Implementation

IMPLEMENTATIONS = (
    Implementation(
        "rust-borrowed", "Rust (borrowed)", "Rust (borrowed tree)", impl_rust.prepare_rust("borrowed")
    ),
    Implementation(
        "rust-decoded", "Rust (decoded)", "Rust (decoded tree)", impl_rust.prepare_rust("decoded")
    ),
    Implementation("c-records", "C ABI (records)", "C ABI", impl_bindings.prepare_c("records")),
    Implementation("c-attrs", "C ABI (+ attrs)", None, impl_bindings.prepare_c("attrs")),
    Implementation("go", "Go", "Go", impl_bindings.prepare_go),
    Implementation("python", "Python", "Python", impl_bindings.prepare_python),
    Implementation("ruby", "Ruby", "Ruby", impl_bindings.prepare_ruby),
    Implementation("cli", "CLI (process)", "CLI", impl_rust.prepare_cli),
    Implementation("node", "Node reference", None, impl_references.prepare_node, reference=True),
    Implementation("php", "PHP reference", None, impl_references.prepare_php, reference=True),
)
"""All implementations; `node` is the one ratios are computed against."""

BASELINE = "node"
"""The implementation every ratio is relative to."""


def select(keys) -> tuple:
    """The implementations whose key is in `keys` (all when `keys` is empty)."""
    if not keys:
        return IMPLEMENTATIONS
    unknown = set(keys) - {impl.key for impl in IMPLEMENTATIONS}
    if unknown:
        raise SystemExit(
            f"unknown implementation(s): {', '.join(sorted(unknown))}; "
            f"known: {', '.join(impl.key for impl in IMPLEMENTATIONS)}"
        )
    return tuple(impl for impl in IMPLEMENTATIONS if impl.key in keys)
