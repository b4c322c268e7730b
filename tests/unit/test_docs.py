"""The reference pages in docs/ are generated from the code and cannot go stale; every
diagnostic code the package uses is documented, once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publish import docgen
from publish.diagnostics import CODES, HINTS, SEVERITIES
from publish.verify import OWN_CHECKS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "publish"
DOCS = ROOT / "docs"

#: A code as code uses it: `code="S001"`, or a literal "S001" / 'S001' in quotes.
_USED = re.compile(r"""(?:code\s*=\s*)?["']([A-Z]\d{3})["']""")


def _codes_in_source() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in _USED.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(match.group(1), []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


@pytest.mark.parametrize("page", [docgen.DIAGNOSTICS_PAGE, docgen.CLI_PAGE], ids=str)
def test_docs_generated_pages_are_up_to_date(page: Path) -> None:
    expected = docgen.pages()[page]
    committed = (ROOT / page).read_text(encoding="utf-8") if (ROOT / page).is_file() else None
    assert committed == expected, f"{page} is out of date: run python -m publish.docgen"


def test_docs_every_code_used_in_the_package_is_catalogued() -> None:
    catalogued = {e.code for e in docgen.catalogue()}
    missing = {code: where for code, where in _codes_in_source().items() if code not in catalogued}
    assert not missing, (
        f"codes used but not documented: {missing}; add them to CODES and HINTS in "
        "publish/diagnostics.py, then run python -m publish.docgen"
    )


def test_docs_every_code_has_one_meaning_a_hint_and_a_known_form() -> None:
    assert not set(CODES) & set(OWN_CHECKS), "a code is defined twice"
    every = set(CODES) | set(OWN_CHECKS)
    assert set(HINTS) == every, (
        f"without a hint: {sorted(every - set(HINTS))}; "
        f"hints for unknown codes: {sorted(set(HINTS) - every)}"
    )
    assert set(SEVERITIES) <= set(CODES)
    assert set(SEVERITIES.values()) <= {"error", "warning", "info"}
    letters = {letter for letter, _name, _about in docgen.FAMILIES}
    for code in every:
        assert re.fullmatch(r"[A-Z]\d{3}", code), code
        assert code[0] in letters, f"{code}: no family {code[0]} in docgen.FAMILIES"
    for code, text in {**CODES, **OWN_CHECKS, **HINTS}.items():
        assert text.strip() and text == text.strip(), code


def test_docs_every_code_appears_once_in_the_diagnostics_page() -> None:
    page = docgen.diagnostics_markdown()
    headings = re.findall(r"^### ([A-Z]\d{3})$", page, re.MULTILINE)
    assert sorted(headings) == sorted({e.code for e in docgen.catalogue()})
    assert len(headings) == len(set(headings))
    for entry in docgen.catalogue():
        mentions = re.findall(rf"\b{entry.code}\b", page)
        assert len(mentions) == 1, f"{entry.code} appears {len(mentions)} times"
        section = page.split(f"### {entry.code}\n", 1)[1].split("\n### ", 1)[0]
        assert entry.meaning in section
        assert entry.hint and entry.hint in section


def test_docs_cli_page_lists_every_command_and_option() -> None:
    from publish.cli import _parser

    parser = _parser()
    page = docgen.cli_markdown(parser)
    commands = docgen._subcommands(parser)
    assert commands
    for name, _help, sub in commands:
        assert f"## publish {name}\n" in page
        for action in sub._actions:
            for option in action.option_strings:
                assert f"`{option}" in page or f", {option}" in page, (name, option)
        if sub.epilog:
            assert sub.epilog.strip("\n") in page


def test_docs_check_mode_reports_a_stale_page(tmp_path: Path) -> None:
    assert docgen.main(["--root", str(tmp_path)]) == 0
    assert docgen.main(["--root", str(tmp_path), "--check"]) == 0
    (tmp_path / docgen.CLI_PAGE).write_text("# stale\n", encoding="utf-8")
    assert docgen.stale(tmp_path) == [docgen.CLI_PAGE]
    assert docgen.main(["--root", str(tmp_path), "--check"]) == 1
