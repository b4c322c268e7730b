"""The occasion/place/date line of a scrape, split into its fields."""

from __future__ import annotations

import pytest

from publish.readers.regjeringen_text import occasion_fields, split_occasion_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "EU Ministerial Conference: “Towards EU Action”. The Third EU Day. "
            "Brussels, 19 - 20 October.",
            {
                "occasion": "EU Ministerial Conference: “Towards EU Action”. The Third EU Day",
                "place": "Brussels",
                "date_text": "19 - 20 October",
            },
        ),
        ("The Storting 19 October 2005", {"place": "The Storting", "date_text": "19 October 2005"}),
        (
            "Akershus Castle, Oslo, 26 April 2004",
            {"place": "Akershus Castle, Oslo", "date_text": "26 April 2004"},
        ),
        (
            "Nordic Energy Conference, Oslo, 3 May 2005",
            {"occasion": "Nordic Energy Conference", "place": "Oslo", "date_text": "3 May 2005"},
        ),
        (
            "Church House Conference Centre, London, 2 February 2016",
            {"place": "Church House Conference Centre, London", "date_text": "2 February 2016"},
        ),
        (
            "Innledning for representantskapet i OBOS, 2. februar 1998",
            {
                "occasion": "Innledning for representantskapet i OBOS",
                "date_text": "2. februar 1998",
            },
        ),
        ("8 February 2006", {"date_text": "8 February 2006"}),
        (
            "Stortinget, 9. oktober 1997.",
            {"place": "Stortinget", "date_text": "9. oktober 1997"},
        ),
    ],
)
def test_split_occasion_line(line: str, expected: dict[str, str]) -> None:
    assert split_occasion_line(line) == expected
    assert occasion_fields(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The Minister of Health gave this statement in his address to the Storting 27 May 2018.",
        "(10 January 2005) The Minister spoke about reform of the United Nations.",
        "Ladies and gentlemen,",
        "On 3 May 2005 we met in Oslo to talk about energy, and we agreed on a great many things.",
    ],
)
def test_sentences_with_dates_are_not_occasion_lines(line: str) -> None:
    assert occasion_fields(line) is None
