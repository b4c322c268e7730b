"""Norwegian governments since 1935, with their English and Norwegian names and periods.

regjeringen.no prints the government a page was published under in the language of its
chrome: ``Stoltenberg's 2nd Government`` on English pages, ``Regjeringen Stoltenberg II``
on bokmål pages, ``Regjeringa Stoltenberg II`` on some nynorsk ones (a nynorsk page may
also carry the bokmål name). :func:`find_government` recognises all of these as the same
government, and :func:`check_government_date` says when a speech's date falls outside
the period of the government it was published under. That is a warning for a person to
look at, never a silent correction: the page says what it says.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

_ORDINALS_EN = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {v: k for k, v in _ROMAN.items()}


@dataclass(frozen=True)
class Government:
    """One Norwegian government: who led it, which of theirs it was, and when it sat."""

    leader: str
    #: Which of the leader's governments (1, 2, …); None when the leader formed only one.
    number: int | None
    start: dt.date
    #: The day it left office; None for the sitting government.
    end: dt.date | None

    @property
    def name_en(self) -> str:
        if self.number is None:
            return f"{self.leader}'s Government"
        return f"{self.leader}'s {_ORDINALS_EN[self.number]} Government"

    @property
    def name_nb(self) -> str:
        suffix = f" {_ROMAN[self.number]}" if self.number else ""
        return f"Regjeringen {self.leader}{suffix}"

    @property
    def name_nn(self) -> str:
        suffix = f" {_ROMAN[self.number]}" if self.number else ""
        return f"Regjeringa {self.leader}{suffix}"

    def name(self, lang: str) -> str:
        return {"nb": self.name_nb, "nn": self.name_nn}.get(lang, self.name_en)

    def sat_on(self, day: dt.date) -> bool:
        """True if ``day`` falls in the government's period (both end days included)."""
        return self.start <= day and (self.end is None or day <= self.end)

    def period(self) -> str:
        end = self.end.isoformat() if self.end else "today"
        return f"{self.start.isoformat()} to {end}"


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


#: Every government from Nygaardsvold's (1935) on, in order.
GOVERNMENTS: tuple[Government, ...] = (
    Government("Nygaardsvold", None, _d("1935-03-20"), _d("1945-06-25")),
    Government("Gerhardsen", 1, _d("1945-06-25"), _d("1945-11-05")),
    Government("Gerhardsen", 2, _d("1945-11-05"), _d("1951-11-19")),
    Government("Torp", None, _d("1951-11-19"), _d("1955-01-22")),
    Government("Gerhardsen", 3, _d("1955-01-22"), _d("1963-08-28")),
    Government("Lyng", None, _d("1963-08-28"), _d("1963-09-25")),
    Government("Gerhardsen", 4, _d("1963-09-25"), _d("1965-10-12")),
    Government("Borten", None, _d("1965-10-12"), _d("1971-03-17")),
    Government("Bratteli", 1, _d("1971-03-17"), _d("1972-10-18")),
    Government("Korvald", None, _d("1972-10-18"), _d("1973-10-16")),
    Government("Bratteli", 2, _d("1973-10-16"), _d("1976-01-15")),
    Government("Nordli", None, _d("1976-01-15"), _d("1981-02-04")),
    Government("Brundtland", 1, _d("1981-02-04"), _d("1981-10-14")),
    Government("Willoch", 1, _d("1981-10-14"), _d("1983-06-08")),
    Government("Willoch", 2, _d("1983-06-08"), _d("1986-05-09")),
    Government("Brundtland", 2, _d("1986-05-09"), _d("1989-10-16")),
    Government("Syse", None, _d("1989-10-16"), _d("1990-11-03")),
    Government("Brundtland", 3, _d("1990-11-03"), _d("1996-10-25")),
    Government("Jagland", None, _d("1996-10-25"), _d("1997-10-17")),
    Government("Bondevik", 1, _d("1997-10-17"), _d("2000-03-17")),
    Government("Stoltenberg", 1, _d("2000-03-17"), _d("2001-10-19")),
    Government("Bondevik", 2, _d("2001-10-19"), _d("2005-10-17")),
    Government("Stoltenberg", 2, _d("2005-10-17"), _d("2013-10-16")),
    Government("Solberg", None, _d("2013-10-16"), _d("2021-10-14")),
    Government("Støre", None, _d("2021-10-14"), None),
)

_EN = re.compile(
    r"^(?:the\s+)?(?P<leader>[^\W\d_][\w-]*?)(?:'s|’s|s'|s)?\s+"
    r"(?:(?P<ordinal>\d)(?:st|nd|rd|th)\s+|(?P<word>first|second|third|fourth)\s+)?"
    r"government$",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^regjering(?:en|a)\s+(?P<leader>[^\W\d_][\w-]*)(?:\s+(?P<roman>i{1,3}|iv))?$",
    re.IGNORECASE,
)
_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().rstrip(".")
    return re.sub(r"\s+", " ", text)


def find_government(name: str) -> tuple[Government, ...]:
    """The governments a printed name can mean (none if unknown; several if the name
    leaves out which of a leader's governments it was, like ``Regjeringen Bondevik``)."""
    text = _fold(name)
    number: int | None = None
    if m := _NO.match(text):
        leader = m.group("leader")
        if m.group("roman"):
            number = _FROM_ROMAN[m.group("roman").upper()]
    elif m := _EN.match(text):
        leader = m.group("leader")
        if m.group("ordinal"):
            number = int(m.group("ordinal"))
        elif m.group("word"):
            number = _WORDS[m.group("word").lower()]
    else:
        return ()
    key = leader.casefold()
    matches = tuple(
        g
        for g in GOVERNMENTS
        if g.leader.casefold() == key
        and (number is None or g.number == number or (g.number is None and number == 1))
    )
    return matches


def same_government(a: str, b: str) -> bool:
    """True if two printed names (in any language) name the same government."""
    found_a, found_b = find_government(a), find_government(b)
    if len(found_a) == 1 and len(found_b) == 1:
        return found_a[0] == found_b[0]
    return _fold(a).casefold() == _fold(b).casefold()


def government_on(day: dt.date) -> tuple[Government, ...]:
    """The government(s) in office on ``day`` (two on the day one hands over)."""
    return tuple(g for g in GOVERNMENTS if g.sat_on(day))


def check_government_date(name: str, day: dt.date) -> str | None:
    """Why ``day`` does not fit the government called ``name``, or None if it fits
    (or if the name is not a Norwegian government this table knows)."""
    candidates = find_government(name)
    if not candidates or any(g.sat_on(day) for g in candidates):
        return None
    periods = "; ".join(f"{g.name_en}: {g.period()}" for g in candidates)
    sitting = government_on(day)
    then = f" ({' / '.join(g.name_en for g in sitting)} sat then)" if sitting else ""
    return f"the date {day.isoformat()} is outside the period of {name} ({periods}){then}"
