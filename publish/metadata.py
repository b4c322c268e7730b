"""One table of field parsers turns what readers found into typed :class:`Metadata`.

Readers extract labelled values and do not normalise; this module is the single place
that decides what a value means. Every problem of a file is reported at once, each with
its line, rather than stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from .dates import parse_date
from .diagnostics import Diagnostic, Severity
from .language import detect_language
from .model import FIELDS, Metadata, RawDocument, RawField, Source

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
    "nn": "nn",
    "nno": "nn",
    "nynorsk": "nn",
}


class FieldProblem(ValueError):
    """A value cannot be used for its field; the message says why and what to write."""


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldProblem(f"expected text, found {type(value).__name__}")
    text = unicodedata.normalize("NFC", str(value))
    text = re.sub(r"[\s\u00a0]+", " ", text).strip()
    return text or None


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        match = parse_date(value)
        if match is not None and match.date is not None:
            return match.date
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
    raise FieldProblem(f"language {text!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}")


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
PARSERS.update({"date": _date, "retrieved": _date, "lang": _lang, "source_url": _url})


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
            code = "M005" if key == "lang" else ("M004" if key in ("date", "retrieved") else "M003")
            problems.append(
                Diagnostic(code, Severity.ERROR, f"{key}: {problem}", source.path, field.line)
            )

    date_field = raw.fields.get("date")
    if (
        "date_text" not in values
        and date_field is not None
        and isinstance(date_field.value, str)
        and values.get("date") is not None
    ):
        values["date_text"] = _text(date_field.value)

    # A printed date that names a whole day gives the date; a partial one (no year) never does.
    date_text = values.get("date_text")
    if values.get("date") is None and isinstance(date_text, str):
        match = parse_date(date_text)
        if match is not None and match.date is not None:
            values["date"] = match.date

    title = values.get("title")
    if not title:
        problems.append(
            Diagnostic(
                "M001",
                Severity.ERROR,
                "no title found",
                source.path,
                _line(raw.fields.get("title")),
                hint="give the document a title (front matter `title:`)",
            )
        )
    if values.get("lang") is None:
        sample = " ".join(str(values.get(k) or "") for k in ("title", "lead")) + " " + raw.body
        values["lang"] = detect_language(sample)
    if any(p.severity is Severity.ERROR for p in problems) or not title:
        return None, problems
    return Metadata(**values), problems  # type: ignore[arg-type]


def _line(field: RawField | None) -> int | None:
    return field.line if field is not None else None
