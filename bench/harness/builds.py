"""Running build and install steps, with their output kept in a log file.

A step that fails raises `NotBuilt` with the reason (the end of its log), which
the harness reports as "not built" instead of stopping.
"""

import os
import shutil
import subprocess
from pathlib import Path
from typing import Optional

from .paths import OUT, REPO

LOGS = OUT / "logs"
"""One log file per implementation's build."""


class NotBuilt(Exception):
    """An implementation could not be built or installed; the message says why."""


def run_step(log_name: str, command: list, cwd: Path = REPO, env: Optional[dict] = None) -> str:
    """Runs `command`, appending its output to `logs/LOG_NAME.log`; returns stdout+stderr.

    Raises `NotBuilt` (with the last lines of output) when it fails or cannot start.
    """
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{log_name}.log"
    full_env = dict(os.environ, **(env or {}))
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(map(str, command))}  (in {cwd})\n")
        try:
            done = subprocess.run(
                [str(part) for part in command],
                cwd=cwd,
                env=full_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                check=False,
            )
        except OSError as error:
            out.write(f"{error}\n")
            raise NotBuilt(f"`{command[0]}` cannot run: {error}") from error
        out.write(done.stdout)
    if done.returncode != 0:
        tail = " | ".join(done.stdout.strip().splitlines()[-3:])
        raise NotBuilt(f"`{' '.join(map(str, command[:3]))}…` failed ({tail}); see {log.relative_to(REPO)}")
    return done.stdout


def require_tool(name: str, debian_package: Optional[str] = None) -> str:
    """The path of the program `name`, installing `debian_package` with apt-get
    when it is missing and we are root; raises `NotBuilt` when it stays missing."""
    found = shutil.which(name)
    if found is None and debian_package and os.geteuid() == 0 and shutil.which("apt-get"):
        try:
            run_step("apt", ["apt-get", "install", "-y", "--no-install-recommends", debian_package])
        except NotBuilt:
            run_step("apt", ["apt-get", "update"])
            run_step("apt", ["apt-get", "install", "-y", "--no-install-recommends", debian_package])
        found = shutil.which(name)
    if found is None:
        hint = f" (Debian package `{debian_package}`)" if debian_package else ""
        raise NotBuilt(f"`{name}` is not installed{hint}")
    return found


def first_line(command: list) -> str:
    """The first line a version command prints, or "unknown"."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"
