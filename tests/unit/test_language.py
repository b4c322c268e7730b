from __future__ import annotations

import pytest

from publish.language import detect_language, norwegian_standard

SAMPLES = {
    "en": "We must work together across borders, because the challenges we face do not stop "
    "at any border, and they will not wait for us.",
    "nb": "Vi skal ikke bare snakke om utfordringene, vi skal også finne løsninger sammen med "
    "dem som kjenner dem best. Hva gjør vi nå?",
    "nn": "Vi skal ikkje berre snakke om utfordringane, vi skal òg finne løysingar saman med "
    "dei som kjenner dei best. Kva gjer vi no?",
    "sv": "Vi ska inte bara tala om utmaningarna, vi ska också hitta lösningar tillsammans "
    "med dem som känner dem bäst. Det är mycket viktigt.",
    "da": "Vi skal ikke kun tale om udfordringerne, vi skal også finde løsninger sammen med "
    "dem, der kender dem bedst. Hvad gør vi nu efter dette?",
    "se": "Mun lean hui ilus go lean dás odne. Dat lea stuorra beaivi min álbmogii, ja mii "
    "leat ollu dáppe.",
    "ar": "هذا القرار بداية لنهاية برنامج الأسلحة الكيميائية في ليبيا",
}


@pytest.mark.parametrize("lang", SAMPLES)
def test_detect_language(lang: str) -> None:
    assert detect_language(SAMPLES[lang]) == lang


def test_too_little_text_gives_the_default() -> None:
    assert detect_language("Takk.", default="nn") == "nn"
    assert detect_language("", default="nb") == "nb"


def test_a_sami_greeting_does_not_change_a_norwegian_speech() -> None:
    text = "Buorre beaivi! " + SAMPLES["nb"] * 3
    assert detect_language(text) == "nb"


def test_an_english_speech_in_norwegian_chrome_is_english() -> None:
    text = "Historisk arkiv Publisert under: Regjeringen Solberg Utgiver: Utenriksdepartementet "
    assert detect_language(text + SAMPLES["en"] * 3, default="nb") == "en"


def test_norwegian_standard_falls_back_when_undecided() -> None:
    assert norwegian_standard("og det er", default="nn") == "nn"
