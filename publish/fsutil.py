"""Writing files so that a reader sees either the old file or the new one, never half,
and keeping two builds from writing into one output folder at once."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import PublishError

#: The lock file a build holds in its output folder (see :func:`build_lock`).
LOCK_NAME = ".publish.lock"
#: How long a build waits for another one on the same output folder before it stops.
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


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The data is flushed to disk before the rename and the folder after it, so that after
    a crash ``path`` holds either its old content or the new, never a part of either.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_directory(path.parent)


def _holder(handle: int) -> str:
    try:
        text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"


@contextlib.contextmanager
def build_lock(
    output_dir: Path, timeout: float = DEFAULT_LOCK_TIMEOUT, poll: float = 0.1
) -> Iterator[Path]:
    """Hold the output folder's lock (``output/.publish.lock``) for a build.

    A second build on the same folder waits up to ``timeout`` seconds and then raises
    :class:`OutputLocked` naming the process that holds it. The lock is an advisory
    ``flock``: the kernel releases it when its holder exits, even when it is killed, so
    a stale lock file never blocks a later build.
    """
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
        try:
            yield lock_path
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
