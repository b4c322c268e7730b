"""What archive pages print around a speech, in English, bokmål and nynorsk.

Site chrome to drop (JavaScript notices, skip links, back-to-top links, print and share
links, language switches, photo credits, video widgets), the archive banners and age
notices, delivery and translation markers, and the lines that name a person with their
role. Shared by the readers of scraped text and saved HTML pages; the labels that give
fields (``Utgiver``, ``Published under``…) are in :data:`publish.metadata.LABELS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

#: Archive banners and the language of the chrome that prints them (``no``: either
#: Norwegian standard, the banner is the same in both).
BANNERS: dict[str, str] = {"historical archive": "en", "historisk arkiv": "no"}

#: The age notice some pages show instead of a banner.
AGE_NOTICE = re.compile(
    r"^(?:dette (?P<nb>innhold(?:et)?)|dette (?P<nn>innhald(?:et)?)|(?P<en>this content)) "
    r"(?:er|is) (?:mer|meir|more) (?:enn|than) \d+ (?:år|years?) (?:gammelt|gamalt|gammalt|old)\b",
    re.IGNORECASE,
)

#: Whole lines that are site chrome, never content, with the language they show.
NOISE: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(p, re.IGNORECASE), lang)
    for p, lang in (
        (r"^enable javascript\b.*regjering(?:en|a)\.no\.?$", "en"),
        (r"^(?:aktiver|slå på) javascript\b.*\bnettlesaren\b.*regjering(?:en|a)\.no\.?$", "nn"),
        (r"^(?:aktiver|slå på) javascript\b.*regjering(?:en|a)\.no\.?$", "nb"),
        (r"^(?:go to the top|back to top|to the top|top of page)\.?$", "en"),
        (r"^til toppen av sida\.?$", "nn"),
        (r"^(?:til toppen|tilbake til toppen|til toppen av siden)\.?$", "no"),
        (r"^(?:skip to (?:main )?content|skip to main content|skip navigation)$", "en"),
        (r"^(?:hopp|gå)? ?til (?:hovedinnhold(?:et)?|innholdet|innhold)$", "nb"),
        (r"^(?:hopp|gå)? ?til (?:hovudinnhald(?:et)?|innhaldet|innhald)$", "nn"),
        (r"^(?:printer[- ]friendly version|print(?: this page)?|print version)$", "en"),
        (r"^(?:utskriftsvennlig versjon|skriv ut(?: siden)?)$", "nb"),
        (r"^(?:utskriftsvenleg versjon|skriv ut sida)$", "nn"),
        (r"^(?:forsiden|forsida|home|hjem|heim)$", None),
        (
            r"^(?:nett-?tv|se sendingen(?: her)?|se video(?:en)?(?: her)?"
            r"|watch the (?:video|broadcast))\.?$",
            None,
        ),
        (
            r"^(?:her kan du )?se (?:talen|innlegget|sendingen|videoen)(?: her)?"
            r"(?: på nett-?tv)?\s*\.?$",
            None,
        ),
        (r"^(?:share|del|del på|share on) ?(?:facebook|twitter|x|linkedin|e-?post|email)?$", None),
        (
            r"^(?:english|norsk|nynorsk|bokmål|sámegiella|davvisámegiella|in english|på norsk"
            r"|language|språk|other languages|andre språk|this page in english"
            r"|denne siden på engelsk|read this (?:page )?in (?:english|norwegian)"
            r"|les (?:denne siden )?på (?:norsk|engelsk))"
            r"(?:\s*[|/]\s*(?:english|norsk|nynorsk|sámegiella))*\.?$",
            None,
        ),
        (r"^(?:foto|photo|bilde|bilete|illustrasjon|illustration|photo credit|image)\s*:.*$", None),
    )
)
#: A photo caption with its credit at the end: "The minister at the opening. Foto: NTB".
PHOTO_CAPTION = re.compile(r"\b(?:Foto|Photo|Bilde|Bilete)\s*:\s*[^.]{2,80}\.?\s*$")

DELIVERY = re.compile(
    r"^\(?\s*(?P<note>check(?:ed)? against delivery|sjekke[st]? mot (?:fremføring|framføring)"
    r"|sjekkast mot framføring|sjekka mot framføring"
    r"|med forbehold om endring(?:er|ar)?|med atterhald om endring(?:ar)?"
    r"|(?:the )?spoken word applies|det talte ord gjelder|det talte ordet gjeld"
    r"|(?:original script|speaker'?s notes|speaking notes), may differ from "
    r"(?:the )?delivered version)"
    r"\s*[.!]?\s*\)?\.?$",
    re.IGNORECASE,
)
TRANSLATION = re.compile(
    r"^\(?\s*(?P<note>(?:unofficial |informal )?translation"
    r"(?: from (?:the )?(?:norwegian|english))?"
    r"|(?:uoffisiell )?oversettelse(?: fra (?:engelsk|norsk))?|oversatt fra (?:engelsk|norsk)"
    r"|(?:uoffisiell )?omsetjing(?: frå (?:engelsk|norsk))?|omsett frå (?:engelsk|norsk))"
    r"\s*\.?\s*\)?\.?$",
    re.IGNORECASE,
)
TRANSLATION_SUFFIX = re.compile(
    r"\s*\((?P<note>TRANSLATION|Translation|OVERSETTELSE|Oversettelse|OMSETJING|Omsetjing)\)\.?\s*$"
)

#: The role words that come before a name: "Prime Minister Kjell Magne Bondevik",
#: "Statsminister Jens Stoltenberg", "Arbeids- og administrasjonsminister Eldbjørg Løwer".
_PORTFOLIO = (
    r"(?:Foreign|Affairs|Finance|Defence|Justice|Public|Security|Police|Health|Care|Services"
    r"|International|Development|Trade|Industry|Fisheries|Coastal|Environment|Climate|Education"
    r"|Research|Higher|Culture|Church|Transport|Communications|Agriculture|Food|Labour"
    r"|Social|Inclusion|Children|Families|Family|Equality|Petroleum|Energy|Local|Government"
    r"|Regional|Modernisation|Digitalisation|Nordic|Cooperation|Administration|Reform|Integration"
    r"|Immigration|the|and|of|for)"
)
ROLE = (
    r"(?:(?:The\s+)?(?:Prime\s+Minister|Deputy\s+Minister|State\s+Secretary|Crown\s+Prince(?:ss)?"
    r"|King|Queen|H\.M\.\s+(?:King|Queen)|H\.K\.H\.\s+Kronprins(?:esse)?"
    rf"|Minister(?:\s+of\s+{_PORTFOLIO}(?:\s+{_PORTFOLIO})*)?)"
    r"|[Ss]tatsminister|[Ss]tatsråd|[Ss]tatssekretær|[Kk]ong|[Kk]ronprins(?:esse)?"
    r"|(?:[A-ZÆØÅ][\wæøå]*-\s+(?:og|and)\s+)?[A-ZÆØÅa-zæøå][\wæøå]*minister)"
)
_NAME = (
    r"(?P<name>[A-ZÆØÅ][\w.'’-]+(?:\s+(?:[A-ZÆØÅ][\w.'’-]+|(?:von|van|de)))*\s+[A-ZÆØÅ][\w'’-]+)"
)
PERSON = re.compile(rf"^(?:(?:By|Av|Ved)\s+)?(?P<role>{ROLE})\s+{_NAME}\s*:?$")
PERSON_MENTION = re.compile(rf"(?P<role>{ROLE})\s+{_NAME}")
ROYAL_MENTION = re.compile(
    r"\b(?:Kong(?:en)?|King|Dronning(?:en)?|Queen|Kronprins(?:en|esse)?|Crown Prince(?:ss)?)\b"
)


def key(text: str) -> str:
    """A line folded for comparison with the fixed texts above."""
    return unicodedata.normalize("NFC", text).strip().rstrip(".:").casefold()


def banner_language(text: str) -> str | None:
    """The chrome language of an archive banner, or None if ``text`` is not one."""
    return BANNERS.get(key(text))


def age_notice_language(text: str) -> str | None:
    """The chrome language of an age notice, or None if ``text`` is not one."""
    m = AGE_NOTICE.match(text.strip())
    if m is None:
        return None
    return "nn" if m.group("nn") else ("en" if m.group("en") else "nb")


def age_notice_status(text: str) -> str:
    """The status an age notice gives: its first sentence."""
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    return first.rstrip(".").strip()


def noise_language(text: str) -> tuple[bool, str | None]:
    """Whether a line is site chrome, and the language it shows if it tells."""
    stripped = text.strip()
    for pattern, lang in NOISE:
        if pattern.match(stripped):
            return True, lang
    if PHOTO_CAPTION.search(stripped) and len(stripped) <= 300:
        return True, None
    return False, None


def is_noise(text: str) -> bool:
    return noise_language(text)[0]


def decide_chrome_language(evidence: Iterable[str]) -> str | None:
    """One chrome language from the languages chrome lines showed (``no`` is Norwegian
    of either standard): nynorsk if any line was nynorsk, else the most shown."""
    counts = Counter(lang for lang in evidence if lang)
    if not counts:
        return None
    norwegian = counts["nb"] + counts["nn"] + counts["no"]
    if norwegian >= counts["en"] and norwegian:
        return "nn" if counts["nn"] else "nb"
    return "en" if counts["en"] else None
