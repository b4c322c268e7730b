"""Every reader variant, pinned: one fixture file per case, named after the case.

Each input in ``tests/fixtures/readers/`` has a ``<case>.expected.yaml`` beside it with
the fields a careful reader takes from it. Every metadata field is compared (a field the
expected file leaves out must come back empty), and so are the diagnostics' codes, the
chrome language, the encoding and what the body must (not) contain.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from publish.model import FIELDS
from publish.pipeline import read_source
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "readers"
SUFFIX = ".expected.yaml"
CASES = sorted(p for p in FIXTURES.iterdir() if p.is_file() and not p.name.endswith(SUFFIX))


def expected_for(path: Path) -> dict[str, object]:
    data = yaml.safe_load((path.parent / (path.stem + SUFFIX)).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_reader_fixtures_cover_enough_cases_in_every_language() -> None:
    assert len(CASES) >= 60
    languages = Counter(p.name.split("-")[0] for p in CASES)
    assert {"en", "nb", "nn"} <= set(languages), languages
    assert all(count >= 10 for lang, count in languages.items() if lang in ("en", "nb", "nn"))
    for path in CASES:
        assert (path.parent / (path.stem + SUFFIX)).is_file(), path


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_reader_fixture_fields(path: Path) -> None:
    expected = expected_for(path)
    speech, problems = read_source(path)
    assert speech is not None, [str(p) for p in problems]
    actual = speech.metadata.as_json()
    wrong = {
        name: (actual[name], expected.get(name))
        for name in FIELDS
        if actual[name] != expected.get(name)
    }
    assert not wrong, f"(actual, expected) per field: {wrong}"
    assert sorted(d.code for d in problems) == sorted(
        expected.get("diagnostics", [])  # type: ignore[arg-type]
    ), [str(d) for d in problems]
    if "chrome_lang" in expected:
        assert speech.chrome_lang == expected["chrome_lang"]
    if "encoding" in expected:
        assert speech.source.encoding == expected["encoding"]
    if "reader" in expected:
        assert speech.reader == expected["reader"]
    if "origin_sha256" in expected:
        assert speech.origin_sha256 == expected["origin_sha256"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_reader_fixture_body(path: Path) -> None:
    expected = expected_for(path)
    speech, problems = read_source(path)
    assert speech is not None, [str(p) for p in problems]
    body = speech.body
    if "body_starts" in expected:
        assert body.startswith(str(expected["body_starts"])), body[:200]
    if "body_ends" in expected:
        assert body.rstrip().endswith(str(expected["body_ends"])), body[-200:]
    for text in expected.get("body_contains", []):  # type: ignore[attr-defined]
        assert text in body, text
    for text in expected.get("body_excludes", []):  # type: ignore[attr-defined]
        assert text not in body, text
    for text in expected.get("markdown_contains", []):  # type: ignore[attr-defined]
        assert text in body, (text, body)
    for text in expected.get("markdown_excludes", []):  # type: ignore[attr-defined]
        assert text not in body, (text, body)
    lead = speech.metadata.lead
    if lead:
        assert not body.startswith(lead), "the lead is repeated as the body's first paragraph"
