"""The running header's title: short enough for the page's head, and never ending badly."""

from __future__ import annotations

import pytest

from publish.render import short_title


def test_a_title_that_fits_is_kept_whole() -> None:
    assert short_title("Digital beredskap er et felles ansvar") == (
        "Digital beredskap er et felles ansvar"
    )


@pytest.mark.parametrize(
    ("title", "short"),
    [
        # The main title before a subtitle, without an ellipsis.
        ("Opening the archives: our shared past, online and for everyone", "Opening the archives"),
        (
            "Kystkulturen er ei levande kjelde – tale ved opninga av Kystkulturdagane i Kabelvåg",
            "Kystkulturen er ei levande kjelde",
        ),
    ],
)
def test_a_long_title_keeps_its_main_title(title: str, short: str) -> None:
    assert short_title(title) == short


def test_a_main_title_too_short_to_stand_alone_is_not_used() -> None:
    title = "Oslo: a speech on the digital preparedness of the public sector and its partners"
    short = short_title(title)
    assert short.endswith("…") and short.startswith("Oslo: a speech on the digital")


@pytest.mark.parametrize(
    ("title", "lang", "short"),
    [
        (
            "Speech at the opening of the conference on digital vulnerability and for all of us",
            "en",
            "Speech at the opening of the conference on digital…",
        ),
        (
            "Tale ved opninga av konferansen om digital sårbarheit i kritisk infrastruktur og i",
            "nn",
            "Tale ved opninga av konferansen om digital sårbarheit…",
        ),
    ],
)
def test_a_cut_title_does_not_end_on_a_little_word(title: str, lang: str, short: str) -> None:
    cut = short_title(title, lang=lang)
    assert len(cut) <= 61
    assert cut == short


def test_every_cut_fits_and_ends_on_a_word() -> None:
    words = "the archive of and for a speech on digital preparedness in Norway".split()
    for n in range(1, 40):
        title = " ".join(words[i % len(words)] for i in range(n))
        short = short_title(title)
        assert len(short) <= 61
        assert short == title or short.endswith("…")
        if short.endswith("…"):
            assert title.startswith(short[:-1])
            assert short[:-1].split(" ")[-1] not in {"the", "of", "and", "for", "a", "on", "in"}
