"""One table of field parsers turns what readers found into typed :class:`Metadata`.

Readers extract labelled values and do not normalise; this module is the single place
that decides what a value means:

- :data:`LABELS` maps the labels pages print, in any language, to field names (readers
  look labels up here rather than keeping their own lists);
- :data:`PARSERS` turns each field's raw value into its typed value;
- :func:`normalise` applies them, fills what follows from other fields (the printed date
  from a machine date, the language from the body), checks the fields against each
  other (a date outside the government's period), and reports every problem of a file at
  once, each with its line, rather than stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from .dates import parse_date, parse_timestamp
from .diagnostics import Diagnostic, Severity
from .governments import check_government_date
from .language import detect_language
from .model import FIELDS, Metadata, RawDocument, RawField, Source

#: The languages outputs have labels for; others are valid but use English labels.
SUPPORTED_LANGUAGES = ("en", "nb", "nn")

_LANG_ALIASES = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "nb": "nb",
    "nob": "nb",
    "no": "nb",
    "nor": "nb",
    "bokmål": "nb",
    "bokmal": "nb",
    "norwegian": "nb",
    "norsk": "nb",
    "nn": "nn",
    "nno": "nn",
    "nynorsk": "nn",
    "se": "se",
    "sme": "se",
    "sv": "sv",
    "swe": "sv",
    "da": "da",
    "dan": "da",
    "de": "de",
    "deu": "de",
    "ger": "de",
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "ar": "ar",
    "ara": "ar",
    "fi": "fi",
    "fin": "fi",
}
_LANG_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")

#: Printed labels, in every language pages use, and the field each one gives.
LABELS: dict[str, str] = {
    # government
    "published under": "government",
    "publisert under": "government",
    # publisher
    "publisher": "publisher",
    "utgiver": "publisher",
    "utgjevar": "publisher",
    "published by": "publisher",
    # date
    "date": "date",
    "dato": "date",
    "delivered on": "date",
    # place
    "place": "place",
    "location": "place",
    "sted": "place",
    "stad": "place",
    # speaker
    "speaker": "speaker",
    "taler": "speaker",
    "talar": "speaker",
    # occasion
    "occasion": "occasion",
    "anledning": "occasion",
    "høve": "occasion",
}
#: The language of the chrome that prints each label (``no`` for both Norwegian standards).
LABEL_LANGUAGES: dict[str, str] = {
    "published under": "en",
    "publisher": "en",
    "published by": "en",
    "date": "en",
    "delivered on": "en",
    "place": "en",
    "location": "en",
    "speaker": "en",
    "occasion": "en",
    "publisert under": "no",
    "utgiver": "nb",
    "utgjevar": "nn",
    "dato": "no",
    "sted": "nb",
    "stad": "nn",
    "taler": "nb",
    "talar": "nn",
    "anledning": "nb",
    "høve": "nn",
}


def field_for_label(label: str) -> str | None:
    """The field a printed label (``Utgiver``, ``Published under:``…) gives, if any."""
    return LABELS.get(label_key(label))


def label_key(label: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", label)).strip().rstrip(":").casefold()


class FieldProblem(ValueError):
    """A value cannot be used for its field; the message says why and what to write, and
    ``hint`` (when given) replaces the code's general hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldProblem(f"expected text, found {type(value).__name__}")
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\u00ad", "").replace("\u200b", "")
    text = re.sub(r"[\s\u00a0]+", " ", text).strip()
    bad = _NOT_XML.search(text)
    if bad:
        raise FieldProblem(
            f"contains the character U+{ord(bad.group()):04X}, which no output format can "
            "hold (XML forbids it)",
            hint="remove the character from the value",
        )
    return text or None


#: Characters XML 1.0 forbids (after white space is collapsed): C0 controls, lone
#: surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _note(value: object) -> str | None:
    """A delivery or translation note; one printed in capitals reads as a sentence."""
    text = _text(value)
    if text and text.isupper():
        text = text[0] + text[1:].lower()
    return text


def _is_machine_date(text: str) -> bool:
    return parse_timestamp(text) is not None


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        stamp = parse_timestamp(value)
        if stamp is not None:
            return stamp
        match = parse_date(value)
        if match is not None and match.date is not None:
            return match.date
        # A day, month and year that name no day of the calendar (2011-02-31, 31.02.2011).
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
        if iso:
            parts: tuple[int | None, ...] = tuple(int(x) for x in iso.groups())
        elif match is not None:
            parts = (match.year, match.month, match.day)
        else:
            parts = ()
        if parts and None not in parts:
            try:
                dt.date(*parts)  # type: ignore[arg-type]
            except ValueError as exc:
                raise FieldProblem(
                    f"{value!r} is no day of the calendar ({exc})",
                    hint="correct the day or the month; keep the printed form in date_text",
                ) from None
        raise FieldProblem(
            f"{value!r} is not a complete date; write it as YYYY-MM-DD and keep the printed "
            "form in date_text"
        )
    raise FieldProblem(f"expected a date (YYYY-MM-DD), found {type(value).__name__}")


def _lang(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    key = text.lower().replace("_", "-")
    base = key.split("-")[0]
    if key in _LANG_ALIASES:
        return _LANG_ALIASES[key]
    if base in _LANG_ALIASES:
        return _LANG_ALIASES[base]
    if _LANG_TAG.match(key) and len(base) == 2:
        return base
    raise FieldProblem(
        f"language {text!r} is not a language tag; use one of {', '.join(SUPPORTED_LANGUAGES)} "
        "(or another two-letter ISO 639-1 code)"
    )


def _url(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FieldProblem(f"{text!r} is not an http(s) address")
    return text


#: The field table: how each metadata field's raw value becomes a typed one.
PARSERS: dict[str, Callable[[object], object]] = {name: _text for name in FIELDS}
PARSERS.update(
    {
        "date": _date,
        "retrieved": _date,
        "lang": _lang,
        "source_url": _url,
        "delivery_note": _note,
        "translation_note": _note,
    }
)

_CODES = {"lang": "M005", "date": "M004", "retrieved": "M004"}


def normalise(raw: RawDocument, source: Source) -> tuple[Metadata | None, list[Diagnostic]]:
    """Typed metadata from a reader's raw fields, and every problem found on the way."""
    problems: list[Diagnostic] = list(raw.diagnostics)
    values: dict[str, object] = {}
    for key, field in raw.fields.items():
        parser = PARSERS.get(key)
        if parser is None:
            problems.append(
                Diagnostic(
                    "M002",
                    Severity.ERROR,
                    f"unknown field {key!r}",
                    source.path,
                    field.line,
                    hint=f"use one of: {', '.join(FIELDS)}",
                )
            )
            continue
        try:
            values[key] = parser(field.value)
        except FieldProblem as problem:
            problems.append(
                Diagnostic(
                    _CODES.get(key, "M003"),
                    Severity.ERROR,
                    f"{key}: {problem}",
                    source.path,
                    field.line,
                    problem.hint,
                )
            )

    # The printed date: what a date field said, unless it said it in machine form.
    date_field = raw.fields.get("date")
    if (
        values.get("date_text") is None
        and date_field is not None
        and isinstance(date_field.value, str)
        and values.get("date") is not None
        and not _is_machine_date(date_field.value)
    ):
        values["date_text"] = _text(date_field.value)

    # A printed date that names a whole day gives the date; a partial one (no year) never
    # does. When both are given they must agree.
    date_text = values.get("date_text")
    match = parse_date(date_text) if isinstance(date_text, str) else None
    day = values.get("date")
    if match is not None and match.date is not None:
        if day is None:
            values["date"] = match.date
        elif isinstance(day, dt.date) and not _covers(match.date, match.until, day):
            problems.append(
                Diagnostic(
                    "M008",
                    Severity.WARNING,
                    f"date {day.isoformat()} and date_text {date_text!r} name different days",
                    source.path,
                    _line(raw.fields.get("date_text")) or _line(date_field),
                    hint="correct one of them; date_text is what the page printed",
                )
            )

    title = values.get("title")
    if not title:
        problems.append(
            Diagnostic(
                "M001",
                Severity.ERROR,
                "no title found",
                source.path,
                _line(raw.fields.get("title")) or raw.header_line,
                hint="give the document a title (front matter `title:`)",
            )
        )
    if values.get("lang") is None:
        sample = " ".join(str(values.get(k) or "") for k in ("title", "lead")) + " " + raw.body
        # When the text says too little, the page's chrome is the best witness left.
        default = {"no": "nb", None: "en", "": "en"}.get(raw.chrome_lang, raw.chrome_lang)
        values["lang"] = detect_language(sample, default=str(default))

    government, day = values.get("government"), values.get("date")
    if isinstance(government, str) and isinstance(day, dt.date):
        mismatch = check_government_date(government, day)
        if mismatch:
            problems.append(
                Diagnostic(
                    "M007",
                    Severity.WARNING,
                    mismatch,
                    source.path,
                    _line(raw.fields.get("government")),
                    hint="check the date and the government the page was published under",
                )
            )

    if any(p.severity is Severity.ERROR for p in problems) or not title:
        return None, problems
    return Metadata(**values), problems  # type: ignore[arg-type]


def _covers(first: dt.date, last: dt.date | None, day: dt.date) -> bool:
    return first == day or (last is not None and first <= day <= last)


def _line(field: RawField | None) -> int | None:
    return field.line if field is not None else None
