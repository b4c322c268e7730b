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
from publish.fsutil import (
    LOCK_NAME,
    TEMP_NAME,
    OutputLocked,
    atomic_write,
    build_lock,
    remove_stale_temporaries,
)
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


def _temporaries(out: Path) -> list[str]:
    """The temporary files of :func:`atomic_write` under ``out``."""
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if TEMP_NAME.match(p.name))


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
    left_behind: set[str] = set()
    for _ in range(KILLS):
        killed_while_running += _build_killed_after(
            sources, out, rng.uniform(0.2, max(0.3, typical))
        )
        left_behind.update(_temporaries(out))
        # No worker of the killed build lives on holding the lock (or writing).
        with build_lock(out, timeout=10):
            for name, data in _final_files(out).items():
                assert_complete(name, data)
    assert killed_while_running >= KILLS // 2, "the kills mostly came after the build ended"

    # One more killed build, and a temporary file as a kill in the middle of writing a
    # PDF leaves it: the next build, not this test's lock, must clear them away.
    _build_killed_after(sources, out, rng.uniform(0.2, max(0.3, typical)))
    left_behind.update(_temporaries(out))
    planted = out / "pdf" / ".planted.pdf.k1ll3d_x.tmp"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(b"%PDF-1.7 cut sho")
    left_behind.add(str(planted.relative_to(out)))

    # The lock a killed build held is released by the kernel: the next build runs.
    subprocess.run(_command(sources, out), env=_env(), cwd=ROOT, check=True, timeout=300)
    rebuilt = _final_files(out)
    assert sorted(rebuilt) == sorted(expected)
    different = [name for name in expected if rebuilt[name] != expected[name]]
    assert different == []
    # What the killed builds left half-written is gone: the next build removed it.
    assert _temporaries(out) == [], f"left behind by killed builds: {sorted(left_behind)}"


def _build_killed_after(sources: Path, out: Path, delay: float) -> bool:
    """Start a build into ``out`` and SIGKILL it after ``delay`` seconds, if it still runs."""
    # Forget the incremental cache (not the outputs): every build really rewrites its
    # files over the old ones, so each kill can land in the middle of writing.
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
        return True
    return False


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


def _stale(folder: Path, name: str) -> Path:
    """A temporary file as a killed :func:`atomic_write` leaves it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".{name}.k1ll3d_x.tmp"
    path.write_bytes(b"%PDF-1.7 cut sho")
    assert TEMP_NAME.match(path.name)
    return path


def test_faults_build_lock_removes_only_stale_temporaries(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = [
        _stale(out, "a.html"),
        _stale(out / "pdf", "a.pdf"),
        _stale(out, ".publish-cache.json"),
    ]
    # Not ours: other names, a link named like ours, and temporaries outside the folder.
    keep = [out / "notes.tmp", out / ".a.html.tmp", out / "a.html.k1ll3d_x.tmp", out / "a.html"]
    for path in keep:
        path.write_bytes(b"keep")
    elsewhere = _stale(tmp_path / "elsewhere", "b.html")
    link = out / ".c.html.l1nk3d_x.tmp"
    link.symlink_to(elsewhere)
    (out / "site").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    with build_lock(out, timeout=0):
        assert [p for p in stale if p.exists()] == []
        assert all(p.exists() for p in keep)
        assert elsewhere.exists() and link.is_symlink()
        atomic_write(out / "b.html", b"<html>new</html>")
        assert _temporaries(out) == [".c.html.l1nk3d_x.tmp"]


def test_faults_temporary_being_written_is_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary file whose writer is alive (it holds its lock) is left alone, even by a
    process that holds the build lock: only a dead writer's files are stale."""
    out = tmp_path / "out"
    out.mkdir()
    reached = threading.Event()
    release = threading.Event()
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        real_fsync(fd)
        if not reached.is_set():
            reached.set()
            release.wait(10)

    writer = threading.Thread(target=atomic_write, args=(out / "a.pdf", b"%PDF new"))
    monkeypatch.setattr(os, "fsync", slow_fsync)
    try:
        writer.start()
        assert reached.wait(10)
        live = _temporaries(out)
        assert len(live) == 1
        assert remove_stale_temporaries(out) == []
        assert _temporaries(out) == live
    finally:
        release.set()
        writer.join(10)
    assert (out / "a.pdf").read_bytes() == b"%PDF new"
    assert _temporaries(out) == []
