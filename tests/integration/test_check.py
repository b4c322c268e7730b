"""`publish check` fails, with the right message, on each kind of broken output."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from publish.verify import check_outputs, consistency_findings
from tests.conftest import require

pytestmark = pytest.mark.validators

SLUG = "regjeringen-nb-tale-digital-beredskap"


def copy_outputs(built: Path, tmp: Path, formats: tuple[str, ...]) -> dict[str, Path]:
    out = {}
    suffix = {"pdf": ".pdf", "epub": ".epub", "html": ".html"}
    for fmt in formats:
        target = tmp / fmt / f"{SLUG}{suffix[fmt]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built / fmt / target.name, target)
        if fmt == "html" and not (target.parent / "assets").exists():
            shutil.copytree(built / "html" / "assets", target.parent / "assets")
        out[fmt] = target
    return out


def rewrite_epub(path: Path, name: str, change: tuple[bytes, bytes]) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            if info.filename == name:
                assert change[0] in data, change
                data = data.replace(*change)
            archive.writestr(info, data)


def codes(path: Path) -> set[str]:
    return {f.code for f in consistency_findings([path])}


def test_untouched_outputs_pass_every_check(built: Path, tmp_path: Path) -> None:
    outputs = copy_outputs(built, tmp_path, ("pdf", "epub", "html"))
    report = require(lambda: check_outputs(list(outputs.values()), report_dir=tmp_path / "ace"))
    assert report.ok(strict=False), report.table()
    assert not report.missing
    assert {"verapdf-ua1", "verapdf-a3a", "epubcheck", "ace", "axe", "vnu"} <= set(
        report.validators()
    )


def test_html_without_lang_or_with_poor_contrast_fails_axe(built: Path, tmp_path: Path) -> None:
    page = copy_outputs(built, tmp_path, ("html",))["html"]
    no_lang = page.with_name("no-lang.html")
    no_lang.write_bytes(page.read_bytes().replace(b'<html lang="nb">', b"<html>", 1))
    low_contrast = page.with_name("low-contrast.html")
    low_contrast.write_bytes(
        page.read_bytes().replace(
            b"</head>", b"<style>.lead{color:#bbb !important;background:#fff}</style></head>", 1
        )
    )
    page.unlink()
    report = check_outputs([no_lang, low_contrast])
    rules = {
        r.path.name: {m.rule for m in r.messages} for r in report.results if r.validator == "axe"
    }
    assert "html-has-lang" in rules["no-lang.html"]
    assert "color-contrast" in rules["low-contrast.html"]
    assert not report.ok()


def test_epub_with_broken_nav_fails_epubcheck(built: Path, tmp_path: Path) -> None:
    epub = copy_outputs(built, tmp_path, ("epub",))["epub"]
    rewrite_epub(
        epub, "EPUB/nav.xhtml", (b'href="text/speech.xhtml#title"', b'href="text/gone.xhtml"')
    )
    report = check_outputs([epub])
    epubcheck = [r for r in report.results if r.validator == "epubcheck"]
    assert epubcheck and epubcheck[0].errors > 0


def test_image_without_alt_is_found(built: Path, tmp_path: Path) -> None:
    outputs = copy_outputs(built, tmp_path, ("epub", "html"))
    rewrite_epub(outputs["epub"], "EPUB/text/cover.xhtml", (b'alt="Omslag:', b'data-x="'))
    findings = consistency_findings(list(outputs.values()))
    assert [f.code for f in findings] == ["C008"]
    assert "cover.xhtml" in findings[0].message


def test_title_that_differs_between_formats_is_found(built: Path, tmp_path: Path) -> None:
    outputs = copy_outputs(built, tmp_path, ("pdf", "epub", "html"))
    page = outputs["html"]
    page.write_bytes(
        page.read_bytes().replace(
            b"<title>Digital beredskap er et felles ansvar", b"<title>Another title", 1
        )
    )
    findings = consistency_findings(list(outputs.values()))
    assert [f.code for f in findings] == ["C001"]
    assert "Another title" in findings[0].message


def test_pdf_without_lang_fails_verapdf(built: Path, tmp_path: Path) -> None:
    pdf_path = copy_outputs(built, tmp_path, ("pdf",))["pdf"]
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        del pdf.Root["/Lang"]
        pdf.save(pdf_path)
    report = check_outputs([pdf_path])
    vera = [r for r in report.results if r.validator == "verapdf-ua1"]
    assert vera and not vera[0].ok


def test_heading_removed_from_tag_tree_is_found(built: Path, tmp_path: Path) -> None:
    outputs = copy_outputs(built, tmp_path, ("pdf", "html"))
    with pikepdf.open(outputs["pdf"], allow_overwriting_input=True) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/H2":
                obj.S = pikepdf.Name("/P")
                break
        pdf.save(outputs["pdf"])
    findings = consistency_findings(list(outputs.values()))
    assert "C006" in {f.code for f in findings}
    assert any("headings" in f.message for f in findings)


def test_validators_at_the_same_time_report_as_one_after_the_other(
    built: Path, tmp_path: Path
) -> None:
    # A batch with a defect for each validator and one for our own checks: running the
    # validators concurrently changes nothing in the report but the timings.
    outputs = copy_outputs(built, tmp_path, ("pdf", "epub", "html"))
    with pikepdf.open(outputs["pdf"], allow_overwriting_input=True) as pdf:
        del pdf.Root["/Lang"]
        pdf.save(outputs["pdf"])
    rewrite_epub(
        outputs["epub"],
        "EPUB/nav.xhtml",
        (b'href="text/speech.xhtml#title"', b'href="text/gone.xhtml"'),
    )
    page = outputs["html"]
    page.write_bytes(
        page.read_bytes()
        .replace(b'<html lang="nb">', b"<html>", 1)
        .replace(b"<title>Digital beredskap er et felles ansvar", b"<title>Another title", 1)
    )
    files = list(outputs.values())
    together = require(lambda: check_outputs(files, concurrent=True))
    apart = require(lambda: check_outputs(files, concurrent=False))
    assert together.results == apart.results
    assert together.findings == apart.findings
    assert "C001" in {f.code for f in together.findings}
    assert together.missing == apart.missing == []
    failed = {r.validator for r in together.results if not r.ok}
    assert {"verapdf-ua1", "epubcheck", "ace", "axe"} <= failed, together.table()
    assert [r.warnings for r in together.results if r.validator == "vnu"] == [1]  # no lang
    expected = {"veraPDF", "EPUBCheck", "DAISY Ace", "axe-core", "Nu HTML checker"}
    assert expected | {"consistency", "total"} <= set(together.timings)
    assert all(seconds >= 0 for seconds in together.timings.values())
    assert together.as_json()["timings"] == {
        name: round(seconds, 2) for name, seconds in together.timings.items()
    }
