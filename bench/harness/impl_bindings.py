"""The language packages: C ABI, Go, Python, Ruby and WebAssembly, built by their own scripts."""

import functools
import json
import os
from pathlib import Path

from .builds import NotBuilt, first_line, require_tool, run_step
from .driver import Driver
from .impl_rust import package_version
from .paths import DRIVERS, OUT, REPO, cargo_target_dir

C_DRIVER = OUT / "c/gpp-bench-c"
"""The C driver, compiled against include/ and the static library."""


GO_DRIVER = OUT / "go/gpp-bench-go"
"""The Go driver, built with cgo against the static library."""


@functools.cache
def capi_library() -> Path:
    """Builds the C ABI's static library (`cargo build --release`) and returns it."""
    if not (REPO / "crates/capi/Cargo.toml").is_file():
        raise NotBuilt("crates/capi is missing")
    cargo = require_tool("cargo")
    run_step("capi", [cargo, "build", "--release", "--locked", "-p", "gutenberg-post-parser-capi"])
    return cargo_target_dir() / "release/libgutenberg_post_parser_c.a"


@functools.cache
def c_driver() -> str:
    """Compiles the C driver against include/ and the static library."""
    library = capi_library()
    compiler = require_tool("cc", "gcc")
    C_DRIVER.parent.mkdir(parents=True, exist_ok=True)
    run_step(
        "c",
        [
            compiler,
            "-std=c11",
            "-O2",
            "-Wall",
            "-Wextra",
            "-Wpedantic",
            "-Werror",
            "-I",
            REPO / "include",
            "-o",
            C_DRIVER,
            DRIVERS / "c/driver.c",
            DRIVERS / "c/tree_json.c",
            library,
            "-lpthread",
            "-ldl",
            "-lm",
        ],
    )
    return str(C_DRIVER)


def prepare_c(form: str):
    """A `prepare` for the C ABI driver timing `form` (records | attrs)."""

    def prepare() -> Driver:
        return Driver(
            command=(c_driver(), "--form", form),
            version=f"{first_line(['cc', '--version'])}, gutenberg-post-parser-capi {package_version()}",
        )

    return prepare


def prepare_go() -> Driver:
    """The Go driver (bench/drivers/go, its module pointing at go/ with a replace)."""
    if not (REPO / "go/go.mod").is_file():
        raise NotBuilt("go/go.mod is missing")
    library = capi_library()
    go = require_tool("go")
    require_tool("gcc", "gcc")
    # As go/test.sh: never download a toolchain; find the library where cargo put it.
    env = {
        "GOTOOLCHAIN": "local",
        "CGO_ENABLED": "1",
        "CGO_LDFLAGS": f"-L{library.parent} {os.environ.get('CGO_LDFLAGS', '')}".strip(),
    }
    GO_DRIVER.parent.mkdir(parents=True, exist_ok=True)
    # -tags gpp_source: link the library just built, not the one committed in go/lib.
    run_step("go", [go, "build", "-tags", "gpp_source", "-o", GO_DRIVER, "."], cwd=DRIVERS / "go", env=env)
    return Driver(command=(str(GO_DRIVER),), version=first_line([go, "version"]))


PYTHON_VENV = OUT / "venv-python"
"""Virtualenv holding the Python package's wheel, built by bindings/python/wheel.sh."""

ARROW = "pyarrow>=15"
"""Installed beside the wheel, for bulk_in_process (parse_arrow)."""


@functools.cache
def prepare_python() -> Driver:
    """The Python driver, in a fresh virtualenv with the package's release wheel
    (built and installed by the binding's own bindings/python/wheel.sh)."""
    script = REPO / "bindings/python/wheel.sh"
    if not script.is_file():
        raise NotBuilt("bindings/python/wheel.sh is missing")
    bash = require_tool("bash")
    build = 'source "$1" && fresh_venv_with_wheel "$2" "$3"'
    run_step("python", [bash, "-c", build, "wheel.sh", script, PYTHON_VENV, ARROW])
    python = PYTHON_VENV / "bin/python"
    version = first_line(
        [
            python,
            "-c",
            "import sys, importlib.metadata as m; "
            "print(f'Python {sys.version.split()[0]}, gutenberg-post-parser "
            '{m.version("gutenberg-post-parser")}\')',
        ]
    )
    return Driver(command=(str(python), str(DRIVERS / "python.py")), version=version)


RUBY_GEM_HOME = REPO / "bindings/ruby/.gem-test"
"""Where bindings/ruby/build.sh installs the gem it builds."""


@functools.cache
def prepare_ruby() -> Driver:
    """The Ruby driver, with the gem built and installed by the binding's own
    bindings/ruby/build.sh (`gem build`, then `gem install --local`)."""
    script = REPO / "bindings/ruby/build.sh"
    if not script.is_file():
        raise NotBuilt("bindings/ruby/build.sh is missing")
    require_tool("ruby", "ruby-dev")
    run_step("ruby", [require_tool("bash"), script])
    env = {"GEM_HOME": str(RUBY_GEM_HOME), "GEM_PATH": str(RUBY_GEM_HOME)}
    version = first_line(
        [
            "env",
            *(f"{k}={v}" for k, v in env.items()),
            "ruby",
            "-e",
            'require "gutenberg_post_parser"; '
            'puts "Ruby #{RUBY_VERSION}, gutenberg_post_parser #{GutenbergPostParser::VERSION}"',
        ]
    )
    return Driver(command=("ruby", str(DRIVERS / "ruby.rb")), version=version, env=env)


@functools.cache
def prepare_wasm() -> Driver:
    """The WebAssembly package in Node, built by the binding's own
    bindings/wasm/build.sh (the package is left ready in bindings/wasm/)."""
    script = REPO / "bindings/wasm/build.sh"
    if not script.is_file():
        raise NotBuilt("bindings/wasm/build.sh is missing")
    node = require_tool("node")
    run_step("wasm", [require_tool("bash"), script])
    package = json.loads((REPO / "bindings/wasm/package.json").read_text())
    return Driver(
        command=(node, str(DRIVERS / "wasm.js")),
        version=f"Node {first_line([node, '--version'])}, {package['name']} {package['version']} (wasm)",
    )
