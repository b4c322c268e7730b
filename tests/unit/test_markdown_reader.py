from __future__ import annotations

from pathlib import Path

from publish.pipeline import read_source


def write(tmp_path: Path, text: str, name: str = "speech.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_fields_are_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "---\ntitle: A speech\ndate: 2011-03-14\nlang: nb-NO\narchive_status: Historisk arkiv\n"
        "---\n\nTekst.\n",
    )
    speech, problems = read_source(path)
    assert speech is not None, problems
    assert speech.metadata.date is not None
    assert speech.metadata.date.isoformat() == "2011-03-14"
    assert speech.metadata.lang == "nb"
    assert speech.metadata.archive_status == "Historisk arkiv"
    assert speech.body == "Tekst.\n"


def test_yaml_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: ok\nplace: [unclosed\nlang: en\n---\nBody\n")
    speech, problems = read_source(path)
    assert speech is None
    (problem,) = problems
    assert problem.code == "S006"
    assert problem.path == path
    assert problem.line in (3, 4, 5)


def test_unknown_field_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: ok\nauthor: Someone\n---\nBody\n")
    speech, problems = read_source(path)
    assert speech is None
    (problem,) = problems
    assert problem.code == "M002"
    assert problem.line == 3
    assert "author" in problem.message


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: one\ntitle: two\n---\nBody\n")
    speech, problems = read_source(path)
    assert speech is None
    assert problems[0].code == "S006"


def test_missing_title_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "---\nlang: en\n---\nBody\n")
    speech, problems = read_source(path)
    assert speech is None
    assert [p.code for p in problems] == ["M001"]


def test_language_is_detected_when_not_given(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "---\ntitle: Tale\n---\n\nEg er glad for at de er her, og eg vil ikkje seie meir enn "
        "det som trengst. Kva skal vi gjere no?\n",
    )
    speech, problems = read_source(path)
    assert speech is not None, problems
    assert speech.metadata.lang == "nn"


def test_empty_binary_and_bad_encoding_files_get_clear_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "Historisk arkiv\n\nTittel på tale\n\nPublisert under: Regjeringen Borten\n\n"
        "Utgiver: Statsministerens kontor\n\nIngress om været.\n\nKjære alle,\n\nTekst.\n".encode(
            "cp1252"
        )
    )
    assert read_source(empty)[1][0].code == "S001"
    assert read_source(binary)[1][0].code == "S002"
    speech, problems = read_source(latin)
    assert speech is not None, problems
    assert speech.source.encoding == "cp1252"
    assert speech.metadata.title == "Tittel på tale"


def test_removed_and_linked_targets_are_reported_on_their_own_lines(tmp_path: Path) -> None:
    text = (
        "---\n"  # 1
        "title: Lines\n"  # 2
        "lang: en\n"  # 3
        "---\n"  # 4
        "\n"  # 5
        "\n"  # 6
        "The first paragraph.\n"  # 7
        "\n"  # 8
        "See [the file](file:///etc/passwd) here.\n"  # 9
        "\n"  # 10
        "A [span]{onclick=alert(1)} and ![a chart](https://example.org/c.png).\n"  # 11
    )
    speech, problems = read_source(write(tmp_path, text))
    assert speech is not None
    lines = {(p.code, p.message.split(":")[0], p.line) for p in problems}
    assert ("S013", "removed the link to 'file", 9) in lines, problems
    assert ("S013", "removed the attribute 'onclick'", 11) in lines, problems
    assert any(p.code == "S016" and p.line == 11 for p in problems), problems
    hints = {p.message.split(":")[0]: p.hint for p in problems if p.code == "S013"}
    assert "attribute" in (hints["removed the attribute 'onclick'"] or "")
