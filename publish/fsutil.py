"""Writing files so that a reader sees either the old file or the new one, never half,
and keeping two builds from writing into one output folder at once."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import re
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import PublishError

#: The lock file a build holds in its output folder (see :func:`build_lock`).
LOCK_NAME = ".publish.lock"
#: How long a build waits for another one on the same output folder before it stops
#: (``PUBLISH_LOCK_TIMEOUT`` in the environment, in seconds, overrides it).
DEFAULT_LOCK_TIMEOUT = 30.0


class OutputLocked(PublishError):
    """Another build holds the lock on the output folder."""

    category = "lock"
    exit_code = 6


def _fsync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems refuse fsync on a directory
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


#: The name :func:`atomic_write` gives its temporary file: ``.NAME.XXXXXXXX.tmp`` beside
#: ``NAME`` (eight characters from :func:`tempfile.mkstemp`).
TEMP_NAME = re.compile(r"\A\..+\.[a-z0-9_]{8}\.tmp\Z")


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, open and locked (``flock``) by this process.

    The lock tells :func:`remove_stale_temporaries` that the file is being written; the
    kernel drops it when the writer dies, even by SIGKILL. A file removed as stale in the
    moment between its creation and its lock is noticed, and another one made.
    """
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.path.samestat(os.fstat(fd), os.lstat(tmp)):
                return fd, tmp
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The data is flushed to disk before the rename and the folder after it, so that after
    a crash ``path`` holds either its old content or the new, never a part of either.
    The temporary file stays locked until it has its final name; one left by a writer
    that was killed is removed by the next build (:func:`remove_stale_temporaries`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _locked_temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), 0o644)
            os.replace(tmp, path)  # still locked: never taken for a dead writer's file
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_directory(path.parent)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of :func:`atomic_write` that no live process writes.

    A build killed while writing leaves its ``.NAME.XXXXXXXX.tmp`` files. Only files
    named so, regular files (never a link) anywhere under ``folder`` (links to folders
    are not followed), and not locked by their writer are removed: a temporary file that
    another process is writing right now is left alone. :func:`build_lock` calls this
    once it holds the lock, so no other build can be writing into ``folder`` then.
    """
    removed: list[Path] = []
    for top, _dirs, files in os.walk(folder):
        for name in files:
            if not TEMP_NAME.match(name):
                continue
            path = Path(top, name)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue  # gone already, a link, or unreadable: not ours to judge
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live writer holds it
                if os.path.samestat(os.fstat(fd), os.lstat(path)):
                    os.unlink(path)
                    removed.append(path)
            except OSError:
                continue
            finally:
                os.close(fd)
    return removed


def remove_recorded(root: Path, relative: str, size: int, sha256: str) -> bool:
    """Remove ``root/relative`` if it is still the file a build wrote there: a regular file
    (never a link), inside ``root`` (no link to a folder outside on the way), of ``size``
    bytes whose SHA-256 is ``sha256``. A file that differs (edited by hand, replaced) is
    left alone. The folders the removal leaves empty are removed too, up to ``root``.
    Returns whether the file was removed."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        return False
    path = root / relative
    try:
        top = root.resolve()
        if not path.parent.resolve().is_relative_to(top):
            return False
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False  # gone already, a link, or unreadable: not ours to judge
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        if digest.hexdigest() != sha256 or not os.path.samestat(info, os.lstat(path)):
            return False
        os.unlink(path)
    except OSError:
        return False
    finally:
        os.close(fd)
    _fsync_directory(path.parent)
    for folder in path.parents:
        if folder == root or not folder.is_relative_to(root):
            break
        try:
            folder.rmdir()  # only an empty folder goes
        except OSError:
            break
    return True


def _holder(handle: int) -> str:
    try:
        text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"


#: The lock descriptors this process holds, and the process that holds them.
_HELD: set[int] = set()
_HOLDER_PID = 0
_PR_SET_PDEATHSIG = 1


def _after_fork_in_child() -> None:
    """A process forked by a build (a worker) must not keep the build's lock alive.

    A forked child shares the lock (flock belongs to the open file, which the child
    inherits); if the build is killed, an orphaned worker would hold the lock forever and
    go on writing into output/ beside the next build. So the child closes its copy (the
    lock stays with the parent) and, on Linux, is killed when the build dies.
    """
    if not _HELD:
        return
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != _HOLDER_PID:  # the build died before the line above ran
            os._exit(70)


os.register_at_fork(after_in_child=_after_fork_in_child)


def _timeout_from_env() -> float:
    value = os.environ.get("PUBLISH_LOCK_TIMEOUT", "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextlib.contextmanager
def build_lock(output_dir: Path, timeout: float | None = None, poll: float = 0.1) -> Iterator[Path]:
    """Hold the output folder's lock (``output/.publish.lock``) for a build.

    A second build on the same folder waits up to ``timeout`` seconds and then raises
    :class:`OutputLocked` naming the process that holds it. The lock is an advisory
    ``flock``: the kernel releases it when its holder exits, even when it is killed, so
    a stale lock file never blocks a later build. Once it holds the lock, it removes the
    temporary files a killed build left (:func:`remove_stale_temporaries`).
    """
    if timeout is None:
        timeout = _timeout_from_env()
    output_dir.mkdir(parents=True, exist_ok=True)
    lock_path = output_dir / LOCK_NAME
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputLocked(
                        f"another build is writing to {output_dir} (pid {_holder(handle)})",
                        path=lock_path,
                        code="U010",
                        hint="wait for it to finish, or build into another folder with --out",
                    ) from None
                time.sleep(poll)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        global _HOLDER_PID
        _HOLDER_PID = os.getpid()
        _HELD.add(handle)
        try:
            # Held: no other build writes here, so the temporaries left unlocked are a
            # killed build's.
            remove_stale_temporaries(output_dir)
            yield lock_path
        finally:
            _HELD.discard(handle)
            with contextlib.suppress(OSError):
                os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
