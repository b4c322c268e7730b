"""Dates as archives print them, in English, bokmål and nynorsk.

A date is found in running text, kept exactly as printed (``text``) and, where the
printed text determines it, resolved to a calendar date. A date without a year is never
completed by guessing; a range keeps its first day as the date and its whole text. A
month and year without a day (``oktober 2014``) is a partial date: its year and month
are known, its date is not.

Shapes read (each also with a weekday in front, and with abbreviated month names):

- day first: ``19 October 2005``, ``10. oktober 1996``, ``the 2nd of October 2014``,
  ``Monday 10 January 2005``, ``måndag den 10. januar 2005``;
- month first: ``October 2 2014``, ``October 2, 2014``, ``October 2nd, 2014``;
- ranges: ``19 - 20 October``, ``19.–20. oktober 2009``, ``19. og 20. oktober 2009``,
  ``30 September - 2 October 2005``;
- numeric, day first: ``17.10.05``, ``09.02.2006``, ``10/01/2005``;
- ISO: ``2005-10-19`` (also the date part of ``2005-10-19T10:00:00+01:00``);
- partial: ``October 2014``, ``oktober 2014``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {}
#: Abbreviations: a full stop after one of these belongs to the date.
ABBREVIATIONS: set[str] = set()
for _number, _names in enumerate(
    (
        ("january", "januar", "jan"),
        ("february", "februar", "feb"),
        ("march", "mars", "mar"),
        ("april", "apr"),
        ("may", "mai"),
        ("june", "juni", "jun"),
        ("july", "juli", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oktober", "oct", "okt"),
        ("november", "nov"),
        ("december", "desember", "dec", "des"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number
    ABBREVIATIONS.update(
        n for n in _names[1:] if len(n) <= 4 and n not in ("mai", "juni", "juli", "mars")
    )

WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|"
    "måndag|tysdag|laurdag|sundag"
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_GROUP = rf"(?:{_MONTH})\.?(?![a-zæøå])"
_DASH = r"\s*[-–—]\s*"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_WEEKDAY = rf"(?:(?:{WEEKDAYS}),?\s+(?:den\s+|the\s+)?)"
_ORD = r"(?:\.|st|nd|rd|th)?"

#: Across months: "30 September - 2 October 2005".
_CROSS_MONTH = re.compile(
    rf"{_WEEKDAY}?(?P<d1>\d{{1,2}}){_ORD}\s+(?P<month>{_MONTH_GROUP})"
    rf"{_DASH}(?P<d2>\d{{1,2}}){_ORD}\s+(?P<month2>{_MONTH_GROUP})"
    rf"(?:,?\s+(?P<year>{_YEAR}))?(?!\d)",
    re.IGNORECASE,
)
#: Day first: "19 October 2005", "10. oktober 1996", "Monday 10 January 2005",
#: "19 - 20 October", "19. og 20. oktober 2009", "the 2nd of October 2014".
_DAY_FIRST = re.compile(
    rf"{_WEEKDAY}?(?:the\s+)?"
    rf"(?<![\d.])(?P<d1>\d{{1,2}}){_ORD}"
    rf"(?:(?:{_DASH}|\s+(?:og|and|to|til)\s+)(?P<d2>\d{{1,2}}){_ORD})?"
    rf"(?:\s+of)?\s+(?P<month>{_MONTH_GROUP})"
    rf"(?:,?\s+(?P<year>{_YEAR}))?(?!\d)",
    re.IGNORECASE,
)
#: Month first: "October 2 2014", "October 2, 2014", "October 2nd, 2014".
_MONTH_FIRST = re.compile(
    rf"{_WEEKDAY}?(?P<month>{_MONTH_GROUP})\s+(?P<d1>\d{{1,2}})"
    rf"(?:{_DASH}(?P<d2>\d{{1,2}}))?(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})(?!\d)",
    re.IGNORECASE,
)
#: Numeric, day first: "17.10.05", "09.02.2006", "3.7.2026", "10/01/2005".
_NUMERIC = re.compile(
    rf"{_WEEKDAY}?(?<![\d.,/])(?P<d1>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<year>\d{{4}}|\d{{2}})(?![\d])"
    rf"|{_WEEKDAY}?(?<![\d./])(?P<d1s>\d{{1,2}})/(?P<ms>\d{{1,2}})/(?P<years>\d{{4}})(?![\d/])",
    re.IGNORECASE,
)
#: ISO: "2005-10-19", also as the date part of a timestamp.
_ISO = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<m>\d{2})-(?P<d1>\d{2})(?![\d])")
#: A month and a year: "October 2014", "oktober 2014" (partial: no day).
_MONTH_YEAR = re.compile(rf"(?<![\w.])(?P<month>{_MONTH_GROUP})\s+(?P<year>{_YEAR})(?!\d)", re.I)


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
    #: The last day of a range, when the printed text determines it.
    until: dt.date | None = None

    @property
    def is_partial(self) -> bool:
        """True when the printed text does not name a whole day (no year, or no day)."""
        return self.date is None


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


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return MONTHS.get(name.lower().rstrip("."))


def _trim(text: str, end: int, month_name: str | None) -> tuple[str, int]:
    """Drop a full stop the pattern took after a month name that is not abbreviated."""
    name = (month_name or "").lower().rstrip(".")
    if (
        name
        and name not in ABBREVIATIONS
        and text.endswith(".")
        and text[:-1].lower().endswith(name)
    ):
        return text[:-1], end - 1
    return text, end


def find_dates(text: str) -> list[DateMatch]:
    """Every date printed in ``text``, in order, without overlaps."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(m: re.Match[str], match: DateMatch) -> None:
        found.append(match)
        taken.append((m.start(), m.end()))

    for pattern in (_ISO, _CROSS_MONTH, _MONTH_FIRST, _DAY_FIRST, _NUMERIC, _MONTH_YEAR):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            if pattern is _MONTH_YEAR:
                printed, end = _trim(m.group(0), m.end(), g["month"])
                partial = DateMatch(
                    printed, m.start(), end, None, int(g["year"]), _month(g["month"]), None
                )
                add(m, partial)
                continue
            month: int | None
            year: int | None
            if pattern is _NUMERIC and g.get("d1s"):
                day, month, year = int(g["d1s"]), int(g["ms"]), int(g["years"])
            else:
                day = int(g["d1"])
                month = _month(g.get("month")) if g.get("month") else int(g["m"])
                year = _full_year(g["year"]) if g.get("year") else None
            if month is None or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            d2 = int(g["d2"]) if g.get("d2") else None
            month2 = _month(g.get("month2")) if g.get("month2") else month
            date = _make(day, month, year)
            until = _make(d2, month2, year) if d2 is not None else None
            if pattern is _CROSS_MONTH and date is not None and until is not None and until < date:
                # "30 December - 2 January 2006": the year printed belongs to the end.
                date = _make(day, month, year - 1 if year else None)
            printed, end = _trim(m.group(0), m.end(), g.get("month2") or g.get("month"))
            add(
                m,
                DateMatch(
                    text=printed,
                    start=m.start(),
                    end=end,
                    date=date,
                    year=year,
                    month=month,
                    day=day,
                    is_range=d2 is not None,
                    until=until,
                ),
            )
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str) -> DateMatch | None:
    """The date that ``text`` consists of (surrounding punctuation aside), or None."""
    stripped = text.strip().strip("().,;")
    for match in find_dates(stripped):
        if match.start == 0 and match.end == len(stripped.rstrip(".")):
            return match
        if match.start == 0 and match.end == len(stripped):
            return match
    return None


def parse_timestamp(text: str) -> dt.date | None:
    """The calendar date of an ISO 8601 date or timestamp, in its own time zone.

    ``2012-05-22T01:00:00+01:00`` is 22 May where it was said, whatever UTC says.
    """
    value = text.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
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
