"""Bad input, through the command line: a clear diagnostic naming the file and the line,
an exit code, never a traceback, and the other sources still read and built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from publish.cli import main

GOOD = """Historical archive

A speech that reads well

Historical archive

Published under: Solberg's Government

Publisher: Ministry of Finance

Oslo, 3 March 2015

The Minister spoke about the budget.

Ladies and gentlemen,

The economy is doing well, and we intend to keep it that way for years to come.

Thank you.
"""

#: file name -> (content, the code expected, the line expected)
BAD: dict[str, tuple[bytes, str, int]] = {
    "empty.txt": (b"", "S001", 1),
    "blank.md": (b"  \n\n \n", "S001", 1),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "S002", 1),
    "nul-bytes.txt": (b"Historical archive\n\nTitle\n\x00\x01\x02 data", "S002", 4),
    "invalid-utf8.txt": (
        "Historisk arkiv\n\nTale om været\n\nUtgiver: Finansdepartementet\n\n".encode()
        + b"Det var en fin dag p\xe5 Stortinget.\n",
        "S003",
        7,
    ),
    "no-title.txt": (
        b"Historical archive\n\nPublished under: Solberg's Government\n\n"
        b"Publisher: Ministry of Finance\n\nThe lead.\n\nBody.\n",
        "M001",
        3,
    ),
    "yaml-error.md": (b"---\ntitle: ok\nplace: [unclosed\nlang: en\n---\nBody\n", "S006", 3),
    "unknown-field.md": (b"---\ntitle: ok\nauthor: Someone\n---\nBody\n", "M002", 3),
    "bad-date.md": (b"---\ntitle: ok\ndate: 19 - 20 October\n---\nBody\n", "M004", 3),
    "bad-language.md": (b"---\ntitle: ok\nlang: Klingon please\n---\nBody\n", "M005", 3),
    "bad-provenance.md": (
        b"---\ntitle: ok\nprovenance:\n  file: x.txt\n  sha256: nothex\n---\nBody\n",
        "S012",
        3,
    ),
    "broken.json": (b'{"title": "x", "details": {\n  "body": \n}\n', "S011", 3),
    "other.json": (b'{"name": "not a content item"}\n', "S011", 1),
    "no-front-matter.md": (b"# Just a heading\n\nSome text.\n", "S007", 1),
    "nul-in-field.md": (b'---\ntitle: ok\nplace: "a\\u0000b"\n---\nBody\n', "M003", 3),
    "impossible-date.md": (b'---\ntitle: ok\ndate: "2011-02-31"\n---\nBody\n', "M004", 3),
}
BIG = "huge.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "sources"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (data, _code, _line) in BAD.items():
        (root / name).write_bytes(data)
    # 50 MB, ten times the limit: refused after reading no more than the limit.
    with (root / BIG).open("wb") as handle:
        line = b"x" * 99 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line)):
            handle.write(line)
    return root


def test_inspect_reports_every_bad_file_with_its_line_and_goes_on(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["inspect", str(folder)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    for name, (_data, code, line) in BAD.items():
        assert re.search(rf"{re.escape(name)}:{line}: error: {code} ", err), (name, err)
    assert re.search(rf"{BIG}:\d+: error: S004 the file is over the limit", err), err
    assert "A speech that reads well" in out


def test_inspect_json_gives_code_message_and_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inspect", str(folder), "--json"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_name = {Path(str(r["path"])).name: r for r in records}
    assert set(by_name) == {"good.txt", BIG, *BAD}
    assert by_name["good.txt"]["title"] == "A speech that reads well"
    for name, (_data, code, line) in BAD.items():
        (problem,) = [d for d in by_name[name]["diagnostics"] if d["severity"] == "error"]
        assert (problem["code"], problem["line"]) == (code, line), name
        assert problem["message"]


def test_build_builds_the_good_source_and_fails_for_the_bad(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = main(["build", str(folder), "--format", "html", "--out", str(out)])
    _stdout, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in err
    assert (out / "html" / "good.html").is_file()
    for name in BAD:
        assert name in err, name


def test_import_fails_for_the_bad_and_writes_the_good(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "imported"
    status = main(["import", str(folder), "--to", str(target)])
    _stdout, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in err
    assert sorted(p.name for p in target.iterdir()) == ["good.md"]


def test_a_folder_without_sources_is_a_warning_not_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "speeches"
    (empty / "notes").mkdir(parents=True)
    (empty / "notes" / "readme.doc").write_bytes(b"not a source")
    status = main(["build", str(empty), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 0
    assert f"{empty}: warning: S017 no source files in this folder" in err
