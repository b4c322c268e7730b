"""``publish import``: canonical Markdown, deterministic, never over a hand edit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from publish.cli import main
from publish.importer import Status, canonical_markdown, import_source, is_unedited
from publish.model import FIELDS
from publish.pipeline import read_source
from tests.conftest import REFERENCE
from tests.unit.test_reader_fixtures import CASES


def front_matter(text: str) -> dict[str, object]:
    head = text.split("---\n")[1]
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_import_of_every_fixture_reads_back_as_the_original(path: Path, tmp_path: Path) -> None:
    result = import_source(path, tmp_path)
    assert result.status is Status.WRITTEN, [str(d) for d in result.diagnostics]
    assert result.target is not None
    original, first_problems = read_source(path)
    again, problems = read_source(result.target)
    assert original is not None and again is not None, problems
    assert again.metadata == original.metadata
    assert again.body == original.body
    assert again.slug == original.slug
    assert again.origin_sha256 == original.origin_sha256
    assert again.chrome_lang == original.chrome_lang
    # Warnings about the metadata (a date outside the government's period) stay; those
    # about reading the original (a title taken from <title>) are answered by the import.
    warnings = sorted(p.code for p in problems if p.severity.value != "info")
    assert all(code.startswith("M") for code in warnings), warnings
    assert warnings == sorted(
        p.code for p in first_problems if p.severity.value != "info" and p.code.startswith("M")
    )


def test_import_writes_the_field_names_in_order_and_the_provenance(tmp_path: Path) -> None:
    result = import_source(REFERENCE, tmp_path)
    assert result.target == tmp_path / f"{REFERENCE.stem}.md"
    text = result.target.read_text(encoding="utf-8")
    data = front_matter(text)
    keys = list(data)
    assert keys[-1] == "provenance"
    assert keys[:-1] == [k for k in FIELDS if k in keys]
    provenance = data["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["file"] == REFERENCE.name
    assert provenance["sha256"] == hashlib.sha256(REFERENCE.read_bytes()).hexdigest()
    assert provenance["reader"] == "regjeringen-text"
    assert provenance["encoding"] == "utf-8"
    assert provenance["chrome_lang"] == "en"
    assert is_unedited(text)
    assert text.endswith("Thank you.\n")


def test_importing_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = import_source(REFERENCE, tmp_path)
    assert first.target is not None
    data = first.target.read_bytes()
    second = import_source(REFERENCE, tmp_path)
    assert second.status is Status.UNCHANGED
    assert first.target.read_bytes() == data
    other = tmp_path / "again"
    import_source(REFERENCE, other)
    assert (other / first.target.name).read_bytes() == data


def test_importing_an_imported_file_keeps_the_original_provenance(tmp_path: Path) -> None:
    first = import_source(REFERENCE, tmp_path / "one")
    assert first.target is not None
    second = import_source(first.target, tmp_path / "two")
    assert second.target is not None
    assert second.target.read_bytes() == first.target.read_bytes()


def test_an_edited_import_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = import_source(REFERENCE, tmp_path)
    assert result.target is not None
    edited = result.target.read_text(encoding="utf-8").replace("Ladies and", "Dear ladies and")
    result.target.write_text(edited, encoding="utf-8")
    assert not is_unedited(edited)

    refused = import_source(REFERENCE, tmp_path)
    assert refused.status is Status.REFUSED
    assert [d.code for d in refused.diagnostics] == ["S201"]
    assert refused.diagnostics[0].path == result.target
    assert result.target.read_text(encoding="utf-8") == edited

    assert main(["import", str(REFERENCE), "--to", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "S201" in err and "--force" in err
    assert main(["import", str(REFERENCE), "--to", str(tmp_path), "--force"]) == 0
    assert "Dear ladies" not in result.target.read_text(encoding="utf-8")


def test_a_hand_written_file_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / f"{REFERENCE.stem}.md"
    target.write_text("---\ntitle: Mine\n---\n\nMy own text.\n", encoding="utf-8")
    result = import_source(REFERENCE, tmp_path)
    assert result.status is Status.REFUSED
    assert "My own text" in target.read_text(encoding="utf-8")


def test_an_unedited_import_of_another_original_is_not_overwritten(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    twin = elsewhere / REFERENCE.name
    twin.write_text(REFERENCE.read_text(encoding="utf-8").replace("Thank you.", "Thanks."))
    import_source(twin, tmp_path / "out")
    result = import_source(REFERENCE, tmp_path / "out")
    assert result.status is Status.REFUSED
    assert [d.code for d in result.diagnostics] == ["S202"]


def test_an_unedited_import_is_updated_when_the_original_reads_differently(
    tmp_path: Path,
) -> None:
    result = import_source(REFERENCE, tmp_path)
    assert result.target is not None
    speech, _ = read_source(REFERENCE)
    assert speech is not None
    # An older import of the same original (here: with a different lead) is replaced.
    from dataclasses import replace

    older = replace(speech, metadata=replace(speech.metadata, lead="An older reading."))
    result.target.write_text(canonical_markdown(older), encoding="utf-8")
    again = import_source(REFERENCE, tmp_path)
    assert again.status is Status.WRITTEN
    assert "An older reading." not in result.target.read_text(encoding="utf-8")


def test_import_of_a_windows_1252_file_writes_utf8_and_records_the_encoding(
    tmp_path: Path,
) -> None:
    source = Path(CASES[0]).parent / "nb-windows-1252-encoding.txt"
    result = import_source(source, tmp_path)
    assert result.target is not None
    text = result.target.read_bytes().decode("utf-8")
    assert "encoding: cp1252" in text
    assert "Tale på «Kystens dag»" in text
