"""Which language a text is written in: English, bokmål or nynorsk.

A small, explainable detector: counts of function words that are frequent in one of
the three written standards and rare in the others. It decides the body language; the
language of a page's chrome (its labels) is a separate fact.
"""

from __future__ import annotations

import re
from collections import Counter

_MARKERS: dict[str, frozenset[str]] = {
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
        ]
    ),
    "nb": frozenset(
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
        ]
    ),
    "nn": frozenset(
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
        ]
    ),
}
# Words both Norwegian standards share say nothing about which of them a text is in.
_SHARED = _MARKERS["nb"] & _MARKERS["nn"]
_DISTINCT = {lang: words - _SHARED for lang, words in _MARKERS.items()}

_WORD = re.compile(r"[a-zæøåàòéèôâ]+", re.IGNORECASE)


def detect_language(text: str, default: str = "en") -> str:
    """The most likely of ``en``, ``nb`` and ``nn`` for ``text`` (``default`` if unsure)."""
    counts = Counter(word.lower() for word in _WORD.findall(text))
    scores = {lang: sum(counts[word] for word in words) for lang, words in _DISTINCT.items()}
    english = scores["en"]
    norwegian = scores["nb"] + scores["nn"]
    if english == 0 and norwegian == 0:
        return default
    if english >= norwegian:
        return "en"
    return "nn" if scores["nn"] > scores["nb"] else "nb"
