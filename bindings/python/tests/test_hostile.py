"""Hostile documents: results whose size grows with the square of the input.

The reference gives every unclosed block the rest of the document, so 20,000
unclosed openers (360 KB) would make gigabytes of strings: `parse` refuses them
with `ExpansionLimitError` before building anything, and with the limit lifted
the output is exactly the reference's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import gutenberg_post_parser as gpp

from helpers import REFERENCE

OPENER = "<!-- wp:group -->x"


def run_isolated(code: str) -> str:
    """Runs `code` in a fresh interpreter and returns what it prints."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_unclosed_openers_are_refused_quickly_in_little_memory() -> None:
    # A fresh process, so that its peak memory is this call's alone.
    report = run_isolated(
        f"""
        import re, time
        import gutenberg_post_parser as gpp
        document = {OPENER!r} * 20_000
        started = time.perf_counter()
        for call in (gpp.parse, gpp.parse_json):
            try:
                call(document)
            except gpp.ExpansionLimitError as error:
                assert error.output_bytes > error.limit == gpp.DEFAULT_MAX_OUTPUT_BYTES, error
                assert "max_output_bytes" in str(error), error
            else:
                raise AssertionError(f"{{call.__name__}} did not refuse the document")
        elapsed = time.perf_counter() - started
        # VmHWM, not ru_maxrss, which keeps the forking parent's peak across exec.
        with open("/proc/self/status", encoding="ascii") as status:
            peak_mib = int(re.search(r"VmHWM:\\s*(\\d+)", status.read()).group(1)) / 1024
        print(elapsed, peak_mib)
        """
    )
    elapsed, peak_mib = map(float, report.split())
    assert peak_mib < 200, f"peak memory {peak_mib:.0f} MiB"
    # A guard against a hang, not a speed test (the benchmarks measure speed).
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_the_error_is_a_value_error_with_the_sizes() -> None:
    document = OPENER * 300
    # A document may always produce 16 times its size: that is the limit here.
    with pytest.raises(ValueError, match=f"over the limit of {16 * len(document)} bytes") as raised:
        gpp.parse(document, max_output_bytes=4096)
    error = raised.value
    assert isinstance(error, gpp.ExpansionLimitError)
    assert error.limit == 16 * len(document)
    assert error.output_bytes > error.limit
    # 0 and None both lift the limit.
    assert len(gpp.parse(document, max_output_bytes=0)) == 599
    assert len(gpp.parse(document, max_output_bytes=None)) == 599


@pytest.mark.usefixtures("reference")
def test_with_the_limit_lifted_the_output_is_the_references() -> None:
    document = OPENER * 2_000
    expected = subprocess.run(
        ["node", str(REFERENCE / "parse-stdin.js")],
        input=document,
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout
    assert len(expected) > 70_000_000
    with pytest.raises(gpp.ExpansionLimitError):
        gpp.parse_json(document)
    assert gpp.parse_json(document, max_output_bytes=None) == expected
    blocks = gpp.parse(document, max_output_bytes=None)
    assert blocks == json.loads(expected)


def test_a_failed_allocation_is_a_memory_error() -> None:
    # 20,000 openers with the limit lifted need 13 GB of JSON: under a 1 GiB
    # address-space limit, the allocation fails, and must not abort.
    report = run_isolated(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        import gutenberg_post_parser as gpp
        try:
            gpp.parse_json({OPENER!r} * 20_000, max_output_bytes=None)
        except MemoryError as error:
            print("MemoryError", error)
        """
    )
    assert report.startswith("MemoryError out of memory"), report
