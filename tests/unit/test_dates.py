from __future__ import annotations

import datetime as dt

import pytest

from publish.dates import find_dates, format_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "year"),
    [
        ("19 October 2005", "2005-10-19", 2005),
        ("10. oktober 1996", "1996-10-10", 1996),
        ("Monday 10 January 2005", "2005-01-10", 2005),
        ("October 2 2014", "2014-10-02", 2014),
        ("October 2, 2014", "2014-10-02", 2014),
        ("17.10.05", "2005-10-17", 2005),
        ("09.02.2006", "2006-02-09", 2006),
        ("2005-10-19", "2005-10-19", 2005),
        ("19 - 20 October", None, None),
        ("19–20 October 2005", "2005-10-19", 2005),
        ("3. juni 2025", "2025-06-03", 2025),
        ("laurdag 4. mai 2024", "2024-05-04", 2024),
    ],
)
def test_parse_date_shapes(text: str, iso: str | None, year: int | None) -> None:
    match = parse_date(text)
    assert match is not None
    assert (match.date.isoformat() if match.date else None) == iso
    assert match.year == year


def test_range_without_year_keeps_text_and_no_date() -> None:
    (match,) = find_dates("Brussels, 19 - 20 October.")
    assert match.is_range
    assert match.date is None
    assert match.text.startswith("19 - 20 October")


def test_words_that_look_like_months_are_not_dates() -> None:
    assert find_dates("We may see 3 marshals and 2 decembrists") == []


def test_format_date_by_language() -> None:
    day = dt.date(2010, 10, 14)
    assert format_date(day, "en") == "14 October 2010"
    assert format_date(day, "nb") == "14. oktober 2010"
    assert format_date(day, "nn") == "14. oktober 2010"
