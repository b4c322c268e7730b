"""The EPUB: package metadata and the accessibility claim, the cover, and a page list that
follows the PDF edition page for page."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from publish.checks import run_ace
from publish.config import load_settings
from publish.pipeline import build
from publish.writers.epub import identifier_for
from tests.conftest import ROOT, SOURCES, require

SLUGS = (
    "regjeringen-speech-third-eu-anti-trafficking-day",
    "regjeringen-nb-tale-digital-beredskap",
    "regjeringen-nn-tale-kystkultur",
    "govuk-en-speech-open-archives",
)
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read(name))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u00ad", "")


@pytest.mark.parametrize("slug", SLUGS)
def test_package_metadata_and_accessibility_claim(built: Path, slug: str) -> None:
    epub = built / "epub" / f"{slug}.epub"
    opf = read(epub, "EPUB/package.opf")
    lang = opf.findtext("opf:metadata/dc:language", namespaces=NS)
    assert lang in ("en", "nb", "nn")
    assert opf.get(XML_LANG) == lang
    metas: dict[str, list[str]] = {}
    for meta in opf.iterfind("opf:metadata/opf:meta", NS):
        if meta.get("property"):
            metas.setdefault(meta.get("property", ""), []).append(meta.text or "")
    assert metas["dcterms:modified"] == ["2023-11-14T22:13:20Z"]
    assert set(metas["schema:accessMode"]) == {"textual", "visual"}
    assert metas["schema:accessModeSufficient"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"} <= set(
        metas["schema:accessibilityFeature"]
    )
    assert {"pageNavigation"} <= set(metas["schema:accessibilityFeature"])
    assert metas["schema:accessibilityHazard"] == ["none"]
    assert len(metas["schema:accessibilitySummary"][0]) > 100
    assert metas["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert metas["a11y:certifiedBy"]
    source = next(p for p in SOURCES.iterdir() if p.stem == slug)
    import hashlib

    expected = identifier_for(hashlib.sha256(source.read_bytes()).hexdigest())
    assert opf.findtext("opf:metadata/dc:identifier", namespaces=NS) == expected
    assert opf.findtext("opf:metadata/dc:title", namespaces=NS)
    assert opf.findtext("opf:metadata/dc:publisher", namespaces=NS)
    # Every content document says the same language.
    with zipfile.ZipFile(epub) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                html = etree.fromstring(archive.read(name))
                assert html.get("lang") == lang and html.get(XML_LANG) == lang, name
    # The cover is declared, and has its text alternative.
    cover = opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert cover is not None and cover.get("href") == "images/cover.svg"
    page = read(epub, "EPUB/text/cover.xhtml")
    img = page.find(".//x:img", NS)
    assert (
        img is not None
        and img.get("alt", "").startswith(("Cover:", "Omslag:"))
        and img.get("role") == "doc-cover"
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_page_list_follows_the_pdf_page_for_page(built: Path, slug: str) -> None:
    epub = built / "epub" / f"{slug}.epub"
    pdf_path = built / "pdf" / f"{slug}.pdf"
    with pikepdf.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        document_id = str(pdf.open_metadata()["xmpMM:DocumentID"])
    opf = read(epub, "EPUB/package.opf")
    source = opf.find("opf:metadata/opf:meta[@property='pageBreakSource']", NS)
    assert source is not None and source.text == document_id
    nav = read(epub, "EPUB/nav.xhtml")
    entries = nav.findall(".//x:nav[@epub:type='page-list']//x:a", NS)
    assert [a.text for a in entries] == [str(n) for n in range(1, pages + 1)]
    content = read(epub, "EPUB/text/speech.xhtml")
    markers = content.findall(".//x:span[@epub:type='pagebreak']", NS)
    assert [m.get("id") for m in markers] == [f"page-{n}" for n in range(1, pages + 1)]
    assert [a.get("href", "").split("#")[1] for a in entries] == [m.get("id") for m in markers]
    # The text after marker N is the text at the top of PDF page N.
    full = squash("".join(content.itertext()))
    for number, marker in enumerate(markers, start=1):
        after = squash((marker.tail or "") + "".join(_following_text(marker)))[:30]
        top = subprocess.run(
            # Below the running header: the page's own first line.
            [
                "pdftotext",
                "-f",
                str(number),
                "-l",
                str(number),
                "-y",
                "75",
                "-H",
                "2000",
                "-x",
                "0",
                "-W",
                "2000",
                str(pdf_path),
                "-",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # A list bullet or number is generated by the style sheet, not part of the text.
        first = re.sub(r"^(?:[•◦▪–]|\d+\.|[a-z]\.)", "", squash(top).replace("\u2010", "-"))
        probe = after[:12].replace("\u2010", "-")
        assert first.startswith(probe) or probe.startswith(first[:12]), (number, after, first[:40])
        assert after in full


def _following_text(marker: etree._Element) -> list[str]:
    """The text after ``marker`` in document order (a few nodes are enough)."""
    out: list[str] = []
    node: etree._Element | None = marker
    while node is not None and len("".join(out)) < 200:
        sibling = node.getnext()
        while sibling is not None:
            out.append("".join(sibling.itertext()) + (sibling.tail or ""))
            sibling = sibling.getnext()
        node = node.getparent()
        if node is not None:
            out.append(node.tail or "")
    return out


def test_no_page_list_without_a_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    settings = load_settings(project=ROOT, output=tmp_path, formats=("epub",))
    report = build(settings, [SOURCES / "regjeringen-nn-tale-kystkultur.md"])
    assert report.ok
    epub = tmp_path / "epub" / "regjeringen-nn-tale-kystkultur.epub"
    opf = read(epub, "EPUB/package.opf")
    assert opf.find("opf:metadata/opf:meta[@property='pageBreakSource']", NS) is None
    features = [m.text for m in opf.iterfind("opf:metadata/opf:meta", NS)]
    assert "pageNavigation" not in features
    assert read(epub, "EPUB/nav.xhtml").find(".//x:nav[@epub:type='page-list']", NS) is None
    assert b"pagebreak" not in zipfile.ZipFile(epub).read("EPUB/text/speech.xhtml")


def test_ace_report_lists_the_accessibility_metadata(built: Path, tmp_path: Path) -> None:
    epub = built / "epub" / "regjeringen-nb-tale-digital-beredskap.epub"
    (result,) = require(lambda: run_ace([epub], report_dir=tmp_path))
    assert result.errors == 0
    assert result.report is not None
    report = json.loads(result.report.read_text(encoding="utf-8"))
    metadata = report["earl:testSubject"]["metadata"]
    for key in (
        "schema:accessMode",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
        "a11y:certifiedBy",
    ):
        assert key in metadata, key
