"""Plain-text scrapes of regjeringen.no pages (English, bokmål and nynorsk chrome).

The shape, top to bottom: site chrome, the archive banner, the title, the banner again,
``Published under:``/``Publisert under:`` (government), ``Publisher``/``Utgiver``/
``Utgjevar`` (publisher, with or without a colon), an optional occasion/place/date line,
the lead (often repeated as the first body paragraph), the body, more chrome. Labels in
any of the three languages are mapped to field names here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata

from ..dates import find_dates
from ..diagnostics import Diagnostic, Severity
from ..model import RawDocument, RawField, Source
from .text import Paragraph, escape_markdown, paragraphs

#: Archive banners and the language of the chrome that prints them.
BANNERS: dict[str, str] = {"historical archive": "en", "historisk arkiv": "nb"}

_AGE_NOTICE = re.compile(
    r"^Dette innhold(?:et)? er (?:mer|meir) enn \d+ år gam(?:mel|alt)t?\b", re.I
)
_GOVERNMENT = re.compile(r"^(?:Published under|Publisert under)\s*:?\s*(?P<value>.+)$", re.I)
_PUBLISHER = re.compile(r"^(?:Publisher|Utgiver|Utgjevar)\s*:?\s+(?P<value>.+)$", re.I)
_PUBLISHER_ALONE = re.compile(r"^(?:Publisher|Utgiver|Utgjevar)\s*:?$", re.I)

#: Whole paragraphs that are site chrome, never content.
NOISE: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"^(?:enable|aktiver|slå på) javascript\b.*regjeringen\.no\.?$",
        r"^(?:go to the top|back to top|til toppen|til toppen av sida|tilbake til toppen)\.?$",
        r"^(?:skip to (?:main )?content|hopp til (?:hovedinnhold|hovudinnhald|innhold|innhald))$",
        r"^(?:utskriftsvennlig versjon|utskriftsvenleg versjon|print(?:er friendly)? version)$",
        r"^(?:forsiden|home)$",
        r"^(?:foto|photo|bilde|illustrasjon)\s*:.*$",
        r"^(?:nett-tv|se sendingen her|watch the broadcast)\.?$",
    )
)

_DELIVERY = re.compile(
    r"^\(?(?P<note>(?:check(?:ed)? against delivery|sjekke[st]? mot (?:fremføring|framføring)"
    r"|sjekkast mot framføring|med forbehold om endringar?|med forbehold om endringer"
    r"|original script, may differ from delivered version))\.?\)?$",
    re.I,
)
_TRANSLATION = re.compile(
    r"^\(?(?P<note>(?:unofficial )?translation from (?:the )?norwegian|omsett frå engelsk"
    r"|oversatt fra engelsk)\.?\)?$",
    re.I,
)
_TRANSLATION_SUFFIX = re.compile(r"\s*\((?P<note>TRANSLATION|OVERSETTELSE|OMSETJING)\)\s*$")

_PERSON = re.compile(
    r"^(?P<role>Prime Minister|Minister|State Secretary|Statsminister|Statsråd|Statssekretær"
    r"|[A-ZÆØÅ][a-zæøå-]+minister)\s+"
    r"(?P<name>[A-ZÆØÅ][\w.'-]+(?:\s+[A-ZÆØÅ][\w.'-]+){1,3})$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"»’]?\s+")


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().rstrip(".:").casefold()


def is_noise(text: str) -> bool:
    return any(p.match(text) for p in NOISE)


def split_occasion_line(text: str) -> dict[str, str]:
    """Occasion, place and date text from a line like ``Conference. Brussels, 19 - 20 October.``"""
    dates = find_dates(text)
    if not dates:
        return {"occasion": text.rstrip(" .")}
    date = dates[-1]
    out = {"date_text": date.text.strip().rstrip(".")}
    before = text[: date.start]
    boundaries = list(_SENTENCE_END.finditer(before))
    if boundaries:
        occasion, place = before[: boundaries[-1].start()], before[boundaries[-1].end() :]
    else:
        occasion, place = "", before
    place = place.strip().rstrip(",").strip()
    if place and (len(place) > 80 or place.count(",") > 3):
        occasion, place = (occasion + " " + place).strip(), ""
    if place:
        out["place"] = place
    occasion = occasion.strip().rstrip(".").strip()
    after = text[date.end :].strip().strip(".").strip()
    if after:
        occasion = f"{occasion}. {after}" if occasion else after
    if occasion:
        out["occasion"] = occasion
    return out


def _is_occasion_line(text: str) -> bool:
    dates = find_dates(text)
    if not dates:
        return False
    tail = text[dates[-1].end :].strip()
    return len(text) <= 120 or tail in ("", ".")


def _is_salutation(text: str) -> bool:
    return len(text) <= 80 and text.endswith((",", ":", "!"))


class RegjeringenTextReader:
    name = "regjeringen-text"

    def accepts(self, source: Source) -> bool:
        head = [p.flat for p in paragraphs(source.text[:8000])[:20]]
        return any(_key(p) in BANNERS or _GOVERNMENT.match(p) or _PUBLISHER.match(p) for p in head)

    def read(self, source: Source) -> RawDocument:
        notes: list[Diagnostic] = []
        paras = [p for p in paragraphs(source.text) if p.flat and not is_noise(p.flat)]
        fields: dict[str, RawField] = {}

        def put(name: str, value: str, line: int) -> None:
            fields.setdefault(name, RawField(value, line))

        # The header: banners and labels among the first paragraphs.
        window = paras[:15]
        label_positions = [
            i
            for i, p in enumerate(window)
            if _GOVERNMENT.match(p.flat)
            or _PUBLISHER.match(p.flat)
            or _PUBLISHER_ALONE.match(p.flat)
        ]
        banner_positions = [
            i for i, p in enumerate(window) if _key(p.flat) in BANNERS or _AGE_NOTICE.match(p.flat)
        ]
        first_label = label_positions[0] if label_positions else None
        header_end = max(label_positions + banner_positions, default=-1)

        candidates: list[Paragraph] = []
        i = 0
        while i <= header_end:
            p = paras[i]
            text = p.flat
            if _key(text) in BANNERS or _AGE_NOTICE.match(text):
                put("archive_status", text.rstrip("."), p.line)
            elif m := _GOVERNMENT.match(text):
                put("government", m.group("value").strip(), p.line)
            elif m := _PUBLISHER.match(text):
                put("publisher", m.group("value").strip(), p.line)
            elif _PUBLISHER_ALONE.match(text) and i + 1 < len(paras):
                # "Publisher" on a line of its own, the name on the next.
                i += 1
                put("publisher", paras[i].flat, paras[i].line)
            elif first_label is None or i < first_label:
                candidates.append(p)
            i += 1
        if header_end < 0 and paras:
            # No banner or labels: the first paragraph is the title.
            candidates.append(paras[0])
            i = 1
        if candidates:
            title = candidates[-1]
            put("title", title.flat, title.line)
            for above in candidates[:-1]:
                if m := _PERSON.match(above.flat):
                    put("speaker", m.group("name"), above.line)
                    put("speaker_role", m.group("role"), above.line)
                else:
                    notes.append(
                        Diagnostic(
                            "S101",
                            Severity.INFO,
                            f"line above the title kept out of the body: {above.flat!r}",
                            source.path,
                            above.line,
                        )
                    )

        rest = paras[i:]
        # Delivery and translation markers, the occasion line, then the lead.
        body: list[Paragraph] = []
        lead: Paragraph | None = None
        position = 0
        while position < len(rest):
            p = rest[position]
            text = p.flat
            if m := _DELIVERY.match(text):
                put("delivery_note", m.group("note"), p.line)
            elif m := _TRANSLATION.match(text):
                put("translation_note", m.group("note"), p.line)
            elif (
                "occasion" not in fields
                and "date_text" not in fields
                and lead is None
                and position <= 2
                and _is_occasion_line(text)
            ):
                for name, value in split_occasion_line(text).items():
                    put(name, value, p.line)
            elif lead is None and not body and not _is_salutation(text) and len(rest) > 2:
                lead = p
            else:
                body.append(p)
            position += 1

        if lead is not None:
            lead_text = lead.flat
            if m := _TRANSLATION_SUFFIX.search(lead_text):
                put("translation_note", m.group("note"), lead.line)
                lead_text = lead_text[: m.start()].rstrip()
            put("lead", lead_text, lead.line)
            if body and _same_text(body[0].flat, lead_text):
                body = body[1:]

        blocks = [escape_markdown(p.text.strip()) for p in body]
        return RawDocument(
            reader=self.name,
            fields=fields,
            body="\n\n".join(blocks) + "\n",
            body_line=body[0].line if body else 1,
            diagnostics=tuple(notes),
        )


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return norm(a) == norm(b)
