"""Removing a stale output touches only the file a build wrote, nothing else."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from publish.cache import Entry, OutputRecord, stale_outputs
from publish.fsutil import remove_recorded


def written(root: Path, relative: str, data: bytes) -> tuple[str, int, str]:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return relative, len(data), hashlib.sha256(data).hexdigest()


def test_removes_the_file_and_the_folders_it_leaves_empty(tmp_path: Path) -> None:
    out = tmp_path / "out"
    record = written(out, "html/government/gone.html", b"<p>gone</p>")
    written(out, "html/index.html", b"<p>index</p>")
    assert remove_recorded(out, *record)
    assert not (out / "html" / "government").exists()
    assert (out / "html" / "index.html").exists() and out.is_dir()


def test_a_file_whose_bytes_changed_stays(tmp_path: Path) -> None:
    out = tmp_path / "out"
    relative, size, digest = written(out, "pdf/a.pdf", b"%PDF-1.7 one")
    (out / relative).write_bytes(b"%PDF-1.7 two")  # same size, other bytes
    assert not remove_recorded(out, relative, size, digest)
    assert (out / relative).read_bytes() == b"%PDF-1.7 two"
    assert not remove_recorded(out, "pdf/missing.pdf", size, digest)


def test_links_and_paths_outside_are_never_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    _, size, digest = written(elsewhere, "a.pdf", b"precious")
    # A link named like the output, a link to a folder on the way, a path that climbs out.
    (out / "a.pdf").symlink_to(elsewhere / "a.pdf")
    (out / "pdf").symlink_to(elsewhere, target_is_directory=True)
    for candidate in ("a.pdf", "pdf/a.pdf", "../elsewhere/a.pdf", str(elsewhere / "a.pdf")):
        assert not remove_recorded(out, candidate, size, digest)
    assert (elsewhere / "a.pdf").read_bytes() == b"precious"
    assert os.path.islink(out / "a.pdf")


def test_stale_outputs_are_those_of_sources_inside_the_folder_no_longer_listed() -> None:
    root = Path("/archive/sources")

    def entry(source: str | None, *paths: str) -> Entry:
        return Entry("key", tuple(OutputRecord(p, "0" * 64, 1) for p in paths), None, source)

    before = {
        "gone/pdf": entry("/archive/sources/gone.md", "pdf/gone.pdf"),
        "failed/pdf": entry("/archive/sources/failed.md", "pdf/failed.pdf"),
        "outside/pdf": entry("/elsewhere/outside.md", "pdf/outside.pdf"),
        "old/pdf": entry(None, "pdf/old.pdf"),
        "site/all": entry("/archive/sources", "html/index.html", "html/year/1999.html"),
    }
    after = {
        "outside/pdf": before["outside/pdf"],
        "old/pdf": before["old/pdf"],
        "site/all": entry("/archive/sources", "html/index.html"),
    }
    kept = {root / "failed.md"}
    assert [r.path for r in stale_outputs(before, after, root, kept)] == [
        "html/year/1999.html",
        "pdf/gone.pdf",
    ]
