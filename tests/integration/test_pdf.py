"""The accessible PDF: PDF/UA-1 and PDF/A-3a in one file, with its source attached, a tag
tree that matches the HTML it came from, pagination outside the tag tree, paper sizes, and
the press variant with bleed and crop marks."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from publish.config import load_settings
from publish.pipeline import build, read_source
from publish.render import render_speech
from publish.structure import html_structure, pdf_structure, pdf_tag_counts, pdf_text_runs
from publish.writers.pdf import PRESS_BLEED_PT, PdfWriter
from tests.conftest import ROOT, SOURCES

SLUGS = {
    "regjeringen-speech-third-eu-anti-trafficking-day": ".txt",
    "regjeringen-nb-tale-digital-beredskap": ".md",
    "regjeringen-nn-tale-kystkultur": ".md",
    "govuk-en-speech-open-archives": ".md",
}


@pytest.mark.parametrize("slug", SLUGS)
def test_attachments_carry_the_source_and_provenance(built: Path, slug: str) -> None:
    source = SOURCES / f"{slug}{SLUGS[slug]}"
    with pikepdf.open(built / "pdf" / f"{slug}.pdf") as pdf:
        attached = dict(pdf.attachments.items())
        assert set(attached) == {source.name, "provenance.json"}
        relationships = {
            str(spec.obj.get("/UF")): str(spec.obj.get("/AFRelationship"))
            for spec in attached.values()
        }
        assert relationships == {source.name: "/Source", "provenance.json": "/Data"}
        associated = [str(f.get("/UF")) for f in pdf.Root.AF]
        assert sorted(associated) == sorted(relationships)
        original = attached[source.name].get_file().read_bytes()
        assert original == source.read_bytes()
        record = json.loads(attached["provenance.json"].get_file().read_bytes())
        assert record["source"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
        assert record["source"]["file"] == source.name
        assert record["tool"]["name"] == "publish"
        assert record["build_date"] == "2023-11-14T22:13:20Z"
        for spec in attached.values():
            assert "/F" in spec.obj and "/UF" in spec.obj
        # The descriptions a reader sees in the attachments panel are in the speech's language.
        lang = "nn" if "-nn-" in slug else "nb" if "-nb-" in slug else "en"
        words = {"en": "Original source", "nb": "Originalkilden", "nn": "Originalkjelda"}[lang]
        assert str(attached[source.name].obj.get("/Desc")).startswith(words)


@pytest.mark.parametrize("slug", SLUGS)
def test_xmp_claims_pdf_a_3a_and_pdf_ua_1(built: Path, slug: str) -> None:
    with pikepdf.open(built / "pdf" / f"{slug}.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "A"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"]
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert len(bytes(pdf.trailer.ID[0])) == 32


@pytest.mark.parametrize("slug", SLUGS)
def test_tag_tree_matches_the_html_it_came_from(slug: str, tmp_path: Path) -> None:
    speech, problems = read_source(SOURCES / f"{slug}{SLUGS[slug]}")
    assert speech is not None, problems
    settings = load_settings(project=ROOT)
    writer = PdfWriter()
    rendered = render_speech(speech)
    html = writer.print_html(rendered, settings)
    path = tmp_path / f"{slug}.pdf"
    path.write_bytes(writer.write(rendered, settings).data)
    from_html = html_structure(html, scope="//body")
    from_pdf = pdf_structure(path)
    assert from_pdf.differences(from_html) == []
    assert from_pdf.languages == from_html.languages
    counts, _ = pdf_tag_counts(path)
    # One structure element per HTML element, however many pages it spans.
    assert counts["Art"] == 1
    assert counts["Document"] == 1


@pytest.mark.parametrize("slug", SLUGS)
def test_running_headers_and_page_numbers_are_artifacts(built: Path, slug: str) -> None:
    runs, heights = pdf_text_runs(built / "pdf" / f"{slug}.pdf")
    assert not [r for r in runs if r.kind == "untagged"]
    top_band, bottom_band = 25 * 72 / 25.4, heights[0] - 26 * 72 / 25.4
    for page in range(1, len(heights) + 1):
        on_page = [r for r in runs if r.page == page]
        artifacts = [r for r in on_page if r.kind == "artifact"]
        assert any(r.y < top_band for r in artifacts), page  # running header
        assert any(r.y > bottom_band for r in artifacts), page  # page number
        assert all(r.y < top_band or r.y > bottom_band for r in artifacts), page
        assert all(top_band <= r.y <= bottom_band for r in on_page if r.kind == "tagged"), page


def test_language_changes_are_marked_in_the_tag_tree(built: Path) -> None:
    assert "se" in pdf_structure(built / "pdf" / "regjeringen-nn-tale-kystkultur.pdf").languages
    assert "cy" in pdf_structure(built / "pdf" / "govuk-en-speech-open-archives.pdf").languages


@pytest.mark.parametrize("slug", SLUGS)
def test_bookmarks_mirror_the_headings(built: Path, slug: str) -> None:
    speech, _ = read_source(SOURCES / f"{slug}{SLUGS[slug]}")
    assert speech is not None
    headings = render_speech(speech).headings
    with pikepdf.open(built / "pdf" / f"{slug}.pdf") as pdf, pdf.open_outline() as outline:
        (top,) = outline.root
        assert top.title == speech.metadata.title
        level_two = [item.title for item in top.children]
    assert level_two == [h.text for h in headings if h.level == 2]


@pytest.mark.parametrize(("paper", "size"), [("a5", (419.5, 595.3)), ("letter", (612.0, 792.0))])
def test_paper_sizes(tmp_path: Path, paper: str, size: tuple[float, float]) -> None:
    settings = dataclasses.replace(
        load_settings(project=ROOT, output=tmp_path, formats=("pdf",)), paper=paper
    )
    report = build(settings, [SOURCES / "regjeringen-nn-tale-kystkultur.md"])
    assert report.ok, report.diagnostics
    with pikepdf.open(tmp_path / "pdf" / "regjeringen-nn-tale-kystkultur.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
    assert abs(box[2] - box[0] - size[0]) < 1 and abs(box[3] - box[1] - size[1]) < 1


def test_press_variant_has_bleed_marks_and_boxes(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "publish"),
            "build",
            str(SOURCES / "regjeringen-nb-tale-digital-beredskap.md"),
            "--format",
            "pdf",
            "--pdf-profile",
            "accessible,press",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    accessible = tmp_path / "pdf" / "regjeringen-nb-tale-digital-beredskap.pdf"
    press = tmp_path / "press" / "regjeringen-nb-tale-digital-beredskap.pdf"
    assert accessible.is_file() and press.is_file()
    with pikepdf.open(press) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            bleed = [float(v) for v in page.BleedBox]
            media = [float(v) for v in page.MediaBox]
            assert [round(t - b, 2) for t, b in zip(trim[:2], bleed[:2], strict=True)] == [
                round(PRESS_BLEED_PT, 2)
            ] * 2
            assert [round(b - t, 2) for t, b in zip(trim[2:], bleed[2:], strict=True)] == [
                round(PRESS_BLEED_PT, 2)
            ] * 2
            assert media[0] < bleed[0] and media[3] > bleed[3]
            assert abs(trim[2] - trim[0] - 595.28) < 0.5
    # Crop marks: ink in the media margin outside the bleed box, at the trim lines.
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(press), str(tmp_path / "p")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height = image.size
    corner = image.crop((0, 0, int(width * 0.04), int(height * 0.04)))
    assert corner.getextrema()[0] < 160, "no crop mark in the top-left corner"


def test_loose_lists_and_split_items_stay_valid(tmp_path: Path) -> None:
    """WeasyPrint tags a loose list item as LI > (Lbl, P); PDF/UA wants LI > (Lbl, LBody)."""
    from publish.checks import run_verapdf
    from tests.conftest import require

    source = tmp_path / "loose.md"
    items = "\n\n".join(f"- Item {n} with a paragraph of its own." * 3 for n in range(40))
    source.write_text(f"---\ntitle: Loose lists\nlang: en\n---\n\nIntro.\n\n{items}\n\nEnd.\n")
    speech, problems = read_source(source)
    assert speech is not None, problems
    settings = load_settings(project=ROOT)
    writer = PdfWriter()
    rendered = render_speech(speech)
    path = tmp_path / "loose.pdf"
    path.write_bytes(writer.write(rendered, settings).data)
    counts, structure = pdf_tag_counts(path)
    assert counts["LI"] == counts["LBody"] == 40
    expected = html_structure(writer.print_html(rendered, settings), scope="//body")
    assert structure.differences(expected) == []
    results = require(lambda: run_verapdf([path], flavours=("ua1", "3a")))
    assert all(r.ok for r in results), [m.message for r in results for m in r.messages]


@pytest.mark.parametrize("profile", ["accessible", "press"])
def test_parsed_print_css_gives_the_pdf_a_linked_one_gives(
    profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer applies print.css parsed once per process plus the page rules; a page
    that links print.css and holds the page rules in a <style> is the same PDF."""
    from publish.writers.pdf import render_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    speech, problems = read_source(SOURCES / "regjeringen-nn-tale-kystkultur.md")
    assert speech is not None, problems
    settings = load_settings(project=ROOT)
    writer = PdfWriter(profile)
    rendered = render_speech(speech)
    warm = writer.write(rendered, settings)
    again = writer.write(rendered, settings)
    linked = render_pdf(
        writer.print_html(rendered, settings),
        settings,
        seed=f"publish-pdf:{profile}:{settings.paper}:{speech.origin_sha256}",
        profile=profile,
        attachments=writer.attachments(rendered, settings) if profile == "accessible" else [],
        origin=speech.path,
    )
    assert "print.css" not in writer.print_html(rendered, settings, standalone=False)
    assert warm.data == again.data == linked.data
    assert warm.page_starts == linked.page_starts


def test_a_print_css_warning_is_reported_for_every_document(tmp_path: Path) -> None:
    """print.css is parsed once per process, yet its warnings belong to every PDF."""
    styles = tmp_path / "styles"
    import shutil

    shutil.copytree(ROOT / "styles", styles)
    css = styles / "print.css"
    css.write_text(css.read_text() + "\np { colour: red; }\n")
    settings = dataclasses.replace(load_settings(project=ROOT), styles=styles)
    writer = PdfWriter()
    for slug in ("regjeringen-nn-tale-kystkultur", "regjeringen-nb-tale-digital-beredskap"):
        speech, problems = read_source(SOURCES / f"{slug}{SLUGS[slug]}")
        assert speech is not None, problems
        result = writer.write(render_speech(speech), settings)
        messages = [p.message for p in result.diagnostics if p.code == "P001"]
        assert any("colour" in m for m in messages), (slug, messages)
