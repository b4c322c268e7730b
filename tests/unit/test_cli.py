"""The command line: help with examples, completion, new, progress and summaries."""

from __future__ import annotations

import argparse
import io
import subprocess
from pathlib import Path

import pytest
import yaml

from publish.cli import _parser, check_home, main
from publish.completion import SHELLS, script
from publish.progress import LineProgress, Progress, progress_for


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _all_commands() -> dict[str, argparse.ArgumentParser]:
    found = {}
    for name, sub in _subparsers(_parser()).items():
        found[name] = sub
        for inner, subsub in _subparsers(sub).items():
            found[f"{name} {inner}"] = subsub
    return found


@pytest.mark.parametrize("command", sorted(_all_commands()))
def test_every_verb_help_has_an_example(command: str) -> None:
    text = _all_commands()[command].format_help()
    assert "examples:" in text
    assert "\n  publish " in text.split("examples:", 1)[1]


def test_top_level_help_documents_exit_codes() -> None:
    text = _parser().format_help()
    for code in ("0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "70 ", "130 "):
        assert f"\n  {code}" in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("publish ")


def test_quiet_and_verbose_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["build", "-q", "-v"])
    assert done.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_scripts_name_every_command(shell: str) -> None:
    text = script(shell, _parser())
    for command in _subparsers(_parser()):
        assert command in text


def test_bash_completion_completes_commands_options_and_choices(tmp_path: Path) -> None:
    completion = tmp_path / "publish.bash"
    completion.write_text(script("bash", _parser()), encoding="utf-8")

    def complete(*words: str) -> list[str]:
        array = " ".join(f"'{w}'" for w in words)
        shell = (
            f"source {completion}; COMP_WORDS=({array}); COMP_CWORD={len(words) - 1}; "
            '_publish; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert complete("publish", "bu") == ["build"]
    assert "--format" in complete("publish", "build", "--fo")
    assert complete("publish", "build", "--paper", "a") == ["a4", "a5"]
    assert complete("publish", "new", "") == ["speech", "collection"]
    assert complete("publish", "completion", "f") == ["fish"]


def test_new_speech_writes_a_buildable_source_and_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from publish.pipeline import read_source

    monkeypatch.chdir(tmp_path)
    assert main(["new", "speech", "Ei ny tale om kysten", "--lang", "nn"]) == 0
    target = tmp_path / "sources" / "ei-ny-tale-om-kysten.md"
    assert "wrote sources/ei-ny-tale-om-kysten.md" in capsys.readouterr().out
    speech, problems = read_source(target)
    assert speech is not None
    assert [d for d in problems if d.severity.value != "info"] == []
    m = speech.metadata
    assert (m.title, m.lang, m.government) == ("Ei ny tale om kysten", "nn", "Regjeringa Støre")
    assert m.delivery_note == "Sjekkast mot framføring"
    # Every field of the metadata table is named, used or commented.
    front = target.read_text(encoding="utf-8").split("---")[1]
    from publish.model import FIELDS

    for name in FIELDS:
        assert f"{name}:" in front, name
    assert yaml.safe_load(front)["lang"] == "nn"
    before = target.read_bytes()
    assert main(["new", "speech", "Ei ny tale om kysten"]) == 2
    assert "U007" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_new_collection_is_a_valid_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publish.collection import load_manifest

    monkeypatch.chdir(tmp_path)
    assert main(["new", "collection", "Speeches on the coast", "--name", "coast"]) == 0
    manifest = load_manifest(tmp_path / "sources" / "collections" / "coast.toml", tmp_path)
    assert manifest.title == "Speeches on the coast"


def test_progress_is_lines_off_a_terminal_and_silent_when_quiet() -> None:
    stream = io.StringIO()
    progress = progress_for(stream, quiet=False)
    assert isinstance(progress, LineProgress)
    progress.begin("render", 2, ("pdf", "html"))
    progress.step("render", "one", ("pdf", "html"))
    progress.step("render", "two", (), ok=False)
    progress.end("render")
    lines = stream.getvalue().splitlines()
    assert lines[:3] == [
        "render: 2 to do (pdf, html)",
        "render 1/2 one [pdf html]",
        "render 2/2 two FAILED",
    ]
    assert lines[3].startswith("render: done in ")
    assert type(progress_for(stream, quiet=True)) is Progress


def test_progress_bars_on_a_terminal() -> None:
    from publish.progress import RichProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = progress_for(stream, quiet=False)
    assert isinstance(progress, RichProgress)
    progress.begin("render", 1, ("pdf", "epub"))
    progress.step("render", "speech-one", ("pdf",))
    progress.end("render")
    progress.close()
    shown = stream.getvalue()
    assert "render pdf" in shown and "render epub" in shown and "1/1" in shown


def test_bash_completion_offers_the_options_of_sub_commands(tmp_path: Path) -> None:
    completion = tmp_path / "publish.bash"
    completion.write_text(script("bash", _parser()), encoding="utf-8")
    shell = (
        f"source {completion}; COMP_WORDS=(publish new speech --la); COMP_CWORD=3; "
        '_publish; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["--lang"]


def test_debug_is_accepted_after_the_command_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--debug", "/nonexistent/speech.md"]) == 3
    assert "S009" in capsys.readouterr().err


def test_new_collection_escapes_a_title_that_toml_would_not_take(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    monkeypatch.chdir(tmp_path)
    title = 'Tale "om" kysten\\ og\nmer'
    assert main(["new", "collection", title, "--name", "odd"]) == 0
    text = (tmp_path / "sources" / "collections" / "odd.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["title"] == title


def test_a_check_keeps_its_report_and_cache_with_the_outputs_it_checks(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "pdf").mkdir(parents=True)
    site = tmp_path / "srv" / "site"
    (site / "pdf").mkdir(parents=True)
    (site / ".publish-cache.json").write_text("{}", encoding="utf-8")
    loose = tmp_path / "downloads"
    loose.mkdir()
    (loose / "a.pdf").write_bytes(b"%PDF")
    assert check_home([output / "pdf"], output) == output
    assert check_home([site], output) == site.resolve()
    assert check_home([site / "pdf", site / "html"], output) == site.resolve()
    assert check_home([loose / "a.pdf"], output) == loose.resolve()
