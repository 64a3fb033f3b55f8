"""Implementations built with cargo: the Rust core driver and the CLI."""

import functools

from .builds import NotBuilt, first_line, require_tool, run_step
from .driver import Driver
from .paths import DRIVERS, OUT, REPO, cargo_target_dir

RUST_DRIVER_TARGET = OUT / "rust-target"
"""Target folder of the Rust driver, its own workspace (bench/drivers/rust)."""


@functools.cache
def rust_driver() -> str:
    """Builds bench/drivers/rust (release profile) and returns the folder of its binaries."""
    cargo = require_tool("cargo")
    run_step(
        "rust",
        [cargo, "build", "--release", "--locked", "--manifest-path", DRIVERS / "rust/Cargo.toml"],
        env={"CARGO_TARGET_DIR": str(RUST_DRIVER_TARGET)},
    )
    return str(RUST_DRIVER_TARGET / "release")


def rustc_version() -> str:
    """`rustc --version`."""
    return first_line(["rustc", "--version"])


def prepare_rust(form: str):
    """A `prepare` for the Rust core making `form` (borrowed | decoded | json)."""

    def prepare() -> Driver:
        return Driver(
            command=(f"{rust_driver()}/gpp-bench-rust", "--form", form),
            version=f"{rustc_version()}, gutenberg-post-parser {package_version()}",
        )

    return prepare


def package_version() -> str:
    """The workspace's version (Cargo.toml `[workspace.package]`)."""
    for line in (REPO / "Cargo.toml").read_text().splitlines():
        if line.startswith("version"):
            return line.split("=", 1)[1].strip().strip('"')
    return "unknown"


def prepare_cli() -> Driver:
    """The command-line program, built in release mode in the repository's workspace."""
    cargo = require_tool("cargo")
    run_step("cli", [cargo, "build", "--release", "--locked", "-p", "gutenberg-post-parser-cli"])
    binary = cargo_target_dir() / "release/gutenberg-post-parser"
    if not binary.is_file():
        raise NotBuilt(f"{binary} was not built")
    return Driver(
        command=(f"{rust_driver()}/gpp-bench-process", str(binary), "parse", "--"),
        version=f"{rustc_version()}, gutenberg-post-parser-cli {package_version()}",
        conformance=(str(binary), "parse"),
        takes_files=True,
        takes_sets=False,
    )
