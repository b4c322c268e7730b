"""`publish build --check`'s certifier report: the report of an EPUB's own check, inside the
EPUB, linked from its package metadata as ``a11y:certifierReport`` (EPUB Accessibility 1.1),
and the rewritten EPUB still passes EPUBCheck and Ace."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from publish.writers.epub import (
    CERTIFIER_REPORT,
    PACKAGE_PATH,
    package,
    with_certifier_report,
)
from tests.conftest import ROOT, SOURCES, require

OPF = {"opf": "http://www.idpf.org/2007/opf"}
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def epoch(source_date_epoch: int) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    yield
    if old is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = old


def opf_of(epub: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        return etree.fromstring(archive.read(PACKAGE_PATH))


def test_the_report_is_linked_and_replaced_not_added_twice() -> None:
    opf = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="u">\n'
        b'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        b'<meta property="dcterms:conformsTo" id="conformance">EPUB Accessibility 1.1</meta>\n'
        b'<meta property="a11y:certifiedBy" refines="#conformance">us</meta>\n'
        b"</metadata>\n<manifest>\n"
        b'<item id="c" href="c.xhtml" media-type="application/xhtml+xml"/>\n'
        b'<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
        b'</manifest>\n<spine>\n<itemref idref="c"/>\n<itemref idref="nav" linear="no"/>\n'
        b"</spine>\n</package>\n"
    )
    page = b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head></html>'
    stamp = (2023, 11, 14, 22, 13, 20)
    epub = package([(PACKAGE_PATH, opf), ("EPUB/c.xhtml", page), ("EPUB/nav.xhtml", page)], stamp)
    once = with_certifier_report(epub, page)
    assert with_certifier_report(once, page) == once  # the same report: the same bytes
    other = page.replace(b">t<", b">u<")
    twice = with_certifier_report(once, other)
    with zipfile.ZipFile(io.BytesIO(twice)) as archive:
        names = archive.namelist()
        assert archive.read(CERTIFIER_REPORT) == other
        assert {i.date_time for i in archive.infolist()} == {stamp}
    assert names.count(CERTIFIER_REPORT) == 1
    assert names[0] == "mimetype"
    root = opf_of(twice)
    assert len(root.findall("opf:metadata/opf:link", OPF)) == 1
    assert len(root.findall("opf:manifest/opf:item[@id='certifier-report']", OPF)) == 1
    spine = [ref.get("idref") for ref in root.findall("opf:spine/opf:itemref", OPF)]
    assert spine == ["c", "certifier-report", "nav"]


@pytest.mark.validators
def test_build_check_certifies_each_epub_with_its_own_report(tmp_path: Path, epoch: None) -> None:
    from publish.config import load_settings
    from publish.pipeline import build
    from publish.verify import certify_build, certify_epubs, check_outputs, write_json

    settings = load_settings(project=ROOT, output=tmp_path / "output")
    source = SOURCES / "regjeringen-nn-tale-kystkultur.md"
    result = build(settings, [source])
    assert result.ok, [str(d) for d in result.diagnostics]
    epub = tmp_path / "output" / "epub" / f"{source.stem}.epub"
    speech = [epub, epub.parent.parent / "pdf" / f"{source.stem}.pdf"]
    speech.append(epub.parent.parent / "html" / f"{source.stem}.html")
    checked = require(lambda: check_outputs(speech))
    assert checked.missing == [] and checked.ok(strict=True), checked.table()

    again = require(lambda: certify_epubs(checked, settings, report_dir=tmp_path / "ace"))
    assert again.files == [epub]
    assert again.missing == []
    by_validator = {r.validator: r for r in again.results}
    assert set(by_validator) == {"epubcheck", "ace"}
    assert by_validator["epubcheck"].errors == 0 and by_validator["epubcheck"].warnings == 0, (
        again.table()
    )
    assert by_validator["ace"].errors == 0, again.table()

    data = epub.read_bytes()
    root = opf_of(data)
    link = root.find("opf:metadata/opf:link[@rel='a11y:certifierReport']", OPF)
    assert link is not None
    assert link.get("refines") == "#certifier"
    certifier = root.find("opf:metadata/opf:meta[@id='certifier']", OPF)
    assert certifier is not None and certifier.get("property") == "a11y:certifiedBy"
    assert certifier.text == settings.certified_by
    item = root.find(f"opf:manifest/opf:item[@href='{link.get('href')}']", OPF)
    assert item is not None and item.get("media-type") == "application/xhtml+xml"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        report = etree.fromstring(archive.read(CERTIFIER_REPORT))
    text = " ".join(report.itertext())
    assert "EPUBCheck" in text and "DAISY Ace" in text and "5.3.0" in text
    assert "14 November 2023" in text  # SOURCE_DATE_EPOCH, not the day of the test
    assert str(tmp_path) not in text  # nothing local: the report is reproducible
    cells = report.xpath("//x:tbody/x:tr/x:td", namespaces=XHTML)
    assert [c.text for c in cells][-2:] == ["0", "0"]

    # `publish build --check`'s step, from the check's JSON report: certifying what is
    # certified already, from the same check, changes no byte.
    write_json(checked, settings.output / "reports" / "check.json", strict=True)
    before = epub.read_bytes()
    assert require(lambda: certify_build(settings, strict=True, quiet=True)) == 0
    assert epub.read_bytes() == before
    assert (settings.output / "reports" / "certify.json").is_file()
