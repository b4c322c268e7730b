"""The real validators over every file built from sources/: the bar each format must meet."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.checks import (
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


def report(results: list[ValidatorResult]) -> str:
    lines = []
    for r in results:
        for m in r.messages:
            if m.severity in ("fatal", "error", "warning"):
                lines.append(f"{r.path.name} [{r.validator}] {m.severity} {m.rule}: {m.message}")
    return "\n".join(lines)


def files(built: Path, fmt: str, suffix: str) -> list[Path]:
    # Single speeches, site pages and the bound collections (in collections/).
    found = sorted((built / fmt).rglob(f"*{suffix}"))
    assert found, f"nothing built in {built / fmt}"
    return found


def test_every_pdf_passes_pdf_ua_1_and_pdf_a_3a_in_verapdf(built: Path) -> None:
    pdfs = files(built, "pdf", ".pdf")
    results = require(lambda: run_verapdf(pdfs, flavours=("ua1", "3a")))
    assert len(results) == 2 * len(pdfs)
    assert {r.validator for r in results} == {"verapdf-ua1", "verapdf-a3a"}
    assert all(r.ok and r.errors == 0 for r in results), report(results)


@pytest.mark.parametrize("profile", ["ua1", "3a"])
def test_page_validation_agrees(built: Path, profile: str) -> None:
    pdfs = files(built, "pdf", ".pdf")
    results = require(lambda: run_page_validation(pdfs, profile=profile))
    assert len(results) == len(pdfs)
    assert all(r.ok for r in results), report(results)


def test_every_epub_has_no_epubcheck_errors_or_warnings(built: Path) -> None:
    epubs = files(built, "epub", ".epub")
    results = require(lambda: run_epubcheck(epubs))
    assert len(results) == len(epubs)
    assert all(r.errors == 0 and r.warnings == 0 for r in results), report(results)


def test_every_epub_has_no_ace_violations(built: Path, tmp_path: Path) -> None:
    epubs = files(built, "epub", ".epub")
    results = require(lambda: run_ace(epubs, report_dir=tmp_path))
    assert len(results) == len(epubs)
    assert all(r.errors == 0 for r in results), report(results)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_html_page_has_no_axe_violations(built: Path, scheme: str) -> None:
    pages = files(built, "html", ".html")
    results = require(lambda: run_axe(pages, color_scheme=scheme))
    assert len(results) == len(pages)
    assert all(r.errors == 0 for r in results), report(results)


def test_every_html_page_is_valid_in_the_nu_checker(built: Path) -> None:
    pages = files(built, "html", ".html")
    results = require(lambda: run_vnu(pages))
    assert len(results) == len(pages)
    assert all(r.errors == 0 for r in results), report(results)
