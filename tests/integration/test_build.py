"""End to end: the bundled sources become PDF, EPUB and HTML, each with its archive header."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import html as lxml_html

from publish.config import load_settings
from publish.pipeline import build
from tests.conftest import ROOT, SOURCES

REF = "regjeringen-speech-third-eu-anti-trafficking-day"
NB = "regjeringen-nb-tale-digital-beredskap"
NN = "regjeringen-nn-tale-kystkultur"
EN_MD = "govuk-en-speech-open-archives"
SLUGS = (REF, NB, NN, EN_MD)

HEADER_LINES = {
    REF: (
        "Historical archive",
        "Published under: Stoltenberg's 2nd Government",
        "Publisher: Ministry of Justice and the Police",
    ),
    NB: (
        "Historisk arkiv",
        "Publisert under: Regjeringen Stoltenberg II",
        "Utgiver: Justis- og politidepartementet",
    ),
    NN: (
        "Gjeldande – ikkje arkivert",
        "Publisert under: Regjeringa Støre",
        "Utgjevar: Nærings- og fiskeridepartementet",
    ),
    EN_MD: (
        "Current – not archived",
        "Published under: Labour Government 2024 to present",
        "Publisher: Department for Culture, Media and Sport",
    ),
}
RUNNING_STATUS = {
    REF: "Historical archive",
    NB: "Historisk arkiv",
    NN: "Gjeldande – ikkje arkivert",
    EN_MD: "Current – not archived",
}
ENGLISH_ONLY = ("Published under:", "Publisher:", "Speaker:", "Page ", "Occasion:")
NORWEGIAN_ONLY = ("Publisert under:", "Utgiver:", "Utgjevar:", "Side ", "Anledning:", "Høve:")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdftotext(path: Path, page: int, *, top_only: bool = False) -> str:
    args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page)]
    if top_only:
        # The top margin band of an A4 page, where the running header sits.
        args += ["-x", "0", "-y", "0", "-W", "595", "-H", "75"]
    result = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def html_text(data: bytes) -> str:
    return squash(lxml_html.fromstring(data).text_content())


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return html_text(archive.read("EPUB/text/speech.xhtml"))


def test_every_source_is_built_in_every_format(built: Path) -> None:
    sources = sorted(p for p in SOURCES.iterdir() if p.is_file())
    assert len(sources) == len(SLUGS)
    for slug in SLUGS:
        for fmt, suffix in (("pdf", ".pdf"), ("epub", ".epub"), ("html", ".html")):
            path = built / fmt / f"{slug}{suffix}"
            assert path.is_file() and path.stat().st_size > 1000, path
    assert (built / "html" / "index.html").is_file()
    assert (built / "html" / "assets" / "web.css").is_file()


@pytest.mark.parametrize("slug", SLUGS)
def test_header_lines_in_every_format(built: Path, slug: str) -> None:
    web = html_text((built / "html" / f"{slug}.html").read_bytes())
    book = epub_text(built / "epub" / f"{slug}.epub")
    page_one = squash(pdftotext(built / "pdf" / f"{slug}.pdf", 1))
    for line in HEADER_LINES[slug]:
        assert line in web, (slug, "html", line)
        assert line in book, (slug, "epub", line)
        assert line in page_one, (slug, "pdf", line)


@pytest.mark.parametrize("slug", SLUGS)
def test_running_header_and_page_numbers_on_every_pdf_page(built: Path, slug: str) -> None:
    path = built / "pdf" / f"{slug}.pdf"
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    assert pages >= 2
    lang = "en" if slug in (REF, EN_MD) else "nb"
    for number in range(1, pages + 1):
        top = squash(pdftotext(path, number, top_only=True))
        assert RUNNING_STATUS[slug] in top, (number, top)
        text = squash(pdftotext(path, number))
        expected = f"Page {number} of {pages}" if lang == "en" else f"Side {number} av {pages}"
        assert expected in text, (number, text[-200:])


@pytest.mark.parametrize("slug", (NB, NN))
def test_norwegian_outputs_carry_no_english_labels(built: Path, slug: str) -> None:
    texts = {
        "html": html_text((built / "html" / f"{slug}.html").read_bytes()),
        "epub": epub_text(built / "epub" / f"{slug}.epub"),
        "pdf": squash(pdftotext(built / "pdf" / f"{slug}.pdf", 1)),
    }
    for fmt, text in texts.items():
        for label in ENGLISH_ONLY:
            assert label not in text, (fmt, label)


@pytest.mark.parametrize("slug", (REF, EN_MD))
def test_english_outputs_carry_no_norwegian_labels(built: Path, slug: str) -> None:
    text = html_text((built / "html" / f"{slug}.html").read_bytes())
    for label in NORWEGIAN_ONLY:
        assert label not in text, label


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_metadata_bookmarks_and_language(built: Path, slug: str) -> None:
    with pikepdf.open(built / "pdf" / f"{slug}.pdf") as pdf:
        lang = str(pdf.Root.Lang)
        assert lang in ("en", "nb", "nn")
        assert pdf.Root.MarkInfo.Marked
        title = str(pdf.docinfo["/Title"])
        assert title
        assert str(pdf.docinfo["/Author"])
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles and titles[0] == title
        assert pdf.Root.ViewerPreferences.DisplayDocTitle


def test_pdf_fonts_are_the_chosen_ones_embedded_and_subset(built: Path) -> None:
    for slug in SLUGS:
        out = subprocess.run(
            ["pdffonts", str(built / "pdf" / f"{slug}.pdf")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[2:]
        assert out
        for row in out:
            name = row.split()[0]
            assert re.fullmatch(
                r"[A-Z]{6}\+Publish-(Serif|Sans)(-Bold|-Italic|-BoldItalic)?", name
            ), row
            assert " yes yes yes " in row, row


def test_rebuild_with_same_source_date_epoch_is_byte_identical(
    built: Path, tmp_path: Path, source_date_epoch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(source_date_epoch))
    report = build(load_settings(project=ROOT, output=tmp_path), [SOURCES])
    assert report.ok
    for fmt in ("pdf", "epub", "html"):
        for first in sorted((built / fmt).glob("*.*")):
            second = tmp_path / fmt / first.name
            assert first.read_bytes() == second.read_bytes(), first.name


def test_build_never_modifies_sources(built: Path) -> None:
    reference = (ROOT.parent / "shared" / "reference").resolve()
    bundled = SOURCES / f"{REF}.txt"
    if reference.is_dir():
        assert bundled.read_bytes() == (reference / bundled.name).read_bytes()


def test_cli_build_reports_and_exits_zero(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "publish"),
            "build",
            str(SOURCES / f"{REF}.txt"),
            "--format",
            "html,pdf",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pdf" / f"{REF}.pdf").is_file()
    assert (tmp_path / "html" / f"{REF}.html").is_file()
    assert not (tmp_path / "epub").exists()
    assert "1 source(s) built, 0 failed;" in result.stdout


def test_one_broken_source_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Good\nlang: en\n---\n\nText.\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [oops\n---\nText\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "publish"),
            "build",
            str(tmp_path),
            "--out",
            str(out),
            "--format",
            "html",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert f"{bad}:2: error: S006" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "html" / "good.html").is_file()
