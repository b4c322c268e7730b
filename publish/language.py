"""Which language a text is written in.

A small, explainable detector, good enough for speeches (hundreds of words or more):

1. the script: a text mostly in Arabic, Cyrillic, Greek, Hebrew or CJK letters is in the
   language that script most likely means here (``ar``, ``ru``, ``el``, ``he``, ``zh``);
2. otherwise the share of frequent function words of each candidate language (English,
   Norwegian, Swedish, Danish, German, French, Northern Sámi); a language must cover a
   fair share of the words to count, so a few Sámi or Kven greetings in a Norwegian
   speech do not change its language;
3. for Norwegian, bokmål or nynorsk by the words frequent in one standard and rare in
   the other.

It decides the *body* language. The language of a page's chrome (its banner and labels)
is a separate fact that readers record on their own; it is used here only as the answer
when the text says too little to decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

#: Function words frequent in one language and rare in the others it is compared with.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "that",
            "we",
            "in",
            "for",
            "are",
            "this",
            "with",
            "have",
            "be",
            "it",
            "our",
            "will",
            "not",
            "as",
            "on",
            "by",
            "from",
            "which",
            "would",
            "was",
            "has",
            "they",
            "their",
            "these",
            "been",
            "were",
            "there",
            "an",
            "or",
            "but",
            "can",
            "who",
            "what",
            "all",
            "must",
            "more",
        ]
    ),
    # Shared by bokmål and nynorsk; which standard is decided below.
    "no": frozenset(
        [
            "og",
            "i",
            "det",
            "er",
            "som",
            "en",
            "på",
            "til",
            "av",
            "for",
            "med",
            "at",
            "vi",
            "har",
            "de",
            "ikke",
            "ikkje",
            "jeg",
            "eg",
            "seg",
            "sin",
            "sitt",
            "sine",
            "om",
            "skal",
            "vil",
            "kan",
            "et",
            "eit",
            "ein",
            "dei",
            "fra",
            "frå",
            "også",
            "òg",
            "meg",
            "oss",
            "mer",
            "meir",
            "må",
            "blir",
            "blei",
            "vart",
            "har",
            "hadde",
            "men",
            "når",
            "eller",
            "denne",
            "dette",
        ]
    ),
    "sv": frozenset(
        [
            "och",
            "att",
            "är",
            "det",
            "som",
            "en",
            "på",
            "för",
            "med",
            "inte",
            "jag",
            "vi",
            "av",
            "till",
            "har",
            "om",
            "kan",
            "ska",
            "vill",
            "också",
            "mycket",
            "detta",
            "måste",
            "eller",
            "men",
            "när",
            "från",
            "sig",
            "ett",
        ]
    ),
    "da": frozenset(
        [
            "og",
            "at",
            "er",
            "det",
            "som",
            "en",
            "på",
            "for",
            "med",
            "ikke",
            "jeg",
            "vi",
            "af",
            "til",
            "har",
            "om",
            "kan",
            "skal",
            "vil",
            "også",
            "meget",
            "dette",
            "må",
            "eller",
            "men",
            "når",
            "fra",
            "sig",
            "et",
            "nu",
            "efter",
            "hvad",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "und",
            "das",
            "ist",
            "nicht",
            "ich",
            "wir",
            "mit",
            "den",
            "von",
            "zu",
            "für",
            "auf",
            "sich",
            "ein",
            "eine",
            "dem",
            "auch",
            "es",
            "wird",
            "werden",
            "sind",
            "haben",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "une",
            "un",
            "pour",
            "que",
            "dans",
            "qui",
            "nous",
            "pas",
            "sur",
            "avec",
            "du",
            "au",
            "ce",
            "cette",
            "sont",
            "être",
            "il",
        ]
    ),
    "se": frozenset(
        [
            "ja",
            "lea",
            "leat",
            "ahte",
            "mii",
            "dat",
            "go",
            "son",
            "sii",
            "maid",
            "dán",
            "dan",
            "buot",
            "mun",
            "mii",
            "lei",
            "eai",
            "ii",
            "ollu",
            "dál",
            "dego",
            "gos",
        ]
    ),
}
#: Words that tell bokmål from nynorsk.
BOKMAL: frozenset[str] = frozenset(
    [
        "ikke",
        "jeg",
        "hva",
        "hvem",
        "hvordan",
        "bare",
        "fra",
        "mer",
        "de",
        "et",
        "også",
        "mye",
        "nå",
        "være",
        "vært",
        "noe",
        "selv",
        "hele",
        "hver",
        "hvis",
        "hun",
        "kirke",
        "disse",
        "deres",
        "noen",
        "hvor",
        "mange",
        "gjennom",
        "etter",
        "skulle",
        "ble",
        "blir",
        "mellom",
        "kommer",
    ]
)
NYNORSK: frozenset[str] = (
    frozenset(
        [
            "ikkje",
            "eg",
            "kva",
            "kven",
            "korleis",
            "berre",
            "frå",
            "meir",
            "dei",
            "eit",
            "òg",
            "mykje",
            "vere",
            "vore",
            "noko",
            "sjølv",
            "heile",
            "kvar",
            "viss",
            "ho",
            "kyrkje",
            "desse",
            "deira",
            "nokon",
            "hjå",
            "ein",
            "kvifor",
            "korleis",
            "gjennom",
            "etter",
            "skulle",
            "vart",
            "blir",
            "mellom",
            "kjem",
        ]
    )
    - BOKMAL
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ARABIC", "ar"),
    ("CYRILLIC", "ru"),
    ("GREEK", "el"),
    ("HEBREW", "he"),
    ("CJK", "zh"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
)
#: The least share of a text's words a language's function words must make up.
MIN_SHARE = 0.08
#: The fewest words a text must have for the detector to say anything.
MIN_WORDS = 4


def _script_language(text: str) -> str | None:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    counts: Counter[str] = Counter()
    for ch in letters:
        name = unicodedata.name(ch, "")
        for script, lang in _SCRIPTS:
            if name.startswith(script):
                counts[lang] += 1
                break
    if not counts:
        return None
    lang, count = counts.most_common(1)[0]
    return lang if count / len(letters) > 0.5 else None


def language_scores(text: str) -> dict[str, float]:
    """The share of ``text``'s words that are function words of each language."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return {lang: 0.0 for lang in FUNCTION_WORDS}
    counts = Counter(words)
    total = len(words)
    return {
        lang: sum(counts[w] for w in vocabulary) / total
        for lang, vocabulary in FUNCTION_WORDS.items()
    }


def norwegian_standard(text: str, default: str = "nb") -> str:
    """``nb`` or ``nn``: the written standard of a Norwegian text."""
    counts = Counter(w.lower() for w in _WORD.findall(text))
    nb = sum(counts[w] for w in BOKMAL)
    nn = sum(counts[w] for w in NYNORSK)
    if nb == nn:
        return default
    return "nn" if nn > nb else "nb"


def detect_language(text: str, default: str = "en") -> str:
    """The most likely language of ``text`` (``default`` if the text says too little).

    Norwegian comes back as ``nb`` or ``nn``; other languages as their ISO 639-1 code.
    """
    script = _script_language(text)
    if script is not None:
        return script
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return default
    scores = language_scores(text)
    # The Scandinavian languages share many words; their distinct words decide.
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < MIN_SHARE:
        return default
    if best in ("no", "da", "sv"):
        best = _scandinavian(text, default)
    if best == "no":
        fallback = default if default in ("nb", "nn") else "nb"
        return norwegian_standard(text, fallback)
    return best


_DISTINCT = {
    "sv": frozenset(
        ["och", "är", "inte", "också", "mycket", "detta", "måste", "från", "ett", "jag"]
    ),
    "da": frozenset(["af", "meget", "nu", "efter", "hvad", "mig", "dig", "sig", "ud", "vores"]),
    "no": frozenset(
        [
            "ikkje",
            "eg",
            "frå",
            "òg",
            "meir",
            "meg",
            "deg",
            "seg",
            "ut",
            "våre",
            "etter",
            "hva",
            "nå",
            "mye",
            "kva",
        ]
    ),
}


def _scandinavian(text: str, default: str) -> str:
    counts = Counter(w.lower() for w in _WORD.findall(text))
    scores = {lang: sum(counts[w] for w in words) for lang, words in _DISTINCT.items()}
    # Shared words count for Norwegian unless Danish or Swedish clearly lead.
    best = max(scores, key=lambda lang: scores[lang])
    if best != "no" and scores[best] > 1.5 * scores["no"] and scores[best] >= 3:
        return best
    return "no"
