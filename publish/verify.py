"""``publish check``: every output judged by the real validators and by our own checks.

Validators run once per batch (one JVM for veraPDF, one for EPUBCheck, one browser for
axe, one Nu checker call), never once per file. Our own checks look at what validators
cannot: that title, language, archive status, government and publisher agree across
the HTML, the EPUB and the PDF made from one source; that the PDF's tag tree has the
structure of the HTML; that pagination is outside the tag tree; that every image has a
text alternative in every format.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pikepdf
from lxml import etree
from lxml import html as lxml_html
from markupsafe import escape

from . import checkcache, checks
from .checks import ValidatorMessage, ValidatorMissing, ValidatorResult
from .config import Settings
from .fsutil import atomic_write
from .progress import Progress
from .render import iso_timestamp
from .structure import html_structure, pdf_structure, pdf_text_runs
from .writers import epub as epub_writer

#: Our own checks, each documented once.
OWN_CHECKS: dict[str, str] = {
    "C001": "The title differs between formats.",
    "C002": "The language differs between formats.",
    "C003": "The archive status differs between formats.",
    "C004": "The government differs between formats.",
    "C005": "The publisher differs between formats.",
    "C006": "The PDF's tag tree does not have the structure of the HTML (headings, "
    "paragraphs, list items, quotations).",
    "C007": "Text on a PDF page is neither tagged nor an artifact, or pagination "
    "(running header, page number) is tagged as content.",
    "C008": "An image has no text alternative.",
    "C009": "A file could not be read for the consistency checks.",
}

INSTALL_HINT = "run `make test` (or scripts/setup.sh) to install the validators"


@dataclass(frozen=True)
class Finding:
    path: Path
    code: str
    message: str


@dataclass
class CheckReport:
    results: list[ValidatorResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    #: Wall-clock seconds per validator run (and "consistency" for our own checks), in
    #: the order they finished; "total" is the whole check.
    timings: dict[str, float] = field(default_factory=dict)
    #: Per validator run: how many files' results came from the check cache (their bytes
    #: were judged before by the same tools) rather than from running it again.
    reused: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results) + len(self.findings) + len(self.missing)

    @property
    def warnings(self) -> int:
        return sum(r.warnings for r in self.results)

    def ok(self, strict: bool = False) -> bool:
        return self.errors == 0 and (not strict or self.warnings == 0)

    def validators(self) -> dict[str, str]:
        return {r.validator: r.version for r in self.results}

    def as_json(self, strict: bool = False) -> dict[str, object]:
        return {
            "ok": self.ok(strict),
            "strict": strict,
            "errors": self.errors,
            "warnings": self.warnings,
            "validators": self.validators(),
            "missing_validators": self.missing,
            "files": [str(p) for p in self.files],
            "timings": {name: round(seconds, 2) for name, seconds in self.timings.items()},
            "reused": dict(self.reused),
            "results": [
                {
                    "file": str(r.path),
                    "validator": r.validator,
                    "version": r.version,
                    "ok": r.ok,
                    "errors": r.errors,
                    "warnings": r.warnings,
                    "messages": [
                        {
                            "severity": m.severity,
                            "rule": m.rule,
                            "message": m.message,
                            "location": m.location,
                        }
                        for m in r.messages
                        if m.severity != "info"
                    ],
                }
                for r in self.results
            ],
            "findings": [
                {"file": str(f.path), "code": f.code, "message": f.message} for f in self.findings
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckReport:
        """A report read back from :meth:`as_json` (its "info" messages were not kept)."""
        return cls(
            results=[
                ValidatorResult(
                    validator=str(r["validator"]),
                    version=str(r["version"]),
                    path=Path(r["file"]),
                    ok=bool(r["ok"]),
                    errors=int(r["errors"]),
                    warnings=int(r["warnings"]),
                    messages=tuple(
                        ValidatorMessage(
                            str(m["severity"]), str(m["rule"]), str(m["message"]), m["location"]
                        )
                        for m in r["messages"]
                    ),
                )
                for r in data["results"]
            ],
            findings=[
                Finding(Path(f["file"]), str(f["code"]), str(f["message"]))
                for f in data["findings"]
            ],
            missing=[str(m) for m in data["missing_validators"]],
            files=[Path(f) for f in data["files"]],
            timings={str(k): float(v) for k, v in data.get("timings", {}).items()},
            reused={str(k): int(v) for k, v in data.get("reused", {}).items()},
        )

    def table(self) -> str:
        """A plain summary: one row per file and validator, then our own findings."""
        rows = [("file", "validator", "verdict", "errors", "warnings")]
        for r in sorted(self.results, key=lambda r: (str(r.path), r.validator)):
            verdict = "pass" if r.ok and not r.warnings else ("warn" if r.ok else "FAIL")
            rows.append((_shown(r.path), r.validator, verdict, str(r.errors), str(r.warnings)))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
        for f in self.findings:
            lines.append(f"{f.path}: {f.code} {f.message}")
        for missing in self.missing:
            lines.append(f"MISSING {missing}")
        return "\n".join(lines)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def collect(paths: Sequence[Path], exclude: Sequence[Path] = ()) -> list[Path]:
    """Output files named by ``paths`` (files, or folders searched recursively, leaving
    out what is under a folder of ``exclude``: the check's own reports, whose Ace pages
    are not outputs)."""
    skipped = [e.resolve() for e in exclude]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix in (".pdf", ".epub", ".html")
                and not p.name.startswith(".")
                and not any(p.resolve().is_relative_to(e) for e in skipped)
            )
        elif path.is_file():
            found.append(path)
    return list(dict.fromkeys(found))


Job = Callable[[], list[ValidatorResult]]
#: A validator over some files; the second argument names Ace report folders in use.
Runner = Callable[[list[Path], set[str]], list[ValidatorResult]]


@dataclass
class _Outcome:
    name: str
    results: list[ValidatorResult] = field(default_factory=list)
    missing: str | None = None
    seconds: float = 0.0


def _timed(name: str, run: Job) -> _Outcome:
    outcome = _Outcome(name)
    start = time.perf_counter()
    try:
        outcome.results = run()
    except ValidatorMissing as exc:
        outcome.missing = f"{name}: {exc} ({INSTALL_HINT})"
    finally:
        outcome.seconds = time.perf_counter() - start
    return outcome


def _add(report: CheckReport, outcome: _Outcome) -> None:
    report.results.extend(outcome.results)
    if outcome.missing is not None:
        report.missing.append(outcome.missing)
    report.timings[outcome.name] = outcome.seconds


def check_outputs(
    paths: Sequence[Path],
    *,
    report_dir: Path | None = None,
    concurrent: bool = True,
    progress: Progress | None = None,
    cache: Path | None = None,
    exclude: Sequence[Path] = (),
) -> CheckReport:
    """Run every validator and our own checks over the outputs in ``paths`` (folders
    searched recursively, except under ``exclude``).

    Each validator starts once for the whole batch. The validators are independent
    processes (three JVMs, Node with one Chromium, Playwright with another), so they run
    at the same time, each from its own thread, while our own checks run in this one: much
    of each run is start-up and waiting, and the batch takes about as long as its slowest
    validator rather than the sum of all. ``concurrent=False`` runs them one after the other.
    Either way the report is the same: results in the same order, the same findings.
    ``timings`` holds each validator's wall-clock seconds.

    With ``cache`` (a file, see :mod:`publish.checkcache`), a validator is given only the
    files whose bytes it has not judged before with the same tools; the others get their
    earlier results, counted in ``reused``. Our own checks always run.
    """
    began = time.perf_counter()
    report = CheckReport(files=collect(paths, exclude))
    pdfs = [p for p in report.files if p.suffix == ".pdf" and "press" not in p.parent.name]
    epubs = [p for p in report.files if p.suffix == ".epub"]
    pages = [p for p in report.files if p.suffix == ".html"]
    store = checkcache.CheckCache.load(cache) if cache is not None else None
    if store is not None:
        # In a browser a page's verdict depends on the stylesheets, scripts and images it
        # loads too; the other validators read the file alone.
        store.depends("axe-core", checkcache.page_dependencies)
    reused: dict[str, int] = {}
    jobs: list[tuple[str, Job]] = []

    def job(name: str, files: list[Path], run: Runner) -> None:
        def cached() -> list[ValidatorResult]:
            hits, todo = checkcache.split(store, name, files, report_dir)
            reserved = {r.report.parent.name for rs in hits.values() for r in rs if r.report}
            fresh = run(todo, reserved) if todo else []
            if store is not None:
                store.store(name, fresh, report_dir)
            found: dict[Path, list[ValidatorResult]] = {}
            for result in fresh:
                found.setdefault(result.path, []).append(result)
            reused[name] = len(hits)
            return [r for path in files for r in hits.get(path) or found.get(path, [])]

        jobs.append((name, cached))

    if pdfs:
        job("veraPDF", pdfs, lambda files, _: checks.run_verapdf(files, flavours=("ua1", "3a")))
        for profile in ("ua1", "3a"):
            job(
                f"page-validation-{profile}",
                pdfs,
                lambda files, _, profile=profile: checks.run_page_validation(  # type: ignore[misc]
                    files, profile=profile
                ),
            )
    if epubs:
        job("EPUBCheck", epubs, lambda files, _: checks.run_epubcheck(files))
        job(
            "DAISY Ace",
            epubs,
            lambda files, reserved: checks.run_ace(files, report_dir=report_dir, reserved=reserved),
        )
    if pages:
        # The pages have a dark scheme too (prefers-color-scheme): both are checked.
        job("axe-core", pages, lambda files, _: checks.run_axe(files, also=("dark",)))
        job("Nu HTML checker", pages, lambda files, _: checks.run_vnu(files))
    shown = progress or Progress()
    shown.begin("check", len(jobs) + 1)

    def announced(name: str, run: Job) -> Job:
        def job() -> list[ValidatorResult]:
            try:
                return run()
            finally:
                shown.step("check", name)

        return job

    def own_checks() -> list[Finding]:
        try:
            return consistency_findings(report.files)
        finally:
            shown.step("check", "own checks C001-C009")

    if store is not None:
        for path in report.files:  # each file hashed once, before the threads start
            with contextlib.suppress(OSError):  # the validator reports what it cannot read
                store.digest(path)
    try:
        outcomes, findings, consistency = _run_jobs(
            [(name, announced(name, run)) for name, run in jobs], concurrent, own_checks
        )
    finally:
        shown.end("check")
        if store is not None:
            store.save()  # what the validators that finished said, even if one failed
    for outcome in outcomes:
        _add(report, outcome)
    report.reused = {name: reused[name] for name, _ in jobs if name in reused}
    report.findings.extend(findings)
    report.timings["consistency"] = consistency
    report.timings["total"] = time.perf_counter() - began
    return report


T = TypeVar("T")


def _run_jobs(
    jobs: Sequence[tuple[str, Job]], concurrent: bool, meanwhile: Callable[[], T]
) -> tuple[list[_Outcome], T, float]:
    """Run ``jobs`` (each in its own thread when ``concurrent``) and ``meanwhile`` in this
    thread: the jobs' outcomes in the order of ``jobs``, what ``meanwhile`` returned, and
    how long it took."""
    if not concurrent or len(jobs) < 2:
        outcomes = [_timed(name, run) for name, run in jobs]
        start = time.perf_counter()
        return outcomes, meanwhile(), time.perf_counter() - start
    # The slowest first, so they start before the quick ones take the CPUs.
    order = sorted(range(len(jobs)), key=lambda i: _EXPECTED.get(jobs[i][0], 0), reverse=True)
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="check") as pool:
        futures = {i: pool.submit(_timed, *jobs[i]) for i in order}
        start = time.perf_counter()
        try:
            value = meanwhile()
        finally:
            seconds = time.perf_counter() - start
            # Wait for every validator (an exception in one is raised below, after the
            # others have finished and cleaned up).
            wait(futures.values())
        return [futures[i].result() for i in range(len(jobs))], value, seconds


#: Which validators take longest on a batch of speeches (CPU seconds per 100 speeches,
#: each measured alone on the bench.check build, December 2026): the order in which they
#: are started.
_EXPECTED: dict[str, float] = {
    "DAISY Ace": 120.0,
    "veraPDF": 77.0,
    "axe-core": 70.0,
    "EPUBCheck": 20.0,
    "Nu HTML checker": 5.0,
    "page-validation-ua1": 3.0,
    "page-validation-3a": 3.0,
}


# --- Facts as each format states them ----------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What an output says about its speech."""

    title: str | None
    lang: str | None
    status: str | None
    government: str | None
    publisher: str | None


_SPACE = re.compile(r"\s+")


def _text(element: Any) -> str | None:
    if element is None:
        return None
    return _SPACE.sub(" ", "".join(element.itertext())).strip() or None


def header_facts(root: Any, lang: str | None) -> Facts:
    """The facts stated by the shared header partial in an HTML or XHTML tree."""

    def first(xpath: str) -> Any:
        found = root.xpath(xpath)
        return found[0] if found else None

    def detail(kind: str) -> str | None:
        dd = first(f"//*[local-name()='dt'][contains(@class,'pub-{kind}')]/following-sibling::*[1]")
        return _text(dd)

    return Facts(
        title=_text(first("//*[local-name()='h1'][contains(@class,'pub-title')]")),
        lang=lang,
        status=_text(first("//*[contains(@class,'pub-status-text')]")),
        government=detail("government"),
        publisher=detail("publisher"),
    )


def html_facts(path: Path) -> tuple[Facts, Facts]:
    """The page's head (title, lang) and its header partial."""
    tree = lxml_html.fromstring(path.read_bytes())
    lang = tree.get("lang")
    title = tree.findtext(".//title") or ""
    header = header_facts(tree, lang)
    # The <title> is "<speech title> – <site name>".
    head_title = title.rsplit(" – ", 1)[0].strip() if " – " in title else title.strip()
    return Facts(head_title, lang, None, None, None), header


def epub_facts(path: Path) -> tuple[Facts, Facts, list[str]]:
    """The package metadata, the content document's header, and images without alt."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    with zipfile.ZipFile(path) as archive:
        opf = etree.fromstring(archive.read("EPUB/package.opf"), parser)
        content = etree.fromstring(archive.read("EPUB/text/speech.xhtml"), parser)
        no_alt = []
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                doc = etree.fromstring(archive.read(name), parser)
                for img in doc.iter("{http://www.w3.org/1999/xhtml}img"):
                    if not (img.get("alt") or "").strip():
                        no_alt.append(f"{name}: {img.get('src')}")
    package = Facts(
        title=opf.findtext("opf:metadata/dc:title", namespaces=ns),
        lang=opf.findtext("opf:metadata/dc:language", namespaces=ns),
        status=None,
        government=None,
        publisher=opf.findtext("opf:metadata/dc:publisher", namespaces=ns),
    )
    return package, header_facts(content, content.get("lang")), no_alt


def page_one_text(path: Path) -> str:
    """The text of the PDF's first page, as poppler's pdftotext reads it."""
    return subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def pdf_facts(path: Path, page_one: str | None = None) -> tuple[Facts, Facts, str]:
    """The PDF's info dictionary and XMP, and the text of its first page (``page_one``
    when it was read already)."""
    with pikepdf.open(path) as pdf:
        lang = str(pdf.Root.get("/Lang", "")) or None
        info_title = str(pdf.docinfo.get("/Title", "")) or None
        xmp_title = pdf.open_metadata().get("dc:title")
    if page_one is None:
        page_one = page_one_text(path)
    info = Facts(info_title, lang, None, None, None)
    xmp = Facts(str(xmp_title) if xmp_title else None, lang, None, None, None)
    return info, xmp, _SPACE.sub(" ", page_one)


def consistency_findings(files: Sequence[Path]) -> list[Finding]:
    """Cross-format findings for every speech that has more than one format here."""
    by_slug: dict[str, dict[str, Path]] = {}
    for path in files:
        fmt = {".pdf": "pdf", ".epub": "epub", ".html": "html"}[path.suffix]
        if path.parent.name in ("press", "collections"):
            continue  # press files claim nothing; volumes bind many speeches
        by_slug.setdefault(path.stem, {})[fmt] = path
    # pdftotext is a process per PDF (~0.15 s, mostly start-up): read every first page
    # ahead, a few at a time, while the loop below parses the files.
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="pdftotext") as pool:
        page_ones = {
            slug: pool.submit(page_one_text, outputs["pdf"])
            for slug, outputs in sorted(by_slug.items())
            if "pdf" in outputs
        }
        return _consistency(by_slug, page_ones)


def _consistency(
    by_slug: dict[str, dict[str, Path]], page_ones: dict[str, Future[str]]
) -> list[Finding]:
    findings: list[Finding] = []
    for slug, outputs in sorted(by_slug.items()):
        statements: list[tuple[str, Facts]] = []
        try:
            if "html" in outputs:
                head, header = html_facts(outputs["html"])
                if header.title is None:
                    continue  # an index or listing page, not a speech
                statements += [("HTML head", head), ("HTML header", header)]
            if "epub" in outputs:
                package, content, no_alt = epub_facts(outputs["epub"])
                statements += [("EPUB package", package), ("EPUB content", content)]
                findings += [
                    Finding(outputs["epub"], "C008", f"image without alt text: {where}")
                    for where in no_alt
                ]
            if "pdf" in outputs:
                info, xmp, page_one = pdf_facts(outputs["pdf"], page_ones[slug].result())
                statements += [("PDF info", info), ("PDF XMP", xmp)]
                reference = next((facts for _, facts in statements if facts.status), None)
                if reference is not None:
                    for label, value in (
                        ("title", reference.title),
                        ("archive status", reference.status),
                        ("government", reference.government),
                        ("publisher", reference.publisher),
                    ):
                        if value and _SPACE.sub(" ", value) not in page_one:
                            findings.append(
                                Finding(
                                    outputs["pdf"],
                                    {
                                        "title": "C001",
                                        "archive status": "C003",
                                        "government": "C004",
                                        "publisher": "C005",
                                    }[label],
                                    f"page 1 does not show the {label} {value!r}",
                                )
                            )
                findings += pdf_findings(outputs["pdf"], outputs.get("html"))
        except (OSError, KeyError, etree.XMLSyntaxError, pikepdf.PdfError) as exc:
            any_path = next(iter(outputs.values()))
            findings.append(Finding(any_path, "C009", f"{slug}: {exc}"))
            continue
        for name, code in (
            ("title", "C001"),
            ("lang", "C002"),
            ("status", "C003"),
            ("government", "C004"),
            ("publisher", "C005"),
        ):
            stated = {label: getattr(facts, name) for label, facts in statements}
            values = {v for v in stated.values() if v is not None}
            if len(values) > 1:
                where = ", ".join(f"{label}: {value!r}" for label, value in stated.items() if value)
                path = next(iter(outputs.values()))
                findings.append(Finding(path, code, f"{name} differs: {where}"))
    return findings


def pdf_findings(pdf: Path, page: Path | None) -> list[Finding]:
    """Structure and pagination checks of one PDF (against its HTML page when present)."""
    findings: list[Finding] = []
    if page is not None:
        # The speech itself, without the site around it (an <article> in print and EPUB,
        # a <div> on its web page).
        expected = html_structure(
            page.read_bytes(), scope="//*[contains(concat(' ', @class, ' '), ' speech ')]"
        )
        actual = pdf_structure(pdf)
        differences = actual.differences(expected)
        if differences:
            findings.append(Finding(pdf, "C006", "; ".join(differences)))
    runs, heights = pdf_text_runs(pdf)
    untagged = sorted({r.page for r in runs if r.kind == "untagged"})
    if untagged:
        findings.append(Finding(pdf, "C007", f"untagged text on page(s) {untagged}"))
    for number in range(1, len(heights) + 1):
        kinds = {r.kind for r in runs if r.page == number}
        if "artifact" not in kinds:
            findings.append(
                Finding(pdf, "C007", f"page {number}: no pagination artifacts (running header)")
            )
    return findings


# --- The certifier's report inside each EPUB -----------------------------------------

#: What each validator that judges an EPUB looks at, for the report a reader sees.
EPUB_VALIDATORS: dict[str, tuple[str, str]] = {
    "epubcheck": ("EPUBCheck", "conformance to EPUB 3.3 (package, content documents, navigation)"),
    "ace": ("DAISY Ace", "EPUB Accessibility 1.1 and WCAG 2.2 through axe-core"),
}

_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" \
lang="en" xml:lang="en">
<head>
<meta charset="utf-8" />
<title>Accessibility check report</title>
<link rel="stylesheet" type="text/css" href="../css/epub.css" />
</head>
<body epub:type="backmatter">
<main>
<section id="check-report" aria-labelledby="check-report-title">
<h1 id="check-report-title">Accessibility check report</h1>
<p>This is the report of the automated check of this publication, {title}, by {certifier} on \
<time datetime="{iso}">{date}</time>. The publication claims conformance to EPUB \
Accessibility 1.1 and WCAG 2.2 Level AA.</p>
<p>{verdict}</p>
<table>
<caption>Validators run over this publication</caption>
<thead>
<tr><th scope="col">Validator</th><th scope="col">Version</th><th scope="col">Checks</th>\
<th scope="col">Errors</th><th scope="col">Warnings</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
<h2>Comparison with the other editions</h2>
<p>{comparison}</p>
{details}<h2>Method</h2>
<p>Every validator checked this publication as it was built, before this report was added \
to it. The publication with this report inside was then checked again with EPUBCheck and \
DAISY Ace; the build fails when that check does not pass.</p>
</section>
</main>
</body>
</html>
"""


def _esc(text: object) -> str:
    return str(escape(str(text)))


def certifier_report(
    epub: Path,
    report: CheckReport,
    *,
    title: str,
    lang: str | None,
    certifier: str,
    moment: dt.datetime,
) -> bytes:
    """The XHTML report of ``report``'s check of ``epub``: its validators with their versions
    and counts, our own cross-format findings, and every error and warning. It names no
    local path and no duration, so the same check always gives the same bytes."""
    results = [r for r in report.results if _same(r.path, epub)]
    findings = [f for f in report.findings if _same(f.path, epub) or _sibling(f.path, epub)]
    siblings = sorted(
        {p.suffix.lstrip(".").upper() for p in report.files if _sibling(p, epub)} - {"EPUB"}
    )
    rows = []
    for r in sorted(results, key=lambda r: r.validator):
        name, what = EPUB_VALIDATORS.get(r.validator, (r.validator, ""))
        rows.append(
            f'<tr><th scope="row">{_esc(name)}</th><td>{_esc(r.version)}</td>'
            f"<td>{_esc(what)}</td><td>{r.errors}</td><td>{r.warnings}</td></tr>"
        )
    errors = sum(r.errors for r in results) + len(findings)
    warnings = sum(r.warnings for r in results)
    verdict = (
        "Result: passed, with no errors and no warnings."
        if errors == 0 and warnings == 0
        else f"Result: {errors} error(s) and {warnings} warning(s), listed below."
    )
    if siblings:
        comparison = (
            f"publish compared this publication with its {' and '.join(siblings)} edition(s) "
            "of the same speech: title, language, archive status, government, publisher and "
            f"text alternatives (checks C001 to C009). Findings: {len(findings)}."
        )
    else:
        comparison = (
            "No other edition of this text was checked with it; publish checked its text "
            f"alternatives (check C008). Findings: {len(findings)}."
        )
    items = [
        f"<li>{_esc(EPUB_VALIDATORS.get(r.validator, (r.validator, ''))[0])}, {_esc(m.severity)} "
        f"{_esc(m.rule)}: {_esc(m.message)}"
        + (f" ({_esc(m.location)})" if m.location else "")
        + "</li>"
        for r in sorted(results, key=lambda r: r.validator)
        for m in r.messages
        if m.severity != "info"
    ]
    items += [f"<li>{_esc(f.code)}: {_esc(f.message)}</li>" for f in findings]
    details = (
        "<h2>Errors and warnings</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>\n" if items else ""
    )
    cited = (
        f'<cite lang="{_esc(lang)}" xml:lang="{_esc(lang)}">{_esc(title)}</cite>'
        if lang and lang != "en"
        else f"<cite>{_esc(title)}</cite>"
    )
    moment = moment.astimezone(dt.UTC)
    text = _REPORT.format(
        title=cited,
        certifier=_esc(certifier),
        iso=iso_timestamp(moment),
        date=f"{moment.day} {moment:%B %Y}",
        verdict=verdict,
        rows="\n".join(rows),
        comparison=_esc(comparison),
        details=details,
    )
    return text.encode("utf-8")


def _same(a: Path, b: Path) -> bool:
    return a == b or a.resolve() == b.resolve()


def _sibling(path: Path, epub: Path) -> bool:
    """Another format of the same speech (press files and volumes claim nothing)."""
    return (
        path.stem == epub.stem
        and path.suffix in (".pdf", ".html")
        and path.parent.name not in ("press", "collections")
    )


def certify_epubs(
    report: CheckReport,
    settings: Settings,
    *,
    report_dir: Path | None = None,
    concurrent: bool = True,
) -> CheckReport:
    """Put the report of ``report``'s check inside every EPUB it checked, linked from the
    package metadata as ``a11y:certifierReport`` (EPUB Accessibility 1.1), then check the
    rewritten EPUBs again with EPUBCheck and Ace, so that what ships is validated.

    Each EPUB is replaced atomically, and only when its bytes change; the same check gives
    the same bytes (the report's date is ``settings.build_time``). Returns the check of the
    certified EPUBs (its ``files`` are those EPUBs). Call it only after a check that passed:
    an EPUB's report states its counts, whatever they are.
    """
    # The speeches' EPUBs (output/epub/NAME.epub). A collection's EPUB is left as built:
    # its web page states its size, and is not rebuilt after a check (refresh_outputs
    # brings the speech pages up to date, see cli), so it keeps a11y:certifiedBy only.
    epubs = [
        p for p in report.files if p.suffix == ".epub" and p.is_file() and p.parent.name == "epub"
    ]
    for path in epubs:
        data = path.read_bytes()
        title, lang = _package_title(data)
        xhtml = certifier_report(
            path,
            report,
            title=title,
            lang=lang,
            certifier=settings.certified_by,
            moment=settings.build_time,
        )
        certified = epub_writer.with_certifier_report(data, xhtml)
        if certified != data:
            atomic_write(path, certified)
    again = CheckReport(files=epubs)
    if epubs:
        began = time.perf_counter()
        outcomes, _, _ = _run_jobs(
            [
                ("EPUBCheck", lambda: checks.run_epubcheck(epubs)),
                ("DAISY Ace", lambda: checks.run_ace(epubs, report_dir=report_dir)),
            ],
            concurrent,
            lambda: None,
        )
        for outcome in outcomes:
            _add(again, outcome)
        again.timings["total"] = time.perf_counter() - began
    return again


def certify_build(
    settings: Settings,
    check_report: Path | None = None,
    *,
    strict: bool = False,
    quiet: bool = False,
) -> int:
    """``publish build --check``'s last step: certify every EPUB of the check whose JSON
    report is ``check_report`` (default: ``output/reports/check.json``, where the check
    wrote it) with :func:`certify_epubs`, write the check of the certified EPUBs next to it
    (``certify.json``; Ace's reports replace the earlier ones in ``ace/``) and print one
    summary line. Returns the exit status: 0 when the certified EPUBs pass (without
    warnings too, with ``strict``), 1 when not, 5 when a validator is missing.
    """
    source = check_report or settings.output / "reports" / "check.json"
    report = CheckReport.from_json(json.loads(source.read_text(encoding="utf-8")))
    again = certify_epubs(report, settings, report_dir=source.parent / "ace")
    target = source.parent / "certify.json"
    write_json(again, target, strict)
    if not quiet or not again.ok(strict):
        lines = again.table().splitlines()[1:]
        for line in lines if not quiet else [ln for ln in lines if "FAIL" in ln]:
            print(line)
    print(
        f"{len(again.files)} EPUB(s) certified (a11y:certifierReport) and checked again: "
        f"{again.errors} error(s), {again.warnings} warning(s); report in {target}"
    )
    return exit_status(again, strict)


def exit_status(report: CheckReport, strict: bool) -> int:
    """A check's exit status: 5 when a validator is missing (each is named on stderr with
    how to install it), 1 when a check failed (or warned, with ``strict``), else 0."""
    if report.missing:
        for line in report.missing:
            print(f"publish: validator missing: {line}", file=sys.stderr)
        return 5
    return 0 if report.ok(strict) else 1


def _package_title(epub: bytes) -> tuple[str, str | None]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        opf = etree.fromstring(archive.read(epub_writer.PACKAGE_PATH), parser)
    title = opf.findtext("opf:metadata/dc:title", namespaces=ns) or "(untitled)"
    return title, opf.findtext("opf:metadata/dc:language", namespaces=ns)


def write_json(report: CheckReport, target: Path, strict: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report.as_json(strict), indent=2, ensure_ascii=False) + "\n")


__all__ = [
    "OWN_CHECKS",
    "CheckReport",
    "Finding",
    "ValidatorMessage",
    "certifier_report",
    "certify_build",
    "certify_epubs",
    "check_outputs",
    "consistency_findings",
    "exit_status",
    "write_json",
]
