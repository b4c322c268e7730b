"""The plain-text regjeringen.no reader, pinned on the reference speech and variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publish.cli import main
from publish.pipeline import read_source
from tests.conftest import REFERENCE


def inspect_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["inspect", str(path), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert isinstance(record, dict)
    return record


def test_inspect_reference_gives_the_specified_fields(capsys: pytest.CaptureFixture[str]) -> None:
    record = inspect_json(REFERENCE, capsys)
    assert record["title"] == "Speech at the Third EU Anti Trafficking Day"
    assert record["archive_status"] == "Historical archive"
    assert record["government"] == "Stoltenberg's 2nd Government"
    assert record["publisher"] == "Ministry of Justice and the Police"
    assert record["lang"] == "en"
    assert record["speaker"] is None
    assert record["date"] is None
    assert "19 - 20 October" in str(record["date_text"])
    assert record["place"] == "Brussels"
    assert str(record["lead"]).startswith("In Norway we are now in the process")
    assert record["occasion"] == (
        "EU Ministerial Conference: “Towards Global EU Action against Trafficking in Human "
        "Beings”. The Third EU Anti Trafficking Day"
    )
    assert record["sha256"] == ("3383ec77db851ca70a75e11e10b393fa0f4c3dc2bf822840119b463554a840e3")
    assert record["diagnostics"] == []


def test_reference_body_starts_at_salutation_without_chrome_lead_or_banner() -> None:
    speech, problems = read_source(REFERENCE)
    assert speech is not None, problems
    body = speech.body
    assert body.startswith("Ladies and gentlemen,")
    assert "Enable Javascript" not in body
    assert "Go to the top" not in body
    assert "Historical archive" not in body
    assert "Published under" not in body
    lead = speech.metadata.lead
    assert lead is not None
    assert lead not in body
    assert body.rstrip().endswith("Thank you.")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NB_SCRAPE = """Aktiver Javascript i din nettleser for en bedre opplevelse på regjeringen.no

Historisk arkiv

Statsminister Jens Stoltenberg

Tale ved åpningen av konferansen

Historisk arkiv

Publisert under: Regjeringen Stoltenberg II

Utgiver: Statsministerens kontor

Oslo, 10. oktober 2007

Statsministeren åpnet konferansen og snakket om klima.

Sjekkes mot fremføring

Kjære alle sammen,

Det er en glede å være her i dag. Vi skal ikke bare snakke om klima, vi skal gjøre noe.

Til toppen
"""


def test_bokmal_scrape_with_person_line_and_delivery_marker(tmp_path: Path) -> None:
    speech, problems = read_source(write(tmp_path, "nb.txt", NB_SCRAPE))
    assert speech is not None, problems
    m = speech.metadata
    assert m.title == "Tale ved åpningen av konferansen"
    assert m.archive_status == "Historisk arkiv"
    assert m.government == "Regjeringen Stoltenberg II"
    assert m.publisher == "Statsministerens kontor"
    assert m.speaker == "Jens Stoltenberg"
    assert m.speaker_role == "Statsminister"
    assert m.place == "Oslo"
    assert m.date is not None and m.date.isoformat() == "2007-10-10"
    assert m.date_text == "10. oktober 2007"
    assert m.delivery_note == "Sjekkes mot fremføring"
    assert m.lead == "Statsministeren åpnet konferansen og snakket om klima."
    assert m.lang == "nb"
    assert speech.body.startswith("Kjære alle sammen,")
    assert "Til toppen" not in speech.body


NN_CURRENT = """Aktiver Javascript i nettlesaren din for ei betre oppleving av regjeringen.no

Tale om kystkultur

Publisert under: Regjeringa Støre

Utgjevar Nærings- og fiskeridepartementet

Ministeren opna dagane med ei takk til alle som held kystkulturen i live.

Gode alle saman!

Eg er glad for å vere her. Det er ikkje kvar dag eg får sjå så mange båtar,
og eg vil takke dei som har kome.
"""


def test_nynorsk_current_page_has_no_archive_status(tmp_path: Path) -> None:
    speech, problems = read_source(write(tmp_path, "nn.txt", NN_CURRENT))
    assert speech is not None, problems
    m = speech.metadata
    assert m.archive_status is None
    assert m.title == "Tale om kystkultur"
    assert m.publisher == "Nærings- og fiskeridepartementet"
    assert m.government == "Regjeringa Støre"
    assert m.lang == "nn"
    assert m.lead == "Ministeren opna dagane med ei takk til alle som held kystkulturen i live."
    assert speech.body.startswith("Gode alle saman!")


def test_lead_repeated_as_first_body_paragraph_is_dropped(tmp_path: Path) -> None:
    text = (
        "Historical archive\n\nA title\n\nHistorical archive\n\n"
        "Published under: Solberg's Government\n\nPublisher: Ministry of Foreign Affairs\n\n"
        "The lead paragraph, said once.\n\nThe lead paragraph, said once.\n\n"
        "First real paragraph.\n\nSecond one.\n"
    )
    speech, problems = read_source(write(tmp_path, "repeat.txt", text))
    assert speech is not None, problems
    assert speech.metadata.lead == "The lead paragraph, said once."
    assert speech.body.startswith("First real paragraph.")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The Storting, 2 October 2007", {"place": "The Storting", "date": "2007-10-02"}),
        ("Jerusalem, 22 February 1999", {"place": "Jerusalem", "date": "1999-02-22"}),
        (
            "Akershus Castle, Oslo, 26 April 2004",
            {"place": "Akershus Castle, Oslo", "date": "2004-04-26"},
        ),
        (
            "Oslo Military Society, Monday 10 January 2005",
            {"place": "Oslo Military Society", "date": "2005-01-10"},
        ),
        ("8 February 2006", {"place": None, "date": "2006-02-08"}),
        (
            "Regjeringskvartalet, 30. januar 2001",
            {"place": "Regjeringskvartalet", "date": "2001-01-30"},
        ),
        ("The Storting, October 2 2014", {"place": "The Storting", "date": "2014-10-02"}),
    ],
)
def test_date_and_place_line_shapes(
    tmp_path: Path, line: str, expected: dict[str, str | None]
) -> None:
    text = (
        "Historical archive\n\nTitle of the speech\n\nPublished under: Solberg's Government\n\n"
        f"Publisher: Office of the Prime Minister\n\n{line}\n\nA lead.\n\nBody one.\n\nBody two.\n"
    )
    speech, problems = read_source(write(tmp_path, "shape.txt", text))
    assert speech is not None, problems
    m = speech.metadata
    assert m.place == expected["place"]
    assert (m.date.isoformat() if m.date else None) == expected["date"]
    assert m.lead == "A lead."


def test_markdown_special_characters_in_scrapes_stay_text(tmp_path: Path) -> None:
    text = (
        "Historical archive\n\nTitle\n\nPublished under: Solberg's Government\n\n"
        "Publisher: Ministry of Finance\n\nA lead.\n\nBody one.\n\n"
        "1. not a list, *not emphasis*, <script>alert(1)</script> and [not](a link)\n\n"
        "- neither is this\n"
    )
    from publish.render import body_to_html

    speech, problems = read_source(write(tmp_path, "special.txt", text))
    assert speech is not None, problems
    html = body_to_html(speech.body)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ol" not in html and "<ul" not in html and "<em>" not in html and "<a " not in html
    assert "1. not a list, *not emphasis*" in html
    assert "- neither is this" in html
