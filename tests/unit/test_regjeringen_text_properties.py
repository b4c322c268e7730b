"""Property-based: scrapes built from random header variants, dates and noise lines
read back with exactly the fields they were built from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.dates import MONTH_NAMES
from publish.governments import GOVERNMENTS, Government
from publish.pipeline import read_source

LANGS = ("en", "nb", "nn")
JS = {
    "en": "Enable Javascript in your browser for an improved experience of regjeringen.no",
    "nb": "Aktiver Javascript i din nettleser for en bedre opplevelse på regjeringen.no",
    "nn": "Aktiver Javascript i nettlesaren din for ei betre oppleving av regjeringen.no",
}
BANNER = {"en": "Historical archive", "nb": "Historisk arkiv", "nn": "Historisk arkiv"}
AGE_NOTICE = {
    "nb": (
        "Dette innholdet er mer enn 5 år gammelt. Informasjonen kan derfor være utdatert.",
        "Dette innholdet er mer enn 5 år gammelt",
    ),
    "nn": (
        "Dette innhaldet er meir enn 5 år gamalt. Informasjonen kan difor vere utdatert.",
        "Dette innhaldet er meir enn 5 år gamalt",
    ),
}
GOVERNMENT_LABEL = {"en": "Published under", "nb": "Publisert under", "nn": "Publisert under"}
PUBLISHER_LABEL = {"en": "Publisher", "nb": "Utgiver", "nn": "Utgjevar"}
TOP = {"en": "Go to the top", "nb": "Til toppen", "nn": "Til toppen"}
TITLES = {
    "en": ["Speech at the Nordic Energy Forum", "Address to the Oslo Forum", "Opening remarks"],
    "nb": ["Tale ved åpningen av skoleåret", "Innlegg på helsekonferansen", "Nyttårstale"],
    "nn": ["Tale ved opninga av kulturveka", "Innlegg om kystkultur", "Helsing til festivalen"],
}
PUBLISHERS = {
    "en": ["Ministry of Foreign Affairs", "Office of the Prime Minister", "Ministry of Finance"],
    "nb": ["Statsministerens kontor", "Utenriksdepartementet", "Justis- og politidepartementet"],
    "nn": ["Statsministerens kontor", "Kulturdepartementet", "Nærings- og fiskeridepartementet"],
}
PLACES = {
    "en": ["Oslo", "The Storting", "Akershus Castle, Oslo", "Tromsø", "Brussels"],
    "nb": ["Oslo", "Stortinget", "Regjeringskvartalet", "Bergen"],
    "nn": ["Oslo", "Stortinget", "Førde", "Ørsta"],
}
PEOPLE = {
    "en": [("Prime Minister", "Kjell Magne Bondevik"), ("State Secretary", "Kari Nordmann")],
    "nb": [("Statsminister", "Jens Stoltenberg"), ("Utenriksminister", "Jonas Gahr Støre")],
    "nn": [("Statsråd", "Kjell Ingolf Ropstad"), ("Kulturminister", "Anette Trettebergstuen")],
}
DELIVERY = {
    "en": ["Check against delivery", "Checked against delivery"],
    "nb": ["Sjekkes mot fremføring", "Med forbehold om endringer"],
    "nn": ["Sjekkes mot framføring", "Sjekket mot framføring"],
}
LEADS = {
    "en": "The Minister spoke about cooperation across borders and the work that lies ahead.",
    "nb": "Statsråden snakket om samarbeid på tvers av grenser og om arbeidet som venter.",
    "nn": "Statsråden snakka om samarbeid på tvers av grenser og om arbeidet som ligg framfor oss.",
}
BODIES = {
    "en": [
        "Ladies and gentlemen,",
        "It is a pleasure to be here today. The questions we discuss are not new, but the "
        "answers we need have changed, and we must find them together with our neighbours.",
        "Thank you.",
    ],
    "nb": [
        "Kjære alle sammen,",
        "Det er en glede å være her i dag. Vi skal ikke bare snakke om utfordringene, vi skal "
        "også finne løsninger sammen med dem som kjenner dem best.",
        "Takk for oppmerksomheten.",
    ],
    "nn": [
        "Kjære alle saman,",
        "Det er ei glede å vere her i dag. Vi skal ikkje berre snakke om utfordringane, vi skal "
        "òg finne løysingar saman med dei som kjenner dei best.",
        "Takk for merksemda.",
    ],
}
NOISE = [
    "Photo: NTB",
    "Foto: Scanpix",
    "Nett-tv",
    "Se sendingen her",
    "Utskriftsvennlig versjon",
    "Printer friendly version",
    "Skip to main content",
    "\u00a0",
]
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "nb": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
    "nn": ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"],
}


def printed_date(day: dt.date, lang: str, shape: int) -> str:
    if lang == "en":
        month = MONTH_NAMES["en"][day.month - 1]
        weekday = WEEKDAYS["en"][day.weekday()]
        return [
            f"{day.day} {month} {day.year}",
            f"{month} {day.day} {day.year}",
            f"{month} {day.day}, {day.year}",
            f"{weekday} {day.day} {month} {day.year}",
        ][shape % 4]
    month = MONTH_NAMES[lang][day.month - 1]
    weekday = WEEKDAYS[lang][day.weekday()]
    return [
        f"{day.day}. {month} {day.year}",
        f"{weekday} {day.day}. {month} {day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day}. {month} {day.year}",
    ][shape % 4]


def government_name(government: Government, lang: str, pick: int) -> str:
    if lang == "en":
        return government.name_en
    if lang == "nn" and pick % 2:
        return government.name_nn
    return government.name_nb


@dataclass(frozen=True)
class Scrape:
    text: str
    expected: dict[str, str | None]
    first_body: str


@st.composite
def scrapes(draw: st.DrawFn) -> Scrape:
    lang = draw(st.sampled_from(LANGS))
    government = draw(st.sampled_from([g for g in GOVERNMENTS if g.start.year >= 1945]))
    last = government.end or dt.date(2026, 1, 1)
    day = draw(st.dates(min_value=government.start, max_value=last))
    shape = draw(st.integers(0, 3))
    banner = draw(st.sampled_from(["none", "first", "after", "both", "age"]))
    if banner == "age" and lang == "en":
        banner = "both"
    title = draw(st.sampled_from(TITLES[lang]))
    publisher = draw(st.sampled_from(PUBLISHERS[lang]))
    publisher_shape = draw(st.sampled_from(["colon", "no-colon", "alone"]))
    place = draw(st.one_of(st.none(), st.sampled_from(PLACES[lang])))
    person = draw(st.one_of(st.none(), st.sampled_from(PEOPLE[lang])))
    delivery = draw(st.one_of(st.none(), st.sampled_from(DELIVERY[lang])))
    delivery_after_lead = draw(st.booleans())
    repeat_lead = draw(st.booleans())
    noise = draw(st.lists(st.sampled_from(NOISE), max_size=3))
    top_noise = draw(st.booleans())
    separator = draw(st.sampled_from(["\n\n", "\n \n", "\n\u00a0\n\n", "\n\n\n"]))
    name = government_name(government, lang, draw(st.integers(0, 1)))

    parts: list[str] = []
    if top_noise:
        parts.append(JS[lang])
    status: str | None = None
    if banner in ("first", "both"):
        parts.append(BANNER[lang])
        status = BANNER[lang]
    if banner == "age":
        parts.append(AGE_NOTICE[lang][0])
        status = AGE_NOTICE[lang][1]
    if person:
        parts.append(f"{person[0]} {person[1]}")
    parts.append(title)
    if banner in ("after", "both"):
        parts.append(BANNER[lang])
        status = BANNER[lang]
    parts.append(f"{GOVERNMENT_LABEL[lang]}: {name}")
    label = PUBLISHER_LABEL[lang]
    if publisher_shape == "colon":
        parts.append(f"{label}: {publisher}")
    elif publisher_shape == "no-colon":
        parts.append(f"{label} {publisher}")
    else:
        parts.extend([label, publisher])
    if delivery and not delivery_after_lead:
        parts.append(delivery)
    date_text = printed_date(day, lang, shape)
    parts.append(f"{place}, {date_text}" if place else date_text)
    parts.append(LEADS[lang])
    if delivery and delivery_after_lead:
        parts.append(delivery)
    if repeat_lead:
        parts.append(LEADS[lang])
    body = list(BODIES[lang])
    for index, line in enumerate(noise):
        body.insert(1 + index % (len(body) - 1), line)
    parts.extend(body)
    parts.append(TOP[lang])
    expected = {
        "title": title,
        "archive_status": status,
        "government": name,
        "publisher": publisher,
        "date": day.isoformat(),
        "date_text": date_text,
        "place": place,
        "lead": LEADS[lang],
        "delivery_note": delivery,
        "speaker": person[1] if person else None,
        "speaker_role": person[0] if person else None,
        "lang": lang,
    }
    return Scrape(separator.join(parts) + "\n", expected, BODIES[lang][0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scrapes())
def test_random_scrapes_read_back_exactly(scrape: Scrape) -> None:
    speech, problems = read_source(Path("scrape.txt"), data=scrape.text.encode("utf-8"))
    assert speech is not None, ([str(p) for p in problems], scrape.text)
    actual = speech.metadata.as_json()
    wrong = {k: (actual[k], v) for k, v in scrape.expected.items() if actual[k] != v}
    assert not wrong, (wrong, scrape.text)
    assert not [p for p in problems if p.severity.value != "info"], [str(p) for p in problems]
    assert speech.body.startswith(scrape.first_body), (speech.body, scrape.text)
    for line in NOISE + list(TOP.values()) + list(JS.values()):
        if line.strip():
            assert line not in speech.body, (line, speech.body)
