"""Sources that would stall or crash an engine: each fails alone, named, and the others
are built (a FIFO, a body pandoc takes minutes over, lists nested a thousand deep)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publish import render
from publish.cli import main
from publish.errors import BuildError
from publish.render import BodyItem, bodies_to_html, body_to_html

GOOD = "---\ntitle: A good speech\nlang: en\n---\n\nThank you all for coming.\n"
#: Two dozen unmatched brackets: pandoc 3's Markdown reader takes minutes over them.
STALL = "See " + "[" * 24 + "\n"


def test_a_body_pandoc_cannot_finish_in_time_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render, "BODY_SECONDS", 2.0)
    with pytest.raises(BuildError) as caught:
        body_to_html(STALL, path=Path("stall.md"))
    assert caught.value.code == "B002"
    assert caught.value.path == Path("stall.md")
    assert "did not finish" in caught.value.message
    # A batch holding it stops too, so that it can be converted body by body.
    with pytest.raises(BuildError) as batch:
        bodies_to_html([BodyItem("Fine.\n"), BodyItem(STALL, Path("stall.md"))])
    assert batch.value.code == "B002"


def test_the_stalling_body_fails_alone_in_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(render, "BODY_SECONDS", 2.0)
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "good.md").write_text(GOOD, encoding="utf-8")
    (sources / "stall.md").write_text(GOOD.replace("Thank", STALL + "\nThank"), "utf-8")
    out = tmp_path / "out"
    status = main(["build", str(sources), "--format", "html", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    assert "stall.md" in err and "B002" in err
    assert (out / "html" / "good.html").is_file()
    assert not (out / "html" / "stall.html").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    # Opening the FIFO to read it would block this test for ever.
    status = main(["build", str(good), str(fifo), "--format", "html", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{fifo}: error: S015 not a regular file" in err
    assert (out / "html" / "good.html").is_file()


def test_lists_nested_a_thousand_deep_fail_alone_and_the_site_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "good.md").write_text(GOOD, encoding="utf-8")
    (sources / "deep.md").write_text(GOOD + "\n" + "- " * 1000 + "x\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(sources), "--out", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    assert "deep.md" in err and "B900" in err
    for built in ("pdf/good.pdf", "epub/good.epub", "html/good.html", "html/index.html"):
        assert (out / built).is_file(), built
