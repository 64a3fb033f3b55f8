"""What the harness knows about a built implementation and how to run its driver."""

import os
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass(frozen=True)
class Driver:
    """A ready-to-run benchmark driver (the protocol is in bench/README.md)."""

    command: tuple
    """The driver's command line, before its options and file."""
    version: str
    """What is measured, with versions (e.g. "node v20.20.2, parser 5.56.0")."""
    env: dict = field(default_factory=dict)
    """Extra environment variables for the driver."""
    conformance: Optional[tuple] = None
    """Command of conformance mode, to which the documents file is added; None
    means `command` followed by `--conformance`."""
    takes_files: bool = False
    """True when conformance mode takes one file per document (the CLI)."""
    takes_sets: bool = True
    """False when the driver cannot time a documents file as a set (the CLI)."""

    def environment(self) -> dict:
        """The environment the driver runs in."""
        return dict(os.environ, **self.env)

    def conformance_command(self) -> tuple:
        """The command of conformance mode, before its input."""
        return self.conformance if self.conformance is not None else (*self.command, "--conformance")


@dataclass(frozen=True)
class Implementation:
    """One column of the report: a parser in a language, built one way."""

    key: str
    """Short stable name, used in result files ("rust-borrowed", "python", ...)."""
    label: str
    """Column title in the report."""
    language: Optional[str]
    """Name on the conformance line, or None when not checked on its own (the
    references, and a second form whose output another line already checks)."""
    prepare: Callable[[], Driver]
    """Builds or installs what is needed and returns the driver; raises NotBuilt."""
    reference: bool = False
    """True for the reference parsers (Node, PHP, and Node's JSON.stringify)."""
    floor: bool = False
    """True for an interpreter's floor: what its fastest way of making the same
    objects takes (Python's marshal.loads, Ruby's Marshal.load)."""
    writes_json: bool = False
    """True when it writes JSON text: its result line has `output_bytes`."""
