"""Ctrl+C: a build stops with exit status 130, whenever it comes, and leaves no half file.

A terminal's Ctrl+C goes to the whole process group, the worker processes included. A
worker that took it while starting broke the pool and the build hung for ever; the
workers now ignore it and the parent stops the build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCES


@pytest.mark.parametrize("first", [0.3, 0.9, 1.6])
def test_ctrl_c_to_the_process_group_stops_the_build(tmp_path: Path, first: float) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "publish", "build", str(SOURCES), "--no-cache"]
    build = subprocess.Popen(
        [*command, "--jobs", "2", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    time.sleep(first)
    # Ctrl+C, pressed again and again, as an impatient user does.
    for _ in range(8):
        if build.poll() is not None:
            break
        os.killpg(build.pid, signal.SIGINT)
        time.sleep(0.25)
    try:
        _out, err = build.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        pytest.fail("the build did not stop within 90 s of Ctrl+C")
    if build.returncode == 0:
        pytest.skip("the build finished before Ctrl+C reached it")
    assert build.returncode == 130, err
    assert "Traceback" not in err
    assert "publish: interrupted" in err
    # Whatever was written is whole.
    for pdf in out.rglob("*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), pdf
