"""Smoke tests of publish.checks: every validator passes a good file and fails a planted defect.

The inputs are built here, in temporary directories. Each test hands its tool a batch (good and
bad files together), as the build does. A missing validator skips the test locally and fails
it in CI (``CI=true``).
"""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from pathlib import Path

import pytest

from publish import checks
from publish.checks import (
    ValidatorMissing,
    ValidatorResult,
    run_ace,
    run_axe,
    run_epubcheck,
    run_page_validation,
    run_verapdf,
    run_vnu,
)
from tests.conftest import require

pytestmark = pytest.mark.validators

VERSION = re.compile(r"^\d+\.\d+")


def test_require_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ValidatorMissing("vnu.jar not found; run scripts/setup.sh")

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="validator missing"):
        require(missing)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="validator missing"):
        require(missing)


def rules(result: ValidatorResult) -> set[str]:
    return {m.rule for m in result.messages}


# --------------------------------------------------------------------------- inputs

GOOD_PDF_HTML = (
    '<html lang="en"><head><title>T</title></head><body><h1>Hi</h1><p>Text</p></body></html>'
)
BAD_PDF_HTML = "<html><head></head><body><h1>Hi</h1><p>Text</p></body></html>"

GOOD_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>A good page</title></head>
<body><main><h1>Hello</h1><p>Some text.</p></main></body>
</html>
"""
GOOD_XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head><title>A good XHTML page</title></head>
<body><main><h1>Hello</h1><p>Some text.</p></main></body>
</html>
"""
# No lang, an image without alt, light grey on white.
BAD_A11Y_HTML = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>A bad page</title></head>
<body><main><h1>Hello</h1><img src="pic.png">
<p style="color:#ccc;background:#fff">Low-contrast text.</p></main></body>
</html>
"""
# Fine in light mode, near-black on black in dark mode.
DARK_DEFECT_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Dark mode</title>
<style>
body { color: #000; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #111; background: #000; } }
</style></head>
<body><main><h1>Hello</h1><p>Some text.</p></main></body>
</html>
"""
# A block inside a paragraph, and a duplicate id.
INVALID_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Invalid</title></head>
<body><main><h1 id="x">Hello</h1><p id="x">A <div>block</div> here.</p></main></body>
</html>
"""

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def make_epub(
    path: Path,
    *,
    nav_in_manifest: bool = True,
    with_chapter: bool = True,
    image_without_alt: bool = False,
) -> Path:
    """A minimal EPUB 3: mimetype (stored, first), container.xml, package.opf, nav, a chapter."""
    container = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="EPUB/package.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles></container>\n'
    )
    nav_item = (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        if nav_in_manifest
        else ""
    )
    image_item = (
        '<item id="pic" href="pic.png" media-type="image/png"/>' if image_without_alt else ""
    )
    opf = f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:0b9e6a52-3f6e-4c1e-9a55-2d1f6c3e8a10</dc:identifier>
    <dc:title>A test book</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    {nav_item}
    <item id="ch1" href="ch1.xhtml" media-type="application/xhtml+xml"/>
    {image_item}
  </manifest>
  <spine><itemref idref="ch1"/></spine>
</package>
"""
    nav = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"
      lang="en" xml:lang="en">
<head><title>Contents</title></head>
<body><nav epub:type="toc" role="doc-toc" id="toc"><h1>Contents</h1>
<ol><li><a href="ch1.xhtml">Chapter 1</a></li></ol></nav></body>
</html>
"""
    image = '<img src="pic.png"/>' if image_without_alt else ""
    chapter = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head><title>Chapter 1</title></head>
<body><section><h1>Chapter 1</h1><p>Hello.</p>{image}</section></body>
</html>
"""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", container, zipfile.ZIP_DEFLATED)
        z.writestr("EPUB/package.opf", opf, zipfile.ZIP_DEFLATED)
        z.writestr("EPUB/nav.xhtml", nav, zipfile.ZIP_DEFLATED)
        if with_chapter:
            z.writestr("EPUB/ch1.xhtml", chapter, zipfile.ZIP_DEFLATED)
        if image_without_alt:
            z.writestr("EPUB/pic.png", PNG, zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import weasyprint

    folder = tmp_path_factory.mktemp("pdf")
    out = {"good": folder / "good.pdf", "bad": folder / "no-lang-no-title.pdf"}
    for name, html in (("good", GOOD_PDF_HTML), ("bad", BAD_PDF_HTML)):
        weasyprint.HTML(string=html, base_url=str(folder)).write_pdf(
            out[name], pdf_variant="pdf/ua-1"
        )
    out["junk"] = folder / "junk.pdf"
    out["junk"].write_bytes(b"this is not a PDF")
    return out


@pytest.fixture(scope="module")
def epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epub")
    return {
        "good": make_epub(folder / "good.epub"),
        "no_nav": make_epub(folder / "no-nav.epub", nav_in_manifest=False),
        "missing_file": make_epub(folder / "missing-file.epub", with_chapter=False),
        "img_no_alt": make_epub(folder / "img-no-alt.epub", image_without_alt=True),
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    files = {
        "good": ("good.html", GOOD_HTML),
        "good_xhtml": ("good.xhtml", GOOD_XHTML),
        "bad_a11y": ("bad-a11y.html", BAD_A11Y_HTML),
        "dark_defect": ("dark-defect.html", DARK_DEFECT_HTML),
        "invalid": ("invalid.html", INVALID_HTML),
    }
    out: dict[str, Path] = {}
    for key, (name, text) in files.items():
        out[key] = folder / name
        out[key].write_text(text, encoding="utf-8")
    (folder / "pic.png").write_bytes(PNG)
    return out


# --------------------------------------------------------------------------- PDF


def test_verapdf_passes_good_pdf_and_fails_missing_lang_and_title(pdfs: dict[str, Path]) -> None:
    batch = [pdfs["good"], pdfs["bad"], pdfs["junk"]]
    results = require(lambda: run_verapdf(batch, ("ua1",)))
    good, bad, junk = results
    assert [r.path for r in results] == batch
    assert {r.validator for r in results} == {"verapdf-ua1"}
    assert VERSION.match(good.version), good.version
    assert good.ok and good.errors == 0, good.messages
    assert not bad.ok and bad.errors >= 1
    assert all(m.rule.startswith("ISO 14289-1") for m in bad.messages), bad.messages
    # An unreadable file fails on its own; the rest of the batch is still checked.
    assert not junk.ok and junk.errors == 1


def test_verapdf_checks_several_flavours_in_one_run(pdfs: dict[str, Path]) -> None:
    results = require(lambda: run_verapdf([pdfs["good"]], ("ua1", "PDF/A-3b")))
    assert [r.validator for r in results] == ["verapdf-ua1", "verapdf-a3b"]
    assert results[0].ok
    # The PDF/UA-1 file is not PDF/A: the PDF/A-3b profile must notice.
    assert not results[1].ok


def same_location_types(result: ValidatorResult) -> ValidatorResult:
    return dataclasses.replace(
        result,
        messages=tuple(
            dataclasses.replace(
                m,
                location=m.location.replace("PDSemanticContentStream", "PDContentStream")
                if m.location
                else None,
            )
            for m in result.messages
        ),
    )


def test_verapdf_one_pass_gives_the_same_results_as_one_pass_per_flavour(
    pdfs: dict[str, Path],
) -> None:
    # Failures under both profiles (the PDF/UA-1 files are not PDF/A), an unreadable file,
    # and three flavours: parsing once and validating all flavours together changes nothing.
    batch = [pdfs["good"], pdfs["bad"], pdfs["junk"]]
    flavours = ("ua1", "3a", "2b")
    together = require(lambda: run_verapdf(batch, flavours))
    apart = require(lambda: run_verapdf(batch, flavours, one_pass=False))
    # The same rules fail with the same counts and at the same objects; only the model type
    # in a location may differ, as a content stream parsed with PDF/UA among the flavours is
    # the tagged-content subtype of the PDF/A one.
    assert [same_location_types(r) for r in together] == [same_location_types(r) for r in apart]
    assert [r.validator for r in together[:3]] == ["verapdf-ua1", "verapdf-a3a", "verapdf-a2b"]
    assert sum(r.errors for r in together) >= 6


def test_page_validation_passes_good_pdf_and_fails_missing_lang_and_title(
    pdfs: dict[str, Path],
) -> None:
    good, bad, junk = require(
        lambda: run_page_validation([pdfs["good"], pdfs["bad"], pdfs["junk"]], profile="ua1")
    )
    assert good.validator == "page-validation-ua1"
    assert VERSION.match(good.version), good.version
    assert good.ok and good.errors == 0, good.messages
    assert not bad.ok and bad.errors >= 1
    assert not junk.ok


# --------------------------------------------------------------------------- EPUB


def test_epubcheck_passes_good_epub_and_fails_broken_ones(epubs: dict[str, Path]) -> None:
    batch = [epubs["good"], epubs["no_nav"], epubs["missing_file"]]
    good, no_nav, missing = require(lambda: run_epubcheck(batch))
    assert good.validator == "epubcheck"
    assert VERSION.match(good.version), good.version
    assert good.ok and good.errors == 0, good.messages
    assert not no_nav.ok and no_nav.errors > 0
    assert not missing.ok and missing.errors > 0
    assert "RSC-001" in rules(missing), missing.messages


def test_ace_reports_on_epubs_and_flags_image_without_alt(
    epubs: dict[str, Path], tmp_path: Path
) -> None:
    reports = tmp_path / "ace"
    good, img = require(lambda: run_ace([epubs["good"], epubs["img_no_alt"]], report_dir=reports))
    assert good.validator == "ace"
    assert VERSION.match(good.version), good.version
    # The good EPUB has no accessibility metadata, so Ace may flag it: assert only that it ran.
    assert good.report is not None and good.report.is_file()
    assert img.report is not None and img.report.is_file()
    assert good.report != img.report
    assert not img.ok and img.errors >= 1
    assert "image-alt" in rules(img), img.messages
    assert "image-alt" not in rules(good)


def _ace_findings(report: Path) -> object:
    """A report's assertions and extracted data, without what changes from run to run (the
    date, the temporary folder the book was unpacked in)."""
    text = report.read_text(encoding="utf-8")
    text = re.sub(r'"dct:date": "[^"]*"', '"dct:date": ""', text)
    text = re.sub(r'/tmp/[^"]*?/(EPUB|OEBPS)/', r"TMP/\1/", text)
    data = json.loads(text)
    return {
        key: data.get(key)
        for key in ("assertions", "data", "properties", "outlines", "a11y-metadata", "earl:result")
    }


def test_ace_batch_reports_as_the_runner_does(
    epubs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ace-batch.js reuses tabs, gives each tab Ace's scripts once and compiles the HTML
    report's template once; Ace's own way (a new tab per document, scripts added after
    each load, the template compiled per book) must report the same, in both reports."""
    batch = [epubs["img_no_alt"], epubs["good"], epubs["img_no_alt"]]
    ours = require(lambda: run_ace(batch, report_dir=tmp_path / "ours"))
    monkeypatch.setenv("ACE_BATCH_NEW_TABS", "1")
    monkeypatch.setenv("ACE_BATCH_COMPILE_EACH", "1")
    runners = require(lambda: run_ace(batch, report_dir=tmp_path / "runner"))
    for mine, theirs in zip(ours, runners, strict=True):
        assert mine.messages == theirs.messages
        assert mine.report is not None and theirs.report is not None
        assert _ace_findings(mine.report) == _ace_findings(theirs.report)
        assert _ace_page(mine.report) == _ace_page(theirs.report)
    assert "image-alt" in rules(ours[0])
    assert "image-alt" not in rules(ours[1])


def _ace_page(report: Path) -> str:
    """The HTML report next to ``report`` without its time of generation."""
    text = (report.parent / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"Generated by DAISY Ace \(([^)]*)\) on [^<]*<", r"Generated by \1<", text)
    return re.sub(r"/tmp/[^\"<]*?/(EPUB|OEBPS)/", r"TMP/\1/", text)


# --------------------------------------------------------------------------- HTML


def test_axe_passes_good_page_and_fails_planted_defects(pages: dict[str, Path]) -> None:
    batch = [pages["good"], pages["good_xhtml"], pages["bad_a11y"], pages["dark_defect"]]
    good, good_xhtml, bad, dark_in_light = require(lambda: run_axe(batch))
    assert good.validator == "axe"
    assert VERSION.match(good.version), good.version
    assert good.ok and good.errors == 0, good.messages
    assert good_xhtml.ok and good_xhtml.errors == 0, good_xhtml.messages
    assert not bad.ok and bad.errors > 0
    assert {"html-has-lang", "image-alt", "color-contrast"} <= rules(bad), bad.messages
    assert dark_in_light.ok, dark_in_light.messages


def test_axe_dark_color_scheme(pages: dict[str, Path]) -> None:
    good, dark = require(
        lambda: run_axe([pages["good"], pages["dark_defect"]], color_scheme="dark")
    )
    assert good.ok, good.messages
    assert not dark.ok
    assert "color-contrast" in rules(dark), dark.messages


def test_axe_checks_further_schemes_on_the_loaded_page(pages: dict[str, Path]) -> None:
    batch = [pages["good"], pages["dark_defect"]]
    results = require(lambda: run_axe(batch, also=("dark",)))
    assert [(r.path, r.validator) for r in results] == [
        (pages["good"], "axe"),
        (pages["good"], "axe-dark"),
        (pages["dark_defect"], "axe"),
        (pages["dark_defect"], "axe-dark"),
    ]
    good_light, good_dark, defect_light, defect_dark = results
    assert good_light.ok and good_dark.ok, (good_light.messages, good_dark.messages)
    assert defect_light.ok, defect_light.messages
    assert not defect_dark.ok and "color-contrast" in rules(defect_dark)
    # The same verdict as a page loaded in the dark scheme from the start.
    (loaded_dark,) = run_axe([pages["dark_defect"]], color_scheme="dark")
    assert defect_dark.messages == loaded_dark.messages


# Python's parser reads the comment to the "-->"; the browser closes it at "<!-->" and runs
# the script. publish.checks must find that out in the browser and not write the next page
# into this one.
SNEAKY_HTML = GOOD_HTML.replace("<main>", "<!--><script>window.leak = 1</script>--><main>")


def written_pages(
    monkeypatch: pytest.MonkeyPatch, texts: dict[str, Path], *, works: bool = True
) -> list[Path]:
    """The pages run_axe writes into an earlier page's document from now on (each write is
    real unless ``works`` is false: then each fails, as a page that never loads would)."""
    written: list[Path] = []
    write = checks._write_document

    def recorded(tab: object, text: str, ms: float = 30_000.0) -> bool:
        written.append(texts[text])
        return write(tab, text, ms) if works else False  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "_write_document", recorded)
    return written


def test_axe_gives_a_written_page_the_verdict_of_a_loaded_one(
    pages: dict[str, Path], built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages written into the previous page's document (run_axe's default) get exactly the
    results they get when each is navigated to: every built page (the speeches and the
    site, in several folders) and the planted defects, each after a page without them."""
    site = sorted(built.rglob("*.html"))
    planted = [pages["good"], pages["bad_a11y"], pages["good"], pages["dark_defect"]]
    batch = [*planted, pages["good"], pages["good_xhtml"], pages["bad_a11y"], *site]
    texts = {p.read_text(encoding="utf-8"): p for p in batch}
    written = written_pages(monkeypatch, texts)
    reused = require(lambda: run_axe(batch, also=("dark",)))
    assert set(planted[1:]) <= set(written), written
    assert len(set(written) & set(site)) > len(site) // 2, written
    count = len(written)
    loaded = run_axe(batch, also=("dark",), reuse=False)
    assert len(written) == count  # none written when reuse is off
    assert reused == loaded
    assert {"html-has-lang", "image-alt", "color-contrast"} <= rules(reused[2])  # bad, light
    assert "color-contrast" in rules(reused[7])  # the dark defect, in the dark scheme


def test_axe_navigates_after_a_page_that_ran_a_script_and_when_writing_fails(
    pages: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sneaky = pages["good"].parent / "sneaky.html"
    sneaky.write_text(SNEAKY_HTML, encoding="utf-8")
    batch = [pages["good"], sneaky, pages["bad_a11y"], pages["good"]]
    texts = {p.read_text(encoding="utf-8"): p for p in batch}
    written = written_pages(monkeypatch, texts)
    reused = require(lambda: run_axe(batch))
    # The script ran (its page was written, the parser let it through), so the page after
    # it was navigated to; the one after that was written again.
    assert written == [sneaky, pages["good"]], written
    assert reused == run_axe(batch, reuse=False)
    failing = written_pages(monkeypatch, texts, works=False)
    assert run_axe(batch) == reused  # each failed write falls back to navigating
    assert failing == [sneaky, pages["good"]], failing


def test_vnu_passes_valid_html_and_xhtml_and_fails_invalid(pages: dict[str, Path]) -> None:
    batch = [pages["good"], pages["good_xhtml"], pages["invalid"]]
    good, good_xhtml, invalid = require(lambda: run_vnu(batch))
    assert good.validator == "vnu"
    assert VERSION.match(good.version), good.version
    assert good.ok and good.errors == 0, good.messages
    assert good_xhtml.ok and good_xhtml.errors == 0, good_xhtml.messages
    assert not invalid.ok and invalid.errors >= 2, invalid.messages
    assert any("Duplicate ID" in m.message for m in invalid.messages), invalid.messages
