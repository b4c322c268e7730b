"""Dates as archives print them, in English, bokmål and nynorsk.

A date is found in running text, kept exactly as printed (``text``) and, where the
printed text determines it, resolved to a calendar date. A date without a year is never
completed by guessing; a range keeps its first day as the date and its whole text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "januar"),
        ("february", "feb", "februar"),
        ("march", "mar", "mars"),
        ("april", "apr"),
        ("may", "mai"),
        ("june", "jun", "juni"),
        ("july", "jul", "juli"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct", "oktober", "okt"),
        ("november", "nov"),
        ("december", "dec", "desember", "des"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|"
    "måndag|tysdag|laurdag|sundag"
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DASH = r"\s*[-–—]\s*"

#: Day first: "19 October 2005", "10. oktober 1996", "Monday 10 January 2005",
#: "19 - 20 October", "19. og 20. oktober 2009".
_DAY_FIRST = re.compile(
    rf"(?:(?:{WEEKDAYS}),?\s+(?:den\s+)?)?"
    rf"(?P<d1>\d{{1,2}})\.?(?:(?:{_DASH}|\s+(?:og|and|to|til)\s+)(?P<d2>\d{{1,2}})\.?)?"
    rf"\s+(?P<month>{_MONTH})\.?(?![a-zæøå])"
    rf"(?:,?\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
#: Month first: "October 2 2014", "October 2, 2014".
_MONTH_FIRST = re.compile(
    rf"(?:(?:{WEEKDAYS}),?\s+)?(?P<month>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})"
    rf"(?:{_DASH}(?P<d2>\d{{1,2}}))?(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
#: Numeric: "17.10.05", "09.02.2006", "3.7.2026".
_NUMERIC = re.compile(r"(?<![\d.])(?P<d1>\d{1,2})\.(?P<m>\d{1,2})\.(?P<year>\d{4}|\d{2})(?![\d])")
#: ISO: "2005-10-19".
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<m>\d{2})-(?P<d1>\d{2})(?!\d)")


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: what was printed, where, and what it means when known."""

    text: str
    start: int
    end: int
    date: dt.date | None
    year: int | None
    month: int | None
    day: int | None
    is_range: bool = False


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _make(day: int | None, month: int | None, year: int | None) -> dt.date | None:
    if day is None or month is None or year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every date printed in ``text``, in order, without overlaps."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST, _NUMERIC):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            groups = m.groupdict()
            day = int(groups["d1"])
            if "month" in groups and groups.get("month"):
                month: int | None = MONTHS[groups["month"].lower().rstrip(".")]
            else:
                month = int(groups["m"])
            if month is None or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            year = _full_year(groups["year"]) if groups.get("year") else None
            is_range = bool(groups.get("d2"))
            found.append(
                DateMatch(
                    text=m.group(0),
                    start=m.start(),
                    end=m.end(),
                    date=_make(day, month, year),
                    year=year,
                    month=month,
                    day=day,
                    is_range=is_range,
                )
            )
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str) -> DateMatch | None:
    """The date that ``text`` consists of (surrounding punctuation aside), or None."""
    stripped = text.strip().strip("().,;")
    for match in find_dates(stripped):
        if match.start == 0 and match.end == len(stripped):
            return match
    return None


MONTH_NAMES = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "nb": [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    "nn": [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
}


def format_date(value: dt.date, lang: str) -> str:
    """A date as a reader of ``lang`` expects to see it printed."""
    if lang in ("nb", "nn"):
        return f"{value.day}. {MONTH_NAMES[lang][value.month - 1]} {value.year}"
    return f"{value.day} {MONTH_NAMES['en'][value.month - 1]} {value.year}"
