"""A newcomer's walk-through, from a fresh clone, exactly as the README writes it.

The README's two commands (`make build`, `make test`), then its "Your first speech"
block: `publish new`, an edit, `publish build`, `publish check`. The commands are read
from the README, so the README cannot drift from what works.

It clones the committed project (HEAD) and runs the whole suite again inside the clone,
so it is slow (~15 min): it runs in CI and with PUBLISH_WALKTHROUGH=1. Inside that inner
run (PUBLISH_WALKTHROUGH_INNER=1) it skips itself, and the fuzz targets run their
default number of examples, not the full run the outer suite already does.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, in_ci

pytestmark = pytest.mark.slow

INNER = "PUBLISH_WALKTHROUGH_INNER"
EDITED = "These are the words of my first speech, written by the walk-through test."


def _readme_block(heading: str) -> list[str]:
    """The command lines of the first ```sh block under ``heading`` in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, f"no sh block under {heading!r}"
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def _run(command: str, cwd: Path, env: dict[str, str], log: Path, timeout: float) -> None:
    with log.open("a") as out:
        out.write(f"\n$ {command}\n")
        out.flush()
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
        )
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-6000:]
        pytest.fail(f"{command!r} exited {done.returncode} in the fresh clone:\n{tail}")


def test_readme_walkthrough_from_a_fresh_clone(tmp_path: Path) -> None:
    if os.environ.get(INNER):
        pytest.skip("inside the walk-through's own run of the suite")
    if not (in_ci() or os.environ.get("PUBLISH_WALKTHROUGH")):
        pytest.skip("slow (~15 min): runs in CI, or locally with PUBLISH_WALKTHROUGH=1")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the walk-through needs git and a clone of the project")
    two = _readme_block("The two commands")
    assert two == ["make build", "make test"], two
    first = _readme_block("Your first speech")
    assert any(line.startswith("publish new speech") for line in first)

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # An "editor" that writes the speech: the README's "${EDITOR:-nano} FILE" line runs it.
    editor = tmp_path / "editor"
    editor.write_text(
        f"#!/bin/sh\nsed -i 's/^Write the speech here, in Markdown.*$/{EDITED}/' \"$1\"\n",
        encoding="utf-8",
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VIRTUAL_ENV", "PYTEST", "SOURCE_DATE_EPOCH"))
    }
    env.update({INNER: "1", "PUBLISH_FUZZ_EXAMPLES": "125", "EDITOR": str(editor)})
    log = tmp_path / "walkthrough.log"
    for command in two:
        _run(command, clone, env, log, timeout=45 * 60)
    # The first-speech block runs as one shell session, as a reader types it.
    _run("set -e\n" + "\n".join(first), clone, env, log, timeout=20 * 60)

    out = clone / "output"
    for fmt, suffix in (("pdf", "pdf"), ("epub", "epub"), ("html", "html")):
        assert (out / fmt / f"my-first-speech.{suffix}").is_file(), fmt
    page = (out / "html" / "my-first-speech.html").read_text(encoding="utf-8")
    assert EDITED in page and "My first speech" in page
    transcript = log.read_text(errors="replace")
    assert "0 error(s), 0 warning(s)" in transcript.rsplit("$ ", 1)[-1]
