"""A deterministic synthetic corpus of speeches for benchmarks.

N speeches of 1,200-2,500 words in English, bokmål and nynorsk, with headings, lists,
quotations and the metadata of real archives (governments, publishers, dates), as
Markdown with front matter. The same N and seed always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

WORDS = {
    "en": (
        "the government will work with partners to strengthen our shared responsibility for "
        "security and justice in every community across the country we must ensure that "
        "public services remain open accountable and resilient when crises test them and "
        "that people trust the institutions that serve them every day this requires "
        "cooperation planning investment and the courage to learn from mistakes"
    ).split(),
    "nb": (
        "regjeringen vil arbeide sammen med kommunene for å styrke beredskapen og tilliten "
        "til offentlige tjenester i hele landet vi skal sikre at innbyggerne får hjelp når "
        "de trenger det og at institusjonene lærer av erfaringer fra øvelser og hendelser "
        "dette krever samarbeid planlegging investeringer og vilje til å ta ansvar"
    ).split(),
    "nn": (
        "regjeringa vil arbeide saman med kommunane for å styrkje beredskapen og tilliten "
        "til offentlege tenester i heile landet vi skal sikre at innbyggjarane får hjelp når "
        "dei treng det og at institusjonane lærer av røynsler frå øvingar og hendingar "
        "dette krev samarbeid planlegging investeringar og vilje til å ta ansvar"
    ).split(),
}
GOVERNMENTS = {
    "en": ["Stoltenberg's 2nd Government", "Solberg's Government", "Støre's Government"],
    "nb": ["Regjeringen Stoltenberg II", "Regjeringen Solberg", "Regjeringen Støre"],
    "nn": ["Regjeringa Stoltenberg II", "Regjeringa Solberg", "Regjeringa Støre"],
}
PUBLISHERS = {
    "en": ["Ministry of Justice and Public Security", "Office of the Prime Minister"],
    "nb": ["Justis- og beredskapsdepartementet", "Statsministerens kontor"],
    "nn": ["Justis- og beredskapsdepartementet", "Statsministerens kontor"],
}
STATUS = {"en": "Historical archive", "nb": "Historisk arkiv", "nn": "Historisk arkiv"}
HEADINGS = {
    "en": ["Where we stand", "What we will do", "Working together", "Looking ahead"],
    "nb": ["Hvor vi står", "Hva vi skal gjøre", "Samarbeid", "Veien videre"],
    "nn": ["Kvar vi står", "Kva vi skal gjere", "Samarbeid", "Vegen vidare"],
}


def _sentence(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(9, 22))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(rng.randint(3, 6)))


def speech(index: int, seed: int = 1) -> tuple[str, str]:
    """The file name and text of synthetic speech ``index``."""
    rng = random.Random(f"{seed}:{index}")
    lang = ("en", "nb", "nn")[index % 3]
    archived = index % 4 != 0
    day = dt.date(2006, 1, 1) + dt.timedelta(days=rng.randint(0, 6900))
    target = rng.randint(1200, 2500)
    blocks: list[str] = []
    words = 0
    headings = iter(HEADINGS[lang] * 4)
    while words < target:
        if blocks and rng.random() < 0.12:
            blocks.append("## " + next(headings))
        elif blocks and rng.random() < 0.08:
            items = [_sentence(rng, lang) for _ in range(rng.randint(3, 5))]
            blocks.append("\n".join(f"- {item}" for item in items))
        elif blocks and rng.random() < 0.06:
            blocks.append("> " + _sentence(rng, lang))
        else:
            blocks.append(_paragraph(rng, lang))
        words += len(blocks[-1].split())
    # The government in office on the day, as the archive names it in the page's language.
    era = 0 if day < dt.date(2013, 10, 16) else (1 if day < dt.date(2021, 10, 14) else 2)
    government = GOVERNMENTS[lang][era]
    front = [
        "---",
        f"title: {_sentence(rng, lang)[:70].rstrip('.').strip()} ({index})",
        f"lead: {_sentence(rng, lang)}",
        f"speaker: Speaker {index % 17}",
        f'date: "{day.isoformat()}"',
        f'government: "{government}"',
        f"publisher: {PUBLISHERS[lang][index % 2]}",
        f"lang: {lang}",
    ]
    if archived:
        front.append(f"archive_status: {STATUS[lang]}")
    front.append("---")
    return f"speech-{index:05d}.md", "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = speech(index, seed)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
