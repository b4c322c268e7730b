"""The fast paths give the same bytes as the plain ones: batched pandoc, worker processes,
and the build cache (which skips only what is truly up to date). No timings are asserted
here; speed is measured by ``python -m bench``."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bench.corpus import speech as synthetic_speech
from publish.cache import CACHE_NAME
from publish.config import Settings, load_settings
from publish.pipeline import build, read_source
from publish.render import BodyItem, bodies_to_html, body_to_html
from tests.conftest import ROOT, SOURCES

EPOCH = "1700000000"
TRICKY = (
    "",
    "a\tb\n\n\tindented code\r\n\r\n# Top\n\n## Next\n",
    "Text *é* [link](https://example.org) ![an image](https://example.org/i.png)\n\n> quoted\n",
    "# Same\n\n# Same\n\n1. one\n2. two\n\n---\n\nLast[^1].\n\n[^1]: A note.\n",
)


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != CACHE_NAME
    }


def speech_outputs(out: Path, paths: list[Path], slugs: list[str]) -> set[str]:
    """The files of the speeches ``slugs`` among ``paths`` (not the site's pages)."""
    return {
        p.relative_to(out).as_posix()
        for p in paths
        if p.parent.parent == out and p.stem in slugs and p.suffix == f".{p.parent.name}"
    }


def sources() -> list[Path]:
    return sorted(p for p in SOURCES.iterdir() if p.is_file())


def two_sources(tmp_path: Path) -> Path:
    """A sources folder in ``tmp_path`` holding copies of the first two bundled sources."""
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in sources()[:2]:
        shutil.copy(path, folder / path.name)
    return folder


def settings_for(out: Path, **changes: object) -> Settings:
    return replace(load_settings(project=ROOT, output=out), **changes)  # type: ignore[arg-type]


def test_batched_bodies_are_byte_identical_to_one_process_per_body() -> None:
    bodies: list[tuple[str, Path | None]] = [
        (s.body, s.path) for s in (read_source(p)[0] for p in sources()) if s is not None
    ]
    bodies += [(synthetic_speech(i)[1].split("---\n", 2)[2], None) for i in range(3)]
    bodies += [(text, None) for text in TRICKY]
    items = [BodyItem(text, path, prefix) for text, path in bodies for prefix in ("", "s--")]
    batched = bodies_to_html(items)
    assert batched == [body_to_html(i.markdown, id_prefix=i.id_prefix) for i in items]
    assert bodies_to_html([]) == []


def test_build_with_two_workers_is_byte_identical_to_a_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    reports = []
    for jobs in (1, 2):
        reports.append(build(settings_for(tmp_path / f"j{jobs}", jobs=jobs), sources()))
        assert reports[-1].ok, [str(d) for d in reports[-1].diagnostics]
    assert tree(tmp_path / "j1") == tree(tmp_path / "j2")
    serial, parallel = reports
    assert [p.relative_to(tmp_path / "j1") for p in serial.written] == [
        p.relative_to(tmp_path / "j2") for p in parallel.written
    ]
    assert [d.code for d in serial.diagnostics] == [d.code for d in parallel.diagnostics]


def test_cache_skips_only_what_is_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = two_sources(tmp_path)
    styles = tmp_path / "styles"
    shutil.copytree(ROOT / "styles", styles)
    out = tmp_path / "out"
    settings = replace(settings_for(out), sources=folder, styles=styles)
    names = sorted(p.name for p in folder.iterdir())
    first = build(settings, [folder])
    assert first.ok and not first.skipped and (out / CACHE_NAME).is_file()
    fresh = tree(out)

    # Nothing changed: nothing is rebuilt, every speech output is reported as skipped.
    again = build(settings, [folder])
    assert again.ok
    assert not [p for p in again.written if p.parent.name in ("pdf", "epub")]
    slugs = [read_source(folder / n)[0].slug for n in names]  # type: ignore[union-attr]
    assert speech_outputs(out, again.skipped, slugs) == {
        f"{fmt}/{slug}.{fmt}" for fmt in ("pdf", "epub", "html") for slug in slugs
    }
    assert not again.written, "nothing changed: the site is not rendered again either"
    assert tree(out) == fresh

    # One source touched: only its outputs are rebuilt, to the same bytes as a clean build.
    touched = folder / names[0]
    touched.write_bytes(touched.read_bytes() + b"\nOne more sentence.\n")
    third = build(settings, [folder])
    slugs_written = {p.stem for p in third.written if p.parent.name in ("pdf", "epub")}
    assert slugs_written == {read_source(touched)[0].slug}  # type: ignore[union-attr]
    # The site shows metadata, not text: it is not rendered again for a sentence.
    site = [p for p in third.written if p.parent.name != "html" or p.stem not in slugs]
    assert not [p for p in site if p.parent.name not in ("pdf", "epub")]
    clean = build(replace(settings, output=tmp_path / "clean"), [folder])
    assert clean.ok and tree(out) == tree(tmp_path / "clean")

    # A style of one format changed: that format is rebuilt for every speech, no other.
    css = styles / "web.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    fourth = build(settings, [folder])
    rebuilt = {p.parent.name for p in fourth.written if p.suffix in (".pdf", ".epub")}
    assert rebuilt == set()
    assert {p.name for p in fourth.written if p.parent.name == "html"} >= {
        f"{slug}.html" for slug in slugs
    }
    assert speech_outputs(out, fourth.skipped, slugs) == {
        f"{fmt}/{slug}.{fmt}" for fmt in ("pdf", "epub") for slug in slugs
    }
    # The site is rendered again: its stylesheet is new, its pages (which only link it)
    # are the same bytes and are left alone.
    assert out / "html" / "assets" / "web.css" in fourth.written
    assert out / "html" / "index.html" in fourth.skipped


def test_collections_and_site_are_rebuilt_exactly_when_what_they_bind_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "sources"
    shutil.copytree(SOURCES, folder)
    out = tmp_path / "out"
    settings = replace(settings_for(out), sources=folder)
    first = build(settings)
    assert first.ok and first.counts["collections"]["built"] == 2
    fresh = tree(out)

    again = build(settings)
    assert again.ok and not again.written
    assert again.counts["collections"] == {"built": 0, "unchanged": 2, "failed": 0}
    assert out / "pdf" / "collections" / "stoltenberg-ii.pdf" in again.skipped
    assert tree(out) == fresh

    # The nynorsk speech is in the sampler (listed by name) but not in the Stoltenberg II
    # collection (selected by government): only the sampler is rebuilt. The site lists
    # metadata, not text, so a new sentence leaves it alone.
    member = folder / "regjeringen-nn-tale-kystkultur.md"
    member.write_bytes(member.read_bytes() + b"\nEi setning til.\n")
    third = build(settings)
    rebuilt = {p.relative_to(out).as_posix() for p in third.written}
    assert "pdf/collections/archive-sampler.pdf" in rebuilt
    assert not [p for p in rebuilt if "collections/stoltenberg-ii" in p]
    assert "html/index.html" not in rebuilt
    assert third.counts["collections"] == {"built": 1, "unchanged": 1, "failed": 0}
    clean = build(replace(settings, output=tmp_path / "clean"))
    assert clean.ok and tree(out) == tree(tmp_path / "clean")

    # A manifest edited: that collection is rebuilt.
    manifest = folder / "collections" / "stoltenberg-ii.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    fourth = build(settings)
    assert fourth.counts["collections"] == {"built": 1, "unchanged": 1, "failed": 0}
    assert out / "pdf" / "collections" / "stoltenberg-ii.pdf" in fourth.written
    edited = tree(out)

    # A damaged collection file is rebuilt, not trusted.
    dossier = out / "pdf" / "collections" / "stoltenberg-ii.pdf"
    dossier.write_bytes(dossier.read_bytes()[:1000])
    fifth = build(settings)
    assert dossier in fifth.written and tree(out) == edited

    # A manifest renamed: its page has a new name, and the site links the new one.
    manifest.rename(manifest.with_name("stoltenberg.toml"))
    sixth = build(settings)
    assert out / "html" / "index.html" in sixth.written
    assert "collections/stoltenberg.html" in (out / "html" / "index.html").read_text("utf-8")


def test_a_metadata_change_rewrites_only_the_site_files_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = two_sources(tmp_path)
    out = tmp_path / "out"
    settings = replace(settings_for(out), sources=folder)
    assert build(settings, [folder]).ok
    markdown = next(p for p in folder.iterdir() if p.suffix == ".md")
    speech = read_source(markdown)[0]
    assert speech is not None and speech.metadata.date is not None
    other = next(p for p in folder.iterdir() if p != markdown)
    other_speech = read_source(other)[0]
    assert other_speech is not None and other_speech.metadata.date is not None
    assert other_speech.metadata.date.year != speech.metadata.date.year
    # The other speech's year page does not list the renamed speech: it stays as it was.
    untouched = out / "html" / "year" / f"{other_speech.metadata.date.year}.html"
    before = untouched.stat().st_mtime_ns, untouched.read_bytes()

    text = markdown.read_text(encoding="utf-8")
    old_title = speech.metadata.title
    markdown.write_text(text.replace(old_title, old_title + " (revised)", 1), "utf-8")
    report = build(settings, [folder])
    assert report.ok
    index = out / "html" / "index.html"
    assert index in report.written and "(revised)" in index.read_text("utf-8")
    assert out / "html" / "search-index.json" in report.written
    assert untouched in report.skipped
    assert (untouched.stat().st_mtime_ns, untouched.read_bytes()) == before
    clean = build(replace(settings, output=tmp_path / "clean"), [folder])
    assert clean.ok and tree(out) == tree(tmp_path / "clean")


def test_a_damaged_output_is_rebuilt_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As after a build killed between writing a file and recording it: the cache entry no
    longer matches the file, so the file is rebuilt."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = [p for p in sources() if p.suffix == ".md"][:1]
    out = tmp_path / "out"
    settings = settings_for(out, formats=("epub", "html"))
    assert build(settings, source).ok
    fresh = tree(out)
    epub = next((out / "epub").iterdir())
    epub.write_bytes(epub.read_bytes()[:100])
    report = build(settings, source)
    assert epub in report.written and epub not in report.skipped
    assert tree(out) == fresh
    # A cache file that is not JSON at all is ignored, never trusted.
    (out / CACHE_NAME).write_text("{not json", encoding="utf-8")
    report = build(settings, source)
    assert report.ok and epub in report.written and tree(out) == fresh


def test_dask_executor_is_byte_identical_to_a_local_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    chosen = sources()[:2]
    local = build(settings_for(tmp_path / "local", jobs=1), chosen)
    assert local.ok
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        settings = settings_for(
            tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address
        )
        remote = build(settings, chosen)
    assert remote.ok, [str(d) for d in remote.diagnostics]
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")
    assert [p.name for p in local.written] == [p.name for p in remote.written]
