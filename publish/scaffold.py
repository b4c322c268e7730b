"""``publish new``: a speech or a collection manifest to start from, every field explained.

What is written builds and passes ``publish check --strict`` as it stands; the comments
say what each field means and which are optional, so a newcomer edits rather than
looks things up. Nothing is overwritten unless asked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .errors import UsageError
from .fsutil import atomic_write
from .governments import government_on

#: Text a new speech starts with, in its own language.
_BODY = {
    "en": (
        "Ladies and gentlemen,\n\n"
        "Write the speech here, in Markdown: a blank line between paragraphs.\n\n"
        "## A heading for the next part\n\n"
        "- a list item\n- another list item\n\n"
        "> A quotation, as a block.\n\n"
        "Thank you.\n"
    ),
    "nb": (
        "Kjære alle sammen,\n\n"
        "Skriv talen her, i Markdown: en tom linje mellom avsnittene.\n\n"
        "## En overskrift for neste del\n\n"
        "- et punkt i en liste\n- et punkt til\n\n"
        "> Et sitat, som en egen blokk.\n\n"
        "Takk for meg.\n"
    ),
    "nn": (
        "Kjære alle saman,\n\n"
        "Skriv talen her, i Markdown: ei tom linje mellom avsnitta.\n\n"
        "## Ei overskrift for neste del\n\n"
        "- eit punkt i ei liste\n- eit punkt til\n\n"
        "> Eit sitat, som ein eigen blokk.\n\n"
        "Takk for meg.\n"
    ),
}
_PUBLISHER = {
    "en": "Office of the Prime Minister",
    "nb": "Statsministerens kontor",
    "nn": "Statsministerens kontor",
}
_SPEAKER_ROLE = {"en": "Prime Minister", "nb": "Statsminister", "nn": "Statsminister"}
_DELIVERY = {
    "en": "Check against delivery",
    "nb": "Sjekkes mot framføring",
    "nn": "Sjekkast mot framføring",
}
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "nn": "januar februar mars april mai juni juli august september oktober november desember",
}


def _quote(text: str) -> str:
    """A double-quoted string, valid in YAML and in TOML alike (JSON's escapes are both's:
    a title with a quote, a backslash or a line break stays one valid value)."""
    return json.dumps(text, ensure_ascii=False)


def _printed_date(day: dt.date, lang: str) -> str:
    month = _MONTHS[lang].split()[day.month - 1]
    return f"{day.day} {month} {day.year}" if lang == "en" else f"{day.day}. {month} {day.year}"


def speech_text(title: str, lang: str, day: dt.date) -> str:
    """The Markdown of a new speech: front matter with every field, then a short body."""
    governments = government_on(day)
    government = governments[0].name(lang) if governments else ""
    government_line = (
        f"government: {_quote(government)}" if government else '# government: "Støre\'s Government"'
    )
    return f"""---
# Every field publish knows. Lines starting with # are comments; remove the # to use one.
# The full reference is docs/source-format.md.

# The title, as printed (required).
title: {_quote(title)}
# The language of the speech: en, nb (bokmål) or nn (nynorsk). It chooses the labels
# of every output (headers, "Page X of Y", contents) and the hyphenation of the PDF.
lang: {lang}
# A one-paragraph summary, shown under the title.
# lead: "What the speech is about, in a sentence or two."
speaker: "Name Nameson"
speaker_role: {_quote(_SPEAKER_ROLE[lang])}
# The day it was given (YYYY-MM-DD), and the date as the page prints it (optional).
date: "{day.isoformat()}"
date_text: {_quote(_printed_date(day, lang))}
# place: "Oslo"
# occasion: "The opening of the conference"
# The archive status shown in the header; leave it out for a current speech.
# archive_status: "Historical archive"
# The government the speech was published under, and the publishing ministry.
{government_line}
publisher: {_quote(_PUBLISHER[lang])}
# Where the speech was published, and when it was copied from there.
# source_url: "https://www.regjeringen.no/..."
# retrieved: "{day.isoformat()}"
# Printed under the header, e.g. "Check against delivery".
delivery_note: {_quote(_DELIVERY[lang])}
# translation_note: "Translated from Norwegian."
---

{_BODY[lang]}"""


def collection_text(title: str, lang: str) -> str:
    """A collection manifest with every key, selecting by language to start with."""
    return f"""# A collection: one dossier PDF, one EPUB and one web page binding many speeches.
# The full reference is docs/manifest.md. Lines starting with # are comments.

# The collection's title (required), and optional subtitle and editor.
title = {_quote(title)}
# subtitle = "Speeches 2020-2025"
# editor = "The archive team"
# One paragraph describing the collection (shown on its web page).
# description = "Speeches on ..."
# The language of the cover, contents and introduction: en, nb or nn.
lang = "{lang}"
# The order of the speeches: "date", "date-descending" or "listed" (the order of items).
order = "date"
# Which formats to build for the collection.
formats = ["pdf", "epub", "html"]
# An introduction in Markdown, printed before the speeches.
introduction = \"\"\"
Write the introduction to the collection here.
\"\"\"
# Sources to include by name (relative to the sources folder), in this order:
# items = ["my-speech.md"]

# And/or a selection by metadata; a speech is included when it matches every key given.
[select]
lang = ["{lang}"]
# government = ["Støre's Government"]  # English and Norwegian names match each other
# publisher = ["Office of the Prime Minister"]
# speaker = ["Name Nameson"]
# date_from = 2021-10-14
# date_to = 2025-12-31
# title_contains = ["climate"]
# archived = false
"""


def write_new(target: Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``target``; an existing file is kept unless ``force``."""
    if target.exists() and not force:
        raise UsageError(
            "a file of that name already exists",
            path=target,
            code="U007",
            hint="choose another name with --name, or replace it with --force",
        )
    atomic_write(target, text.encode("utf-8"))
    return target
