"""Configuration: defaults < [tool.publish] in pyproject.toml < publish.toml < options."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.cli import main
from publish.config import CONFIG_KEYS, PAPER_NAMES, PDF_PROFILES, Settings, load_settings
from publish.errors import UsageError


def test_defaults_without_configuration(tmp_path: Path) -> None:
    settings = load_settings(project=tmp_path)
    assert settings.sources == tmp_path.resolve() / "sources"
    assert settings.output == tmp_path.resolve() / "output"
    assert settings.formats == ("pdf", "epub", "html")
    assert settings.paper == "a4"
    assert settings.config_files == ()


def test_pyproject_then_publish_toml_then_options(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.publish]\npaper = "a5"\njobs = 3\n'
        'formats = ["html", "pdf"]\nsite-lang = "nn"\n',
        encoding="utf-8",
    )
    settings = load_settings(project=tmp_path)
    assert (settings.paper, settings.jobs, settings.site_lang) == ("a5", 3, "nn")
    assert settings.formats == ("pdf", "html"), "formats are built in the canonical order"
    (tmp_path / "publish.toml").write_text('paper = "letter"\noutput = "site"\n', "utf-8")
    settings = load_settings(project=tmp_path)
    assert (settings.paper, settings.jobs) == ("letter", 3)
    assert settings.output == tmp_path.resolve() / "site"
    assert [p.name for p in settings.config_files] == ["pyproject.toml", "publish.toml"]
    settings = load_settings(project=tmp_path, overrides={"paper": "a4", "jobs": None})
    assert (settings.paper, settings.jobs) == ("a4", 3), "None means: not given"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('paper = "a4"\npapr = "a5"\n', 2, "unknown setting 'papr'"),
        ("jobs = 0\n", 1, "jobs = 0 is not valid: it must be a whole number of at least 1"),
        ("jobs = true\n", 1, "must be a whole number"),
        ('formats = ["pdf", "docx"]\n', 1, "a list of 'pdf', 'epub', 'html'"),
        ("formats = []\n", 1, "a list of"),
        ('paper = "A3"\n', 1, "one of 'a4', 'a5', 'letter'"),
        ('cache = "yes"\n', 1, "true or false"),
        ('site-lang = "de"\n', 1, "one of 'en', 'nb', 'nn'"),
        ("sources = 3\n", 1, "a folder name"),
        ('paper = "a4\n', 1, "not valid TOML"),
    ],
)
def test_bad_configuration_names_file_key_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    config = tmp_path / "publish.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_settings(project=tmp_path)
    error = caught.value
    assert (error.code, error.path, error.line) == ("U006", config, line)
    assert words in error.message
    assert str(error).startswith(f"{config}:{line}: U006 ")


def test_pyproject_key_line_is_found_inside_its_table(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[project]\nname = "x"\npaper = 1\n\n[tool.publish]\n\npaper = "b5"\n', "utf-8"
    )
    with pytest.raises(UsageError) as caught:
        load_settings(project=tmp_path)
    assert caught.value.line == 7


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[project]\nname = "x"\n\n[tool]\npublish.paper = "b5"\n', 5),
        ('tool.publish.jobs = 1\ntool . "publish" . paper = "b5"\n', 2),
        ("other.paper = 1\ntool.publish.paper = 1\n", 2),
    ],
)
def test_pyproject_dotted_keys_keep_their_line(tmp_path: Path, text: str, line: int) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(text, "utf-8")
    with pytest.raises(UsageError) as caught:
        load_settings(project=tmp_path)
    assert (caught.value.code, caught.value.line) == ("U006", line), caught.value


def test_configured_styles_folder_must_hold_the_styles(tmp_path: Path) -> None:
    (tmp_path / "publish.toml").write_text('styles = "mystyles"\n', "utf-8")
    (tmp_path / "mystyles").mkdir()
    with pytest.raises(UsageError, match=r"has no print\.css"):
        load_settings(project=tmp_path)


def test_every_key_sets_a_settings_field() -> None:
    fields = set(Settings.__dataclass_fields__)
    assert {name for name, _check in CONFIG_KEYS.values()} <= fields


def test_paper_and_profile_names_match_the_pdf_writer() -> None:
    from publish.writers.pdf import PAPERS, PROFILES

    assert set(PAPER_NAMES) == set(PAPERS)
    assert tuple(PDF_PROFILES) == tuple(PROFILES)


def test_cli_reports_a_bad_configuration_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "publish.toml").write_text("jobs = -2\n", encoding="utf-8")
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "publish.toml:1: U006 jobs = -2 is not valid" in err
    assert "Traceback" not in err
