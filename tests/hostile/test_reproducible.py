"""Byte-identical rebuilds of everything a build writes, collections and site pages
included (tests/integration/test_build.py compares the top-level speech files only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.config import load_settings
from publish.pipeline import build
from tests.conftest import ROOT, SOURCES


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def test_reproducible_every_output_and_collection_is_byte_identical(
    built: Path, tmp_path: Path, source_date_epoch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(source_date_epoch))
    report = build(load_settings(project=ROOT, output=tmp_path / "again"), [SOURCES])
    assert report.ok, [str(d) for d in report.diagnostics]
    first, second = _outputs(built), _outputs(tmp_path / "again")
    collections = sorted(n for n in first if n.split("/")[1:2] == ["collections"])
    manifests = sorted(p.stem for p in (SOURCES / "collections").glob("*.toml"))
    for fmt, suffix in (("pdf", ".pdf"), ("epub", ".epub"), ("html", ".html")):
        for stem in manifests:
            assert f"{fmt}/collections/{stem}{suffix}" in collections
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
