"""Shared fixtures: the project's folders and a build of the bundled sources."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SHARED = ROOT.parent / "shared"
REFERENCE = SOURCES / "regjeringen-speech-third-eu-anti-trafficking-day.txt"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

T = TypeVar("T")


def in_ci() -> bool:
    """``CI=true`` (also "1", "yes"): every validator must run, none may be skipped."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(run: Callable[[], T]) -> T:
    """Run a validator; if it is not installed, skip (locally) or fail (in CI)."""
    from publish.checks import ValidatorMissing

    try:
        return run()
    except ValidatorMissing as exc:
        if in_ci():
            pytest.fail(f"validator missing in CI: {exc}")
        pytest.skip(f"validator missing: {exc}")


@pytest.fixture(scope="session")
def source_date_epoch() -> int:
    return 1_700_000_000


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, source_date_epoch: int) -> Path:
    """Every bundled source built into all three formats, once per test session."""
    from publish.config import load_settings
    from publish.pipeline import build

    out = tmp_path_factory.mktemp("output")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    try:
        report = build(load_settings(project=ROOT, output=out), [SOURCES])
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert report.ok, [str(d) for d in report.diagnostics]
    assert not [d for d in report.diagnostics if d.severity.value != "info"], [
        str(d) for d in report.diagnostics
    ]
    return out
