"""A whole build leaves the output folder as a build from scratch would: what earlier builds
wrote for sources that are gone is removed, and nothing else (see publish.pipeline.prune)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from publish.cache import CACHE_NAME
from publish.config import Settings
from publish.pipeline import build
from tests.conftest import SOURCES
from tests.integration.test_speed_paths import EPOCH, settings_for, tree, two_sources

GOVUK = "govuk-en-speech-open-archives"


def names(out: Path, paths: list[Path]) -> set[str]:
    return {p.relative_to(out).as_posix() for p in paths}


def cached(out: Path) -> set[str]:
    return set(json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))["entries"])


def built_from(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings that build ``folder`` into ``tmp_path/out``, after a first build of it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    settings: Settings = replace(settings_for(tmp_path / "out"), sources=folder)
    assert build(settings).ok
    return settings


def test_removing_a_source_and_a_manifest_leaves_what_a_fresh_build_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    settings = built_from(folder, tmp_path, monkeypatch)
    out = settings.output
    mine = out / "html" / "notes.txt"  # a file of the user's own, never written by publish
    mine.write_text("keep me\n", encoding="utf-8")

    # The only speech under its government and its publisher goes, with one collection;
    # the other collection stops listing it.
    (folder / f"{GOVUK}.md").unlink()
    (folder / "collections" / "stoltenberg-ii.toml").unlink()
    sampler = folder / "collections" / "archive-sampler.toml"
    sampler.write_text(
        sampler.read_text(encoding="utf-8").replace(f'  "{GOVUK}.md",\n', ""),
        encoding="utf-8",
    )
    report = build(settings)

    assert report.ok
    assert names(out, report.removed) == {
        f"pdf/{GOVUK}.pdf",
        f"epub/{GOVUK}.epub",
        f"html/{GOVUK}.html",
        "html/government/labour-government-2024-to-present.html",
        "html/publisher/department-for-culture-media-and-sport.html",
        "pdf/collections/stoltenberg-ii.pdf",
        "epub/collections/stoltenberg-ii.epub",
        "html/collections/stoltenberg-ii.html",
    }
    assert mine.read_text(encoding="utf-8") == "keep me\n"
    mine.unlink()
    assert build(replace(settings, output=tmp_path / "fresh")).ok
    assert tree(out) == tree(tmp_path / "fresh")
    assert cached(out) == cached(tmp_path / "fresh")
    # Nothing left to remove.
    assert not build(settings).removed


def test_a_failed_source_and_an_edited_file_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = two_sources(tmp_path)
    first, second = sorted(folder.iterdir())
    settings = built_from(folder, tmp_path, monkeypatch)
    out = settings.output
    kept = tree(out)
    failing = {k: v for k, v in kept.items() if f"/{first.stem}." in k}
    assert len(failing) == 3

    # The first source now fails to read: its last good outputs stay. The second is gone,
    # but its PDF was edited by hand: only its EPUB and web page go.
    first.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    edited = out / "pdf" / f"{second.stem}.pdf"
    edited.write_bytes(edited.read_bytes() + b"%% annotated by hand\n")
    second.unlink()
    report = build(settings)

    assert not report.ok and report.failed == [first]
    assert names(out, report.removed) == {f"epub/{second.stem}.epub", f"html/{second.stem}.html"}
    assert edited.read_bytes().endswith(b"%% annotated by hand\n")
    assert {k: v for k, v in tree(out).items() if k in failing} == failing


def test_builds_of_part_of_the_sources_remove_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = two_sources(tmp_path)
    first, second = sorted(folder.iterdir())
    settings = built_from(folder, tmp_path, monkeypatch)
    out = settings.output
    second.unlink()
    before = set(tree(out))

    # One file, some formats, or another folder into the same output: none of them is a
    # build of the whole sources folder in every format, so none judges what is stale.
    assert not build(settings, [first]).removed
    assert not build(replace(settings, formats=("pdf", "epub"))).removed
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SOURCES / f"{GOVUK}.md", other)
    assert not build(replace(settings, sources=other)).removed
    assert not build(replace(settings, cache=False)).removed
    assert before <= set(tree(out))

    # The whole folder again: the second speech's files go, the other folder's stay.
    report = build(settings)
    assert {p.stem for p in report.removed} == {second.stem}
    assert {f"pdf/{GOVUK}.pdf", f"epub/{GOVUK}.epub", f"html/{GOVUK}.html"} <= set(tree(out))
