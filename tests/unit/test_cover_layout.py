"""The EPUB cover's text is measured with the fonts it names: it stays on the cover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publish.writers.epub import (
    COVER_FONTS,
    COVER_TEXT_WIDTH,
    Cover,
    cover_svg,
    text_width,
    wrap_measured,
)

FONTS = Path(__file__).resolve().parents[2] / "styles" / "fonts"
LABELS = {"cover": "Cover"}


def cover(title: str, status: str = "Historical archive", byline: str = "Jane Doe") -> Cover:
    return Cover(
        lang="en",
        title=title,
        status=status,
        byline=byline,
        details=("Published under: Stoltenberg's 2nd Government",),
        archived=True,
        description=title,
    )


def test_the_fonts_are_read() -> None:
    serif = FONTS / COVER_FONTS["title"]
    # Measured, not estimated: a W is wider than an i in a real font.
    assert text_width("W", serif, 100) > 2 * text_width("i", serif, 100)


@pytest.mark.parametrize(
    "title",
    [
        "Speech at the Third EU Anti Trafficking Day",
        "WWWWWW WWWWWWW WWWWW MMMMMMM WWWWWW MMMMMMMMM WWWW MMMMMM WWWWWWW MMMMM WWWWW",
        "Kystkulturen er ei levande kjelde for heile landet og alle som bur langs kysten vår",
    ],
)
def test_every_title_line_fits_the_cover(title: str) -> None:
    svg = cover_svg(cover(title), LABELS, FONTS)
    size = int(re.findall(r'font-size="(\d+)" font-weight="bold" fill="[^"]+">', svg)[1])
    lines = re.findall(r"Georgia, serif\" font-size=\"\d+\" [^>]*>([^<]*)</text>", svg)
    assert lines and " ".join(lines) == title
    for line in lines:
        assert text_width(line, FONTS / COVER_FONTS["title"], size) <= COVER_TEXT_WIDTH


def test_lines_are_balanced_not_filled() -> None:
    font = FONTS / COVER_FONTS["title"]
    lines = wrap_measured("Speech at the Third EU Anti Trafficking Day", font, 120, 1360)
    assert len(lines) == 3
    widths = [text_width(line, font, 120) for line in lines]
    assert min(widths) > 0.6 * max(widths), lines  # no word alone on the last line


def test_the_status_box_fits_its_text() -> None:
    for status in ("Historical archive", "Collection · 2 speeches", "Gjeldande – ikkje arkivert"):
        svg = cover_svg(cover("A title", status=status), LABELS, FONTS)
        box = int(re.search(r'<rect x="120" y="200" width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
        text = text_width(status, FONTS / COVER_FONTS["status"], 64)
        assert box == round(text) + 80


def test_a_long_byline_wraps() -> None:
    byline = "Statssekretær Kari Nordmann-Kristiansen, 19.–20. oktober 2010, Oslo Kongressenter"
    svg = cover_svg(cover("A title", byline=byline), LABELS, FONTS)
    lines = re.findall(r'sans-serif" font-size="64" fill="[^"]+">([^<]*)</text>', svg)
    assert len(lines) == 2 and " ".join(lines) == byline
    for line in lines:
        assert text_width(line, FONTS / COVER_FONTS["text"], 64) <= COVER_TEXT_WIDTH


def test_without_fonts_the_cover_is_still_drawn() -> None:
    svg = cover_svg(cover("Speech at the Third EU Anti Trafficking Day"), LABELS, None)
    assert "Trafficking" in svg
    assert cover_svg(cover("x"), LABELS, FONTS / "missing").startswith("<?xml")
