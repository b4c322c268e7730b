"""The reader is chosen by what a file contains; its suffix only breaks a tie."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.pipeline import read_source
from tests.conftest import REFERENCE
from tests.unit.test_reader_fixtures import FIXTURES

HTML = FIXTURES / "nb-html-archived-speech.html"
JSON = FIXTURES / "en-govuk-political-item-of-a-past-government.json"
MARKDOWN = FIXTURES / "en-markdown-canonical-front-matter.md"


@pytest.mark.parametrize(
    ("original", "saved_as", "reader"),
    [
        (REFERENCE, "scrape.md", "regjeringen-text"),
        (REFERENCE, "scrape.html", "regjeringen-text"),
        (HTML, "page.txt", "regjeringen-html"),
        (HTML, "page", "regjeringen-html"),
        (JSON, "item.txt", "govuk-json"),
        (MARKDOWN, "speech.txt", "markdown"),
        (MARKDOWN, "speech.json", "markdown"),
    ],
)
def test_reader_is_chosen_by_content(original: Path, saved_as: str, reader: str) -> None:
    speech, problems = read_source(Path(saved_as), data=original.read_bytes())
    assert speech is not None, [str(p) for p in problems]
    assert speech.reader == reader


def test_plain_text_without_a_header_is_read_with_a_warning() -> None:
    text = "A title of my own\n\nThe first paragraph of the speech, as plain as can be.\n"
    speech, problems = read_source(Path("plain.txt"), data=text.encode())
    assert speech is not None
    assert speech.metadata.title == "A title of my own"
    assert [(p.code, p.severity.value, p.line) for p in problems] == [("S102", "warning", 1)]


def test_an_unknown_kind_of_file_is_refused() -> None:
    speech, problems = read_source(Path("notes.rtf"), data=b"Just some words.\n")
    assert speech is None
    assert [(p.code, p.line) for p in problems] == [("S005", 1)]
