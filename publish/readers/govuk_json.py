"""GOV.UK Content API items (JSON) of the speech schema.

Fields, as GOV.UK shows them on the page:

==========================  ===============================================================
field                       from
==========================  ===============================================================
title                       ``title``
lead                        ``description``
speaker                     ``links.speaker[].title``, else ``details.speaker_without_profile``
speaker_role                ``links.roles[].title`` (only when there is one speaker and role)
date                        ``details.delivered_on`` (the day in its own time zone)
place                       ``details.location``
government                  ``details.government.title``
archive_status              "This was published under the <government>", derived as GOV.UK
                            does: only when ``details.political`` is true and the
                            government is not ``current``
publisher                   ``links.organisations[].title``, joined by "; "
delivery_note               ``details.speech_type_explanation``
source_url                  ``https://www.gov.uk`` + ``base_path``
chrome language             ``locale`` (the speech's language is decided from its text)
==========================  ===============================================================

A withdrawn item (``withdrawn_notice``) is read, and its notice opens the body, as on
GOV.UK, where it stands above the text; the item's ``details.body`` is HTML, cleaned and
turned into Markdown.
"""

from __future__ import annotations

import json
import re

from ..dates import format_date, parse_timestamp
from ..diagnostics import Severity
from ..errors import SourceError
from ..model import RawDocument, Source
from .collect import Collected
from .html_body import clean, parse_fragment, text_of, to_markdown

GOVUK = "https://www.gov.uk"
#: Keys a content item has; two of them (and a body) are enough to know one.
_ITEM_KEYS = frozenset(
    {"base_path", "content_id", "document_type", "schema_name", "details", "locale", "links"}
)
_JSON_START = re.compile(r"^\s*\{")


def _load(source: Source) -> object:
    try:
        return json.loads(source.text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"the JSON could not be parsed: {exc.msg} (column {exc.colno})",
            path=source.path,
            line=exc.lineno,
            code="S011",
            hint="check the file is complete: a GOV.UK content item as the API returns it",
        ) from None


def _is_item(data: object) -> bool:
    return isinstance(data, dict) and len(_ITEM_KEYS & data.keys()) >= 3 and "title" in data


def _titles(items: object) -> list[str]:
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("title"), str) and item["title"].strip():
            out.append(item["title"].strip())
    return out


def _dict(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


class GovukJsonReader:
    name = "govuk-json"

    def accepts(self, source: Source) -> bool:
        if not _JSON_START.match(source.text[:200]):
            return False
        try:
            return _is_item(json.loads(source.text))
        except json.JSONDecodeError:
            return False

    def read(self, source: Source) -> RawDocument:
        data = _load(source)
        if not _is_item(data):
            raise SourceError(
                "this JSON is not a GOV.UK content item (it has no title, details and links)",
                path=source.path,
                line=1,
                code="S011",
                hint="give the JSON the GOV.UK Content API returns for a speech",
            )
        assert isinstance(data, dict)
        found = Collected(source.path)
        details = _dict(data.get("details"))
        links = _dict(data.get("links"))

        found.put("title", _str(data.get("title")))
        found.put("lead", _str(data.get("description")))
        speakers = _titles(links.get("speaker")) or [
            s for s in [_str(details.get("speaker_without_profile"))] if s
        ]
        found.put("speaker", "; ".join(speakers) or None)
        roles = _titles(links.get("roles"))
        if len(speakers) == 1 and len(roles) == 1:
            found.put("speaker_role", roles[0])
        delivered = _str(details.get("delivered_on"))
        if delivered and parse_timestamp(delivered) is not None:
            found.put("date", delivered)
        found.put("place", _str(details.get("location")))
        government = _dict(details.get("government"))
        government_title = _str(government.get("title"))
        found.put("government", government_title)
        if details.get("political") is True and government.get("current") is False:
            found.put("archive_status", f"This was published under the {government_title}")
        found.put("publisher", "; ".join(_titles(links.get("organisations"))) or None)
        found.put("delivery_note", _str(details.get("speech_type_explanation")))
        base_path = _str(data.get("base_path"))
        if base_path and base_path.startswith("/"):
            found.put("source_url", GOVUK + base_path)
        locale = _str(data.get("locale"))

        body_html = details.get("body")
        body_root = parse_fragment(body_html if isinstance(body_html, str) else "")
        body = to_markdown(clean(body_root, base_url=GOVUK + "/"))
        notice = _withdrawn(data.get("withdrawn_notice"), found)
        return RawDocument(
            reader=self.name,
            fields=found.fields,
            body=notice + body,
            body_line=1,
            diagnostics=tuple(found.notes),
            chrome_lang=locale,
        )


def _withdrawn(value: object, found: Collected) -> str:
    """The withdrawal notice as the opening of the body ("" if the item stands)."""
    notice = _dict(value)
    explanation = notice.get("explanation")
    when = parse_timestamp(str(notice.get("withdrawn_at") or ""))
    if not notice or (not explanation and when is None):
        return ""
    root = clean(parse_fragment(explanation if isinstance(explanation, str) else ""))
    said = text_of(root)
    on = f" on {format_date(when, 'en')}" if when else ""
    found.note(
        "S105",
        Severity.INFO,
        f"the item was withdrawn{on}: {said or 'no reason given'}",
        hint="its notice opens the body",
    )
    heading = f"**This was withdrawn{on}.**"
    text = to_markdown(root)
    return heading + ("\n\n" + text if text else "\n") + "\n"
