"""Plain-text scrapes of regjeringen.no pages (English, bokmål and nynorsk chrome).

The shape, top to bottom: site chrome, the archive banner, lines above the title (a
person, a series, a kicker), the title, the banner again, ``Published under:``/
``Publisert under:`` (government), ``Publisher``/``Utgiver``/``Utgjevar`` (publisher,
with or without a colon), delivery and translation markers, a speaker line, an
occasion/place/date line (before or after the lead), the lead (often repeated as the
first body paragraph), the body, more chrome. Each of these may be missing, and a
scrape may separate its lines by blank lines or not. Labels are looked up in
:data:`publish.metadata.LABELS`; the body goes through :mod:`.structure`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..dates import DateMatch, find_dates
from ..diagnostics import Severity
from ..metadata import LABEL_LANGUAGES, LABELS, field_for_label
from ..model import RawDocument, Source
from . import chrome
from .collect import Collected
from .structure import BREAK, SALUTATION, SHORT, list_item, to_markdown
from .text import Paragraph, paragraphs

_HEADER_LABELS = sorted(
    (label for label, name in LABELS.items() if name in ("government", "publisher")),
    key=len,
    reverse=True,
)
_LABEL_ALT = "|".join(re.escape(label) for label in _HEADER_LABELS)
#: "Published under: X", "Publisher X" (no colon), "Utgjevar: X".
_LABELLED = re.compile(rf"^(?P<label>{_LABEL_ALT})\s*(?::\s*|\s+)(?P<value>\S.*)$", re.I)
#: "Publisher" on a line of its own, the value on the next.
_LABEL_ALONE = re.compile(rf"^(?P<label>{_LABEL_ALT})\s*:?$", re.I)
#: "Dato: 03.07.2026", "Date: 10/01/2005", also as one part of "Tale | Dato: … | …".
_DATE_LABEL = re.compile(
    r"(?:^|\|)\s*(?P<label>Dato|Date)\s*:\s*(?P<value>[^|]+?)\s*(?:\||$)", re.I
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"»’)]?\s+")
_PLACE_WORD = re.compile(
    r"^(?:[A-ZÆØÅÁ0-9][\w.'’&-]*|of|the|and|i|på|og|de|du|la|le|der|von|van|am|an|upon|on|at|in|for)$"
)
_LEAD_PREFIX = re.compile(r"^\((?P<date>[^()]{4,40})\)\s*(?P<rest>\S.*)$")
_LEAD_SUFFIX = re.compile(r"^(?P<rest>.*\S)\s*\((?P<date>[^()]{4,40})\)\.?$")
_SALUTATION_END = (",", ":", "!")

#: How many paragraphs the header may take before the title is given up on.
HEADER_WINDOW = 12


def split_occasion_line(text: str) -> dict[str, str]:
    """Occasion, place and date text from a line like ``Conference. Brussels, 19 - 20 October.``

    The date is the last one printed. Before it, after the last sentence, come the place
    (comma-separated names: ``Akershus Castle, Oslo``) and, before that, the occasion.
    """
    dates = find_dates(text)
    if not dates:
        return {"occasion": text.rstrip(" .")}
    date = dates[-1]
    out = {"date_text": date.text.strip().rstrip(".")}
    before = text[: date.start]
    boundaries = list(_SENTENCE_END.finditer(before))
    if boundaries:
        occasion, tail = before[: boundaries[-1].start()], before[boundaries[-1].end() :]
    else:
        occasion, tail = "", before
    segments = [s.strip() for s in tail.strip().rstrip(",").split(",")]
    segments = [s for s in segments if s]
    place_parts: list[str] = []
    while segments and _is_place(segments[-1]):
        place_parts.insert(0, segments.pop())
    if segments:
        occasion = (occasion.strip().rstrip(".") + ". " if occasion.strip() else "") + ", ".join(
            segments
        )
    if place_parts:
        out["place"] = ", ".join(place_parts)
    occasion = occasion.strip().rstrip(".").strip()
    after = text[date.end :].strip().strip(".").strip()
    if after:
        occasion = f"{occasion}. {after}" if occasion else after
    if occasion:
        out["occasion"] = occasion
    return out


#: Words that make a name an event (an occasion), unless a venue word ends it.
_EVENT_WORDS = frozenset(
    [
        "conference",
        "konferanse",
        "konferansen",
        "forum",
        "summit",
        "toppmøte",
        "toppmøtet",
        "meeting",
        "møte",
        "møtet",
        "seminar",
        "seminaret",
        "symposium",
        "congress",
        "kongress",
        "festival",
        "festivalen",
        "day",
        "dagen",
        "dagane",
        "dagene",
        "week",
        "uke",
        "uka",
        "veka",
        "dialogue",
        "session",
        "sesjon",
        "assembly",
        "årsmøte",
        "årsmøtet",
        "landsmøte",
        "landsmøtet",
        "opening",
        "åpning",
        "åpningen",
        "opninga",
        "ceremony",
        "seremoni",
        "jubilee",
        "jubileum",
        "launch",
        "lansering",
        "banquet",
        "middag",
        "dinner",
        "lunch",
        "reception",
        "mottakelse",
    ]
)
_VENUE_WORDS = frozenset(
    [
        "centre",
        "center",
        "hall",
        "house",
        "castle",
        "hotel",
        "palace",
        "museum",
        "university",
        "universitet",
        "slott",
        "slottet",
        "hus",
        "huset",
        "senter",
        "senteret",
        "kirke",
        "kirken",
        "church",
        "cathedral",
        "domkirke",
        "plass",
        "square",
        "arena",
        "stadium",
        "theatre",
        "teater",
        "library",
        "bibliotek",
        "building",
        "bygg",
        "school",
        "skole",
        "rådhus",
        "rådhuset",
    ]
)


def _is_place(segment: str) -> bool:
    """A name of a place or venue (``Akershus Castle``, ``The Storting``), not an event."""
    words = segment.split()
    if not words or len(words) > 6 or not words[0][:1].isupper():
        return False
    if any(ch in segment for ch in ':;«»“”"()'):
        return False
    folded = [w.casefold().strip(".") for w in words]
    if any(w in _EVENT_WORDS for w in folded) and folded[-1] not in _VENUE_WORDS:
        return False
    return all(_PLACE_WORD.match(word) for word in words)


def occasion_fields(text: str) -> dict[str, str] | None:
    """The fields of an occasion/place/date line, or None if ``text`` is not one."""
    dates = find_dates(text)
    if not dates or len(text) > 220:
        return None
    date = dates[-1]
    if text[date.end :].strip() not in ("", "."):
        return None
    values = split_occasion_line(text)
    before = text[: date.start].strip().rstrip(",").strip()
    if not before or "place" in values:
        return values
    if len(text) <= 100 and not _SENTENCE_END.search(before) and len(before.split()) <= 8:
        return values
    return None


@dataclass
class _Header(Collected):
    """What the header of a scrape gave, and the lines above its title."""

    above: list[Paragraph] = field(default_factory=list)


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return norm(a) == norm(b)


def _header_line(text: str) -> bool:
    """A line that belongs to the header whatever its position."""
    return bool(
        chrome.banner_language(text)
        or chrome.age_notice_language(text)
        or _LABELLED.match(text)
        or _LABEL_ALONE.match(text)
        or _DATE_LABEL.search(text)
        or chrome.DELIVERY.match(text)
        or chrome.TRANSLATION.match(text)
        or chrome.PERSON.match(text)
    )


def is_salutation(text: str) -> bool:
    return len(text) <= 80 and (text.endswith(_SALUTATION_END) or bool(SALUTATION.match(text)))


def _lead_like(text: str) -> bool:
    if is_salutation(text) or BREAK.match(text) or list_item(text, 0) is not None:
        return False
    if len(text) <= SHORT and not text.endswith((".", "!", "?", "»", "”", '"', ")", "…")):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return not (letters and all(ch.isupper() for ch in letters))


class RegjeringenTextReader:
    name = "regjeringen-text"

    def accepts(self, source: Source) -> bool:
        for p in paragraphs(source.text[:12000])[:25]:
            for line in p.lines:
                text = line.flat
                if (
                    chrome.banner_language(text)
                    or chrome.age_notice_language(text)
                    or _LABELLED.match(text)
                    or (chrome.noise_language(text)[1] is not None and "javascript" in text.lower())
                ):
                    return True
        return False

    def read(self, source: Source) -> RawDocument:
        header = _Header(source.path)
        units = self._units(paragraphs(source.text), header)
        start = self._title(units, header)
        position = self._labels(units, start, header)
        position = self._lead(units, position, header)
        body = self._body_markers(units[position:], header)
        self._speaker(header)
        chrome_lang = chrome.decide_chrome_language(header.evidence)
        return RawDocument(
            reader=self.name,
            fields=header.fields,
            body=to_markdown(body),
            body_line=body[0].line if body else 1,
            diagnostics=tuple(header.notes),
            chrome_lang=chrome_lang,
            header_line=units[start].line if start < len(units) else 1,
        )

    # -- the parts of a page, top to bottom ----------------------------------------------

    def _units(self, paras: Sequence[Paragraph], header: _Header) -> list[Paragraph]:
        """Paragraphs without chrome; in the header, one unit per line."""
        out: list[Paragraph] = []
        for index, p in enumerate(paras):
            kept: list[Paragraph] = []
            for line in p.lines:
                noise, lang = chrome.noise_language(line.flat)
                if noise:
                    if lang:
                        header.evidence.append(lang)
                    continue
                kept.append(line)
            if not kept:
                continue
            if index < HEADER_WINDOW + 4 and len(kept) > 1 and _header_line(kept[0].flat):
                out.extend(kept)
            else:
                out.append(Paragraph("\n".join(k.text for k in kept), kept[0].line))
        return out

    def _title(self, units: list[Paragraph], header: _Header) -> int:
        """Find the banner and the title; the index of what follows them."""
        candidates: list[int] = []
        found_header = False
        i = 0
        while i < min(len(units), HEADER_WINDOW):
            text = units[i].flat
            lang = chrome.banner_language(text)
            age = chrome.age_notice_language(text)
            if lang or age:
                found_header = True
                header.evidence.append(lang or age or "no")
                status = text.rstrip(".") if lang else chrome.age_notice_status(text)
                header.put("archive_status", status, units[i].line)
                i += 1
                if candidates:
                    break  # the banner repeated after the title
                continue
            if (
                _LABELLED.match(text)
                or _LABEL_ALONE.match(text)
                or chrome.DELIVERY.match(text)
                or _DATE_LABEL.search(text)
            ):
                found_header = True
                break
            candidates.append(i)
            i += 1
        if not found_header:
            # No banner or label: a plain text whose first paragraph is its title.
            if not header.evidence:
                header.note(
                    "S102",
                    Severity.WARNING,
                    "no regjeringen.no header (banner, 'Published under', 'Publisher') "
                    "was found; the first paragraph is taken as the title",
                    units[0].line if units else 1,
                    hint="check the title, or give the speech as Markdown with front matter",
                )
            if not units:
                return 0
            header.put("title", units[0].flat, units[0].line)
            return 1
        if candidates:
            title = units[candidates[-1]]
            header.put("title", title.flat, title.line)
            header.above = [units[c] for c in candidates[:-1]]
        return i

    def _labels(self, units: list[Paragraph], i: int, header: _Header) -> int:
        """Labels, banners, markers and speaker lines after the title."""
        title = header.fields.get("title")
        while i < len(units):
            text = units[i].flat
            line = units[i].line
            if lang := chrome.banner_language(text):
                header.evidence.append(lang)
                header.put("archive_status", text.rstrip("."), line)
            elif age := chrome.age_notice_language(text):
                header.evidence.append(age)
                header.put("archive_status", chrome.age_notice_status(text), line)
            elif m := _LABELLED.match(text):
                label = m.group("label")
                name = field_for_label(label)
                assert name is not None
                header.evidence.append(LABEL_LANGUAGES.get(label.casefold(), ""))
                header.put(name, m.group("value").strip(), line)
            elif (m := _LABEL_ALONE.match(text)) and i + 1 < len(units):
                name = field_for_label(m.group("label"))
                assert name is not None
                header.evidence.append(LABEL_LANGUAGES.get(m.group("label").casefold(), ""))
                i += 1
                header.put(name, units[i].flat, units[i].line)
            elif m := _DATE_LABEL.search(text):
                header.evidence.append("en" if m.group("label").lower() == "date" else "no")
                header.put("date_text", m.group("value").strip().rstrip("."), line)
            elif m := chrome.DELIVERY.match(text):
                header.put("delivery_note", m.group("note"), line)
            elif m := chrome.TRANSLATION.match(text):
                header.put("translation_note", m.group("note"), line)
            elif (m := chrome.PERSON.match(text)) and text.endswith(":"):
                header.put("speaker", m.group("name"), line)
                header.put("speaker_role", m.group("role"), line)
            elif title is not None and _same_text(text, str(title.value)):
                pass  # the title printed again
            else:
                break
            i += 1
        return i

    def _lead(self, units: list[Paragraph], i: int, header: _Header) -> int:
        """The occasion line, the lead and its repeat, and markers among them."""
        lead: Paragraph | None = None
        end = min(len(units), i + 8)
        title = header.fields.get("title")
        while i < end:
            p = units[i]
            text = p.flat
            if m := chrome.DELIVERY.match(text):
                header.put("delivery_note", m.group("note"), p.line)
            elif m := chrome.TRANSLATION.match(text):
                header.put("translation_note", m.group("note"), p.line)
            elif (m := chrome.PERSON.match(text)) and text.endswith(":") and lead is None:
                header.put("speaker", m.group("name"), p.line)
                header.put("speaker_role", m.group("role"), p.line)
            elif lead is None and title is not None and _same_text(text, str(title.value)):
                pass
            elif (
                not header.has_date()
                and not header.has("occasion")
                and "\n" not in p.text
                and (values := occasion_fields(text)) is not None
            ):
                for name, value in values.items():
                    header.put(name, value, p.line)
            elif lead is None and i + 1 < len(units) and _lead_like(text):
                lead = p
                self._put_lead(p, header)
            elif lead is not None and _same_text(text, str(header.fields["lead"].value)):
                pass  # the lead repeated as the first paragraph of the body
            else:
                break
            i += 1
        return i

    def _put_lead(self, p: Paragraph, header: _Header) -> None:
        lines = p.lines
        # "Stortinget, 9. oktober 1997." as the last line of the lead paragraph.
        if len(lines) > 1 and not header.has_date():
            values = occasion_fields(lines[-1].flat)
            if values is not None and "date_text" in values:
                for name, value in values.items():
                    if name != "occasion":
                        header.put(name, value, lines[-1].line)
                lines = lines[:-1]
        text = " ".join(line.flat for line in lines)
        if m := chrome.TRANSLATION_SUFFIX.search(text):
            header.put("translation_note", m.group("note"), p.line)
            text = text[: m.start()].rstrip()
        if m := _LEAD_PREFIX.match(text):
            date = _whole_date(m.group("date"))
            if date is not None and not header.has_date():
                header.put("date_text", date.text, p.line)
                text = m.group("rest")
        if m := _LEAD_SUFFIX.match(text):
            date = _whole_date(m.group("date"))
            if date is not None and not header.has_date():
                header.put("date_text", date.text, p.line)
                text = m.group("rest").rstrip()
        if not header.has_date():
            # "… address to the Storting 27 February 2018." ends the lead.
            dates = find_dates(text)
            last = dates[-1] if dates else None
            if last is not None and last.date and text[last.end :].strip() in ("", ".", ")."):
                header.put("date_text", last.text, p.line)
        header.put("lead", text, p.line)

    def _body_markers(self, body: list[Paragraph], header: _Header) -> list[Paragraph]:
        """Delivery and translation markers standing alone in the body are header facts."""
        out = []
        for p in body:
            text = p.flat
            if m := chrome.DELIVERY.match(text):
                header.put("delivery_note", m.group("note"), p.line)
            elif m := chrome.TRANSLATION.match(text):
                header.put("translation_note", m.group("note"), p.line)
            else:
                out.append(p)
        return out

    def _speaker(self, header: _Header) -> None:
        """A person line above the title is the speaker, unless it names whose archive the
        page is in (the title or lead names someone else as speaking)."""
        above = header.above
        said = " ".join(
            str(header.fields[k].value) for k in ("title", "lead") if k in header.fields
        )
        for p in above:
            text = p.flat
            m = chrome.PERSON.match(text)
            if m is None:
                header.note(
                    "S101",
                    Severity.INFO,
                    f"line above the title kept out of the body: {text!r}",
                    p.line,
                )
                continue
            name = m.group("name")
            others = [
                x.group("name")
                for x in chrome.PERSON_MENTION.finditer(said)
                if x.group("name") != name
            ]
            if header.has("speaker"):
                continue
            if others or chrome.ROYAL_MENTION.search(said):
                header.note(
                    "S101",
                    Severity.INFO,
                    f"line above the title names whose archive this is, not who spoke: {text!r}",
                    p.line,
                    hint="set speaker in the front matter if you know who spoke",
                )
                continue
            header.put("speaker", name, p.line)
            header.put("speaker_role", m.group("role"), p.line)


def _whole_date(text: str) -> DateMatch | None:
    dates = find_dates(text)
    if len(dates) == 1 and dates[0].text.strip() == text.strip().rstrip("."):
        return dates[0]
    return None
