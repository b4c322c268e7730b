"""`publish check --strict` over everything built from sources/ and the example collections:
every validator actually runs, the report names each with its version, nothing fails."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, in_ci

pytestmark = pytest.mark.validators

VALIDATORS = {
    "verapdf-ua1",
    "verapdf-a3a",
    "page-validation-ua1",
    "page-validation-a3a",
    "epubcheck",
    "ace",
    "axe",
    "axe-dark",
    "vnu",
}


def test_publish_check_strict_passes_on_the_bundled_build(built: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "check.json"
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "publish"),
            "check",
            str(built),
            "--strict",
            "--report",
            str(report_path),
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode == 5 and not in_ci():
        pytest.skip(f"a validator is missing: {result.stderr}")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["ok"] and report["strict"]
    assert set(report["validators"]) == VALIDATORS
    assert all(report["validators"][name] for name in VALIDATORS)
    assert report["missing_validators"] == []
    # Wall-clock seconds per validator run (and our own checks, and the whole check).
    assert {"veraPDF", "EPUBCheck", "DAISY Ace", "axe-core", "Nu HTML checker"} <= set(
        report["timings"]
    )
    assert report["timings"]["total"] >= max(
        v for k, v in report["timings"].items() if k != "total"
    )
    checked = {Path(f).name for f in report["files"]}
    assert "stoltenberg-ii.pdf" in checked and "archive-sampler.epub" in checked
    assert "validators: " in result.stdout


def test_publish_check_fails_on_a_broken_file(built: Path, tmp_path: Path) -> None:
    page = tmp_path / "html" / "broken.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><img src=a.png></body></html>",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "publish"),
            "check",
            str(page),
            "--report",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode == 5 and not in_ci():
        pytest.skip(f"a validator is missing: {result.stderr}")
    assert result.returncode == 1
    assert "FAIL" in result.stdout
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    rules = {m["rule"] for r in report["results"] for m in r["messages"]}
    assert {"html-has-lang", "image-alt"} <= rules


def test_build_check_certifies_epubs_and_keeps_the_pages_sizes_true(tmp_path: Path) -> None:
    """`build --check`: each speech's EPUB links its check report, the web page states
    the certified EPUB's size, and the next build has nothing to do."""
    import os
    import re
    import zipfile

    publish = str(ROOT / ".venv" / "bin" / "publish")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(
        [publish, "new", "speech", "Certified", "--lang", "nb"], cwd=tmp_path, env=env, check=True
    )
    done = subprocess.run(
        [publish, "build", "--check", "--strict", "--format", "epub,html", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode == 5 and not in_ci():
        pytest.skip(f"a validator is missing: {done.stderr}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 EPUB(s) certified (a11y:certifierReport)" in done.stdout
    epub = tmp_path / "output" / "epub" / "certified.epub"
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read("EPUB/package.opf").decode()
    assert 'rel="a11y:certifierReport"' in opf
    page = (tmp_path / "output" / "html" / "certified.html").read_text(encoding="utf-8")
    sizes = re.findall(r'"contentSize": "(\d+) B"', page)
    assert str(epub.stat().st_size) in sizes, "the page states the certified EPUB's size"
    again = subprocess.run(
        [publish, "build", "--format", "epub,html"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0 file(s) written" in again.stdout
    # A check run again over the same folder judges the outputs, not the pages of Ace's
    # reports that the first check left in output/reports/ace/.
    assert list((tmp_path / "output" / "reports" / "ace").rglob("*.html"))
    recheck = subprocess.run(
        [publish, "check", "--strict", "-q"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert recheck.returncode == 0, recheck.stdout + recheck.stderr
    files = json.loads((tmp_path / "output" / "reports" / "check.json").read_text("utf-8"))
    checked = {Path(f).relative_to(tmp_path / "output").parts[0] for f in files["files"]}
    assert checked == {"epub", "html"}
