"""Every implementation the harness measures, in report column order.

A new package is one `Implementation` here (its key, its column title, how to
build it) and one driver in bench/drivers/ that follows bench/README.md.
"""

import dataclasses

from . import impl_bindings, impl_old, impl_references, impl_rust
from .driver import Implementation


def with_options(prepare, *options: str):
    """A `prepare` that runs the driver of `prepare` with `options` added
    (another form of the same driver, e.g. `--form marshal`)."""

    def prepared():
        driver = prepare()
        return dataclasses.replace(driver, command=(*driver.command, *options))

    return prepared


IMPLEMENTATIONS = (
    Implementation(
        "rust-borrowed", "Rust (borrowed)", "Rust (borrowed tree)", impl_rust.prepare_rust("borrowed")
    ),
    Implementation(
        "rust-decoded", "Rust (decoded)", "Rust (decoded tree)", impl_rust.prepare_rust("decoded")
    ),
    Implementation("rust-json", "Rust (to_json)", None, impl_rust.prepare_rust("json"), writes_json=True),
    Implementation("c-records", "C ABI (records)", "C ABI", impl_bindings.prepare_c("records")),
    Implementation("c-attrs", "C ABI (+ attrs)", None, impl_bindings.prepare_c("attrs")),
    Implementation("go", "Go", "Go", impl_bindings.prepare_go),
    Implementation("python", "Python", "Python", impl_bindings.prepare_python),
    Implementation(
        "python-marshal",
        "Python floor (marshal.loads)",
        None,
        with_options(impl_bindings.prepare_python, "--form", "marshal"),
        floor=True,
    ),
    Implementation("ruby", "Ruby", "Ruby", impl_bindings.prepare_ruby),
    Implementation(
        "ruby-marshal",
        "Ruby floor (Marshal.load)",
        None,
        with_options(impl_bindings.prepare_ruby, "--form", "marshal"),
        floor=True,
    ),
    Implementation("wasm", "Node (wasm)", "JavaScript (wasm)", impl_bindings.prepare_wasm),
    Implementation("cli", "CLI (process)", "CLI", impl_rust.prepare_cli),
    Implementation("node", "Node reference", None, impl_references.prepare_node, reference=True),
    Implementation(
        "node-json",
        "Node (parse + JSON.stringify)",
        None,
        with_options(impl_references.prepare_node, "--form", "json"),
        reference=True,
        writes_json=True,
    ),
    Implementation("php", "PHP reference", None, impl_references.prepare_php, reference=True),
)
"""All implementations; `node` is the one ratios are computed against."""

BASELINE = "node"
"""The implementation every ratio is relative to."""


def old_packages(python: str = "", gem_home: str = "", core: str = "") -> tuple:
    """Columns for an older commit's packages, each `KEY-old` beside today's `KEY`
    (measured with today's drivers): the Python package installed for the
    interpreter `python`, the gem installed in `gem_home`, the core crate at `core`."""
    found = []
    if core:
        found.append(
            Implementation(
                "rust-decoded-old", "Rust (decoded), old", None, impl_old.prepare_rust(core, "decoded")
            )
        )
    if python:
        found.append(Implementation("python-old", "Python, old", None, impl_old.prepare_python(python)))
    if gem_home:
        found.append(Implementation("ruby-old", "Ruby, old", None, impl_old.prepare_ruby(gem_home)))
    return tuple(found)


def select(keys, extra: tuple = ()) -> tuple:
    """The implementations (and `extra` ones) whose key is in `keys` (all when
    `keys` is empty)."""
    known = IMPLEMENTATIONS + extra
    if not keys:
        return known
    unknown = set(keys) - {impl.key for impl in known}
    if unknown:
        raise SystemExit(
            f"unknown implementation(s): {', '.join(sorted(unknown))}; "
            f"known: {', '.join(impl.key for impl in known)}"
        )
    return tuple(impl for impl in known if impl.key in keys)
