"""Packages of an older commit, measured beside today's with today's drivers
(`run.py --old-python/--old-gem-home/--old-core`): is a change slower anywhere?"""

import functools
import shutil
from pathlib import Path

from .builds import NotBuilt, first_line, require_tool, run_step
from .driver import Driver
from .paths import DRIVERS, OUT

OLD_RUST_DRIVER = OUT / "rust-driver-old"
"""A copy of bench/drivers/rust whose core dependency points at the old core."""


def prepare_python(python: str):
    """A `prepare` for the Python driver run by `python`, an interpreter (or a
    virtualenv's) that has the old package installed."""

    def prepare() -> Driver:
        if shutil.which(python) is None:
            raise NotBuilt(f"{python} cannot run")
        version = first_line(
            [
                python,
                "-c",
                "import importlib.metadata as m; "
                "print('old gutenberg-post-parser ' + m.version('gutenberg-post-parser'))",
            ]
        )
        return Driver(command=(python, str(DRIVERS / "python.py")), version=f"{version} ({python})")

    return prepare


def prepare_ruby(gem_home: str):
    """A `prepare` for the Ruby driver with GEM_HOME/GEM_PATH at `gem_home`,
    where the old gem is installed."""

    def prepare() -> Driver:
        if not Path(gem_home, "specifications").is_dir():
            raise NotBuilt(f"{gem_home} holds no installed gem")
        require_tool("ruby", "ruby-dev")
        return Driver(
            command=("ruby", str(DRIVERS / "ruby.rb")),
            version=f"old gutenberg_post_parser ({gem_home})",
            env={"GEM_HOME": gem_home, "GEM_PATH": gem_home},
        )

    return prepare


@functools.cache
def _old_rust_driver(core: str) -> str:
    """Builds today's Rust driver against the core crate at `core`; returns
    the folder of its binaries."""
    if not Path(core, "Cargo.toml").is_file():
        raise NotBuilt(f"{core} holds no Cargo.toml")
    if OLD_RUST_DRIVER.exists():
        shutil.rmtree(OLD_RUST_DRIVER)
    shutil.copytree(DRIVERS / "rust", OLD_RUST_DRIVER, ignore=shutil.ignore_patterns("target"))
    manifest = OLD_RUST_DRIVER / "Cargo.toml"
    today = 'path = "../../../crates/gutenberg-post-parser"'
    text = manifest.read_text()
    if today not in text:
        raise NotBuilt(f"bench/drivers/rust/Cargo.toml has no `{today}` to point elsewhere")
    manifest.write_text(text.replace(today, f'path = "{Path(core).resolve()}"'))
    run_step(
        "rust-old",
        [require_tool("cargo"), "build", "--release", "--manifest-path", manifest],
        env={"CARGO_TARGET_DIR": str(OUT / "rust-target-old")},
    )
    return str(OUT / "rust-target-old/release")


def prepare_rust(core: str, form: str):
    """A `prepare` for the Rust driver of `form`, built against the core at `core`."""

    def prepare() -> Driver:
        return Driver(
            command=(f"{_old_rust_driver(core)}/gpp-bench-rust", "--form", form),
            version=f"old core ({core})",
        )

    return prepare
