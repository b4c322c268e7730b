from __future__ import annotations

import datetime as dt

import pytest

from publish.dates import find_dates, format_date, parse_date, parse_timestamp


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


@pytest.mark.parametrize(
    ("text", "iso", "printed"),
    [
        ("the 2nd of October 2014", "2014-10-02", "the 2nd of October 2014"),
        ("October 2nd, 2014", "2014-10-02", "October 2nd, 2014"),
        ("10 Jan. 2005", "2005-01-10", "10 Jan. 2005"),
        ("måndag den 10. januar 2005", "2005-01-10", "måndag den 10. januar 2005"),
        ("10/01/2005", "2005-01-10", "10/01/2005"),
        ("19. og 20. oktober 2009", "2009-10-19", "19. og 20. oktober 2009"),
        ("30 September - 2 October 2005", "2005-09-30", "30 September - 2 October 2005"),
        ("Stortinget, 9. oktober 1997.", "1997-10-09", "9. oktober 1997"),
    ],
)
def test_find_dates_more_shapes(text: str, iso: str, printed: str) -> None:
    (match,) = find_dates(text)
    assert match.date is not None and match.date.isoformat() == iso
    assert match.text == printed


def test_a_range_knows_its_last_day() -> None:
    (match,) = find_dates("30 September - 2 October 2005")
    assert match.is_range
    assert match.until == dt.date(2005, 10, 2)
    (december,) = find_dates("30 December - 2 January 2006")
    assert december.date == dt.date(2005, 12, 30)


def test_month_and_year_are_a_partial_date() -> None:
    (match,) = find_dates("published in oktober 2014")
    assert (match.year, match.month, match.day, match.date) == (2014, 10, None, None)
    assert match.is_partial


def test_timestamps_give_the_day_where_it_was_said() -> None:
    assert parse_timestamp("2012-05-22T01:00:00+01:00") == dt.date(2012, 5, 22)
    assert parse_timestamp("2016-05-18T23:30:00-05:00") == dt.date(2016, 5, 18)
    assert parse_timestamp("2018-05-15T11:29:10Z") == dt.date(2018, 5, 15)
    assert parse_timestamp("19 October 2005") is None


def test_numbers_that_are_not_dates() -> None:
    assert find_dates("det 142. Storting og 3.5 prosent") == []
    assert find_dates("versjon 1.2.3 og 12.13.2005") == []
