"""The check cache: a validator judges each file's bytes once; a change is judged again."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.checks import ValidatorResult
from publish.verify import check_outputs
from tests.conftest import require
from tests.integration.test_check import copy_outputs

pytestmark = pytest.mark.validators

JOBS = (
    "veraPDF",
    "page-validation-ua1",
    "page-validation-3a",
    "EPUBCheck",
    "DAISY Ace",
    "axe-core",
    "Nu HTML checker",
)


def said(results: list[ValidatorResult]) -> list[tuple[object, ...]]:
    return [(r.validator, r.version, r.path, r.errors, r.warnings, r.messages) for r in results]


def test_unchanged_bytes_are_not_validated_again_and_changed_ones_are(
    built: Path, tmp_path: Path
) -> None:
    outputs = copy_outputs(built, tmp_path, ("pdf", "epub", "html"))
    files = list(outputs.values())
    cache = tmp_path / "check-cache.json"
    reports = tmp_path / "ace"
    first = require(lambda: check_outputs(files, report_dir=reports, cache=cache))
    assert first.ok(), first.table()
    assert first.reused == dict.fromkeys(JOBS, 0)

    again = check_outputs(files, report_dir=reports, cache=cache)
    assert again.reused == dict.fromkeys(JOBS, 1)
    assert said(again.results) == said(first.results)
    kept = [r.report for r in again.results if r.validator == "ace"]
    assert kept == [r.report for r in first.results if r.validator == "ace"]
    assert all(report is not None and report.is_file() for report in kept)

    # A page that lost its lang is judged again by the HTML validators, and fails.
    page = outputs["html"]
    page.write_bytes(page.read_bytes().replace(b'<html lang="nb">', b"<html>", 1))
    changed = check_outputs(files, report_dir=reports, cache=cache)
    assert changed.reused == {**dict.fromkeys(JOBS, 1), "axe-core": 0, "Nu HTML checker": 0}
    axe = next(r for r in changed.results if r.validator == "axe")
    assert "html-has-lang" in {m.rule for m in axe.messages}
    assert not changed.ok()

    # Ace's report is part of its verdict: once it is gone, Ace runs again.
    assert kept[0] is not None
    kept[0].unlink()
    rerun = check_outputs(files, report_dir=reports, cache=cache)
    assert rerun.reused["DAISY Ace"] == 0
    assert rerun.reused["veraPDF"] == 1

    # Without the cache every validator runs.
    fresh = check_outputs(files, report_dir=reports)
    assert fresh.reused == dict.fromkeys(JOBS, 0)
    assert said(fresh.results) == said(changed.results)


def test_a_validator_gone_missing_is_reported_not_passed_from_the_cache(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = copy_outputs(built, tmp_path, ("pdf",))["pdf"]
    cache = tmp_path / "check-cache.json"
    first = require(lambda: check_outputs([pdf], cache=cache))
    assert first.ok() and "verapdf-ua1" in first.validators()
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    second = check_outputs([pdf], cache=cache)
    assert any(m.startswith("veraPDF:") and "java" in m for m in second.missing), second.missing
    assert "verapdf-ua1" not in second.validators()
    assert not second.ok()
