"""Faults: a build killed at any moment leaves only complete files, and two builds on
one output folder never interleave (the lock in publish/fsutil.py)."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from publish.errors import PublishError
from publish.fsutil import LOCK_NAME, OutputLocked, atomic_write, build_lock
from tests.conftest import ROOT, SOURCES

PUBLISH = ROOT / ".venv" / "bin" / "publish"
EPOCH = "1700000000"
KILLS = int(os.environ.get("PUBLISH_FAULT_KILLS", "20"))
FORMATS = "pdf,html"


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **extra}
    env.pop("PUBLISH_LOCK_TIMEOUT", None)
    env.update(extra)
    return env


def _command(sources: Path, out: Path) -> list[str]:
    return [str(PUBLISH), "build", str(sources), "--out", str(out), "--format", FORMATS, "-q"]


def _sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in sorted(SOURCES.glob("*.md")) + sorted(SOURCES.glob("*.txt")):
        shutil.copy2(path, folder / path.name)
    return folder


def _final_files(out: Path) -> dict[str, bytes]:
    """Every file a build leaves for readers (not its hidden temporaries or lock)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def assert_complete(name: str, data: bytes) -> None:
    """``data`` is a whole, valid file of its kind."""
    suffix = Path(name).suffix
    assert data, f"{name} is empty"
    if suffix == ".pdf":
        assert data.rstrip().endswith(b"%%EOF"), f"{name} is cut short"
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) > 0, name
    elif suffix == ".epub":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.namelist()[0] == "mimetype", name
            assert archive.testzip() is None, name
    elif suffix == ".html":
        assert data.rstrip().endswith(b"</html>"), f"{name} is cut short"
    elif suffix == ".json":
        json.loads(data)
    elif suffix == ".xml":
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


@pytest.mark.skipif(not PUBLISH.exists(), reason="the publish command is not installed")
def test_faults_sigkill_leaves_only_complete_files(tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    reference = tmp_path / "reference"
    started = time.monotonic()
    subprocess.run(_command(sources, reference), env=_env(), cwd=ROOT, check=True, timeout=300)
    typical = time.monotonic() - started
    expected = _final_files(reference)
    assert any(n.endswith(".pdf") for n in expected) and any(n.endswith(".html") for n in expected)

    out = tmp_path / "out"
    rng = random.Random(20261130)
    killed_while_running = 0
    for _ in range(KILLS):
        delay = rng.uniform(0.2, max(0.3, typical))
        # Forget the incremental cache (not the outputs): every build really rewrites
        # its files over the old ones, so each kill can land in the middle of writing.
        (out / ".publish-cache.json").unlink(missing_ok=True)
        process = subprocess.Popen(
            _command(sources, out),
            env=_env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            killed_while_running += 1
        # No worker of the killed build lives on holding the lock (or writing).
        with build_lock(out, timeout=10):
            for name, data in _final_files(out).items():
                assert_complete(name, data)
    assert killed_while_running >= KILLS // 2, "the kills mostly came after the build ended"

    # The lock a killed build held is released by the kernel: the next build runs.
    subprocess.run(_command(sources, out), env=_env(), cwd=ROOT, check=True, timeout=300)
    rebuilt = _final_files(out)
    assert sorted(rebuilt) == sorted(expected)
    different = [name for name in expected if rebuilt[name] != expected[name]]
    assert different == []


def test_faults_atomic_write_keeps_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "a.html"
    atomic_write(target, b"<html>old</html>")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write(target, b"<html>new</html>")
    assert target.read_bytes() == b"<html>old</html>"
    assert [p.name for p in target.parent.iterdir()] == ["a.html"]


def test_faults_lock_refuses_second_build_with_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with build_lock(out, timeout=0):
        assert (out / LOCK_NAME).read_text().strip() == str(os.getpid())
        started = time.monotonic()
        with pytest.raises(OutputLocked) as caught, build_lock(out, timeout=0.3):
            pass
        assert time.monotonic() - started >= 0.3
    assert isinstance(caught.value, PublishError)
    assert f"another build is writing to {out} (pid {os.getpid()})" in str(caught.value)
    # Released: the next build takes it at once.
    with build_lock(out, timeout=0):
        pass


def test_faults_lock_second_build_waits_then_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    entered: list[float] = []

    def second() -> None:
        with build_lock(out, timeout=10):
            entered.append(time.monotonic())

    with build_lock(out, timeout=0):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert entered == [], "the second build did not wait for the first"
        released = time.monotonic()
    thread.join(timeout=10)
    assert entered and entered[0] >= released


@pytest.mark.skipif(not PUBLISH.exists(), reason="the publish command is not installed")
def test_faults_cli_build_waits_for_lock_and_never_interleaves(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy2(SOURCES / "govuk-en-speech-open-archives.md", sources)
    out = tmp_path / "out"
    with build_lock(out, timeout=0):
        refused = subprocess.run(
            _command(sources, out),
            env=_env(PUBLISH_LOCK_TIMEOUT="0.5"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert refused.returncode == OutputLocked.exit_code, refused.stderr
        assert f"another build is writing to {out} (pid {os.getpid()})" in refused.stderr
        waiting = subprocess.Popen(
            _command(sources, out), env=_env(PUBLISH_LOCK_TIMEOUT="120"), cwd=ROOT
        )
        time.sleep(3)
        assert waiting.poll() is None
        assert _final_files(out) == {}, "a build wrote while another held the lock"
    assert waiting.wait(timeout=120) == 0
    assert "pdf/govuk-en-speech-open-archives.pdf" in _final_files(out)
