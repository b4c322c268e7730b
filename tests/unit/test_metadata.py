"""The one normalisation table: labels, field parsers and the checks across fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.metadata import LABELS, field_for_label, normalise
from publish.model import RawDocument, RawField
from publish.readers import source_from_bytes

SOURCE = source_from_bytes(b"x", Path("x.md"))


def raw(**fields: object) -> RawDocument:
    return RawDocument("test", {k: RawField(v, 2) for k, v in fields.items()}, "Body text.\n")


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Published under:", "government"),
        ("Publisert under", "government"),
        ("Publisher", "publisher"),
        ("Utgiver:", "publisher"),
        ("Utgjevar", "publisher"),
        ("Dato:", "date"),
        ("Date", "date"),
    ],
)
def test_labels_in_every_language_give_their_field(label: str, field: str) -> None:
    assert field_for_label(label) == field


def test_every_label_gives_a_known_field() -> None:
    from publish.model import FIELDS

    assert set(LABELS.values()) <= set(FIELDS)


@pytest.mark.parametrize(
    ("value", "lang"),
    [("nb-NO", "nb"), ("nno", "nn"), ("English", "en"), ("ar", "ar"), ("se", "se"), ("fkv", "fkv")],
)
def test_language_tags(value: str, lang: str) -> None:
    metadata, problems = normalise(raw(title="T", lang=value), SOURCE)
    if lang == "fkv":
        assert metadata is None and problems[0].code == "M005"
        return
    assert metadata is not None, problems
    assert metadata.lang == lang


def test_machine_dates_do_not_become_printed_dates() -> None:
    metadata, _ = normalise(raw(title="T", date="2016-05-18T12:30:00+00:00"), SOURCE)
    assert metadata is not None
    assert metadata.date is not None and metadata.date.isoformat() == "2016-05-18"
    assert metadata.date_text is None


def test_printed_date_gives_the_date_and_stays() -> None:
    metadata, _ = normalise(raw(title="T", date="14. oktober 2010"), SOURCE)
    assert metadata is not None
    assert metadata.date is not None and metadata.date.isoformat() == "2010-10-14"
    assert metadata.date_text == "14. oktober 2010"


def test_a_partial_date_is_kept_as_printed_only() -> None:
    metadata, problems = normalise(raw(title="T", date_text="19 - 20 October"), SOURCE)
    assert metadata is not None and metadata.date is None and not problems
    assert metadata.date_text == "19 - 20 October"


def test_government_outside_its_period_is_a_warning_not_a_fix() -> None:
    metadata, problems = normalise(
        raw(title="T", government="Regjeringen Solberg", date="2005-03-14"), SOURCE
    )
    assert metadata is not None
    assert metadata.government == "Regjeringen Solberg"
    assert [(p.code, p.severity.value, p.line) for p in problems] == [("M007", "warning", 2)]


def test_notes_in_capitals_read_as_sentences() -> None:
    metadata, _ = normalise(
        raw(title="T", translation_note="TRANSLATION", delivery_note="CHECK AGAINST DELIVERY"),
        SOURCE,
    )
    assert metadata is not None
    assert metadata.translation_note == "Translation"
    assert metadata.delivery_note == "Check against delivery"


def test_every_problem_is_reported_at_once() -> None:
    metadata, problems = normalise(
        raw(title=["a", "list"], date="someday", lang="x", source_url="ftp://x"), SOURCE
    )
    assert metadata is None
    assert sorted(p.code for p in problems) == ["M001", "M003", "M003", "M004", "M005"]


def test_language_falls_back_to_the_chrome_language_for_a_short_body() -> None:
    doc = RawDocument("test", {"title": RawField("Tale")}, "Takk.\n", chrome_lang="nn")
    metadata, _ = normalise(doc, SOURCE)
    assert metadata is not None and metadata.lang == "nn"
