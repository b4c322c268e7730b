"""``publish check``: every output judged by the real validators and by our own checks.

Validators run once per batch (one JVM for veraPDF, one for EPUBCheck, one browser for
axe, one Nu checker call), never once per file. Our own checks look at what validators
cannot: that title, language, archive status, government and publisher agree across
the HTML, the EPUB and the PDF made from one source; that the PDF's tag tree has the
structure of the HTML; that pagination is outside the tag tree; that every image has a
text alternative in every format.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from lxml import etree
from lxml import html as lxml_html

from . import checks
from .checks import ValidatorMessage, ValidatorMissing, ValidatorResult
from .structure import html_structure, pdf_structure, pdf_text_runs

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


def collect(paths: Sequence[Path]) -> list[Path]:
    """Output files named by ``paths`` (files, or folders searched recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix in (".pdf", ".epub", ".html")
                and not p.name.startswith(".")
            )
        elif path.is_file():
            found.append(path)
    return list(dict.fromkeys(found))


def _run(report: CheckReport, name: str, run: Callable[[], list[ValidatorResult]]) -> None:
    try:
        report.results.extend(run())
    except ValidatorMissing as exc:
        report.missing.append(f"{name}: {exc} ({INSTALL_HINT})")


def check_outputs(paths: Sequence[Path], *, report_dir: Path | None = None) -> CheckReport:
    """Run every validator and our own checks over the outputs in ``paths``."""
    report = CheckReport(files=collect(paths))
    pdfs = [p for p in report.files if p.suffix == ".pdf" and "press" not in p.parent.name]
    epubs = [p for p in report.files if p.suffix == ".epub"]
    pages = [p for p in report.files if p.suffix == ".html"]
    if pdfs:
        _run(report, "veraPDF", lambda: checks.run_verapdf(pdfs, flavours=("ua1", "3a")))
        for profile in ("ua1", "3a"):
            _run(
                report,
                "page-validation",
                lambda profile=profile: checks.run_page_validation(pdfs, profile=profile),  # type: ignore[misc]
            )
    if epubs:
        _run(report, "EPUBCheck", lambda: checks.run_epubcheck(epubs))
        _run(report, "DAISY Ace", lambda: checks.run_ace(epubs, report_dir=report_dir))
    if pages:
        _run(report, "axe-core", lambda: checks.run_axe(pages))
        _run(report, "Nu HTML checker", lambda: checks.run_vnu(pages))
    report.findings.extend(consistency_findings(report.files))
    return report


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


def pdf_facts(path: Path) -> tuple[Facts, Facts, str]:
    """The PDF's info dictionary and XMP, and the text of its first page."""
    with pikepdf.open(path) as pdf:
        lang = str(pdf.Root.get("/Lang", "")) or None
        info_title = str(pdf.docinfo.get("/Title", "")) or None
        xmp_title = pdf.open_metadata().get("dc:title")
    page_one = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    info = Facts(info_title, lang, None, None, None)
    xmp = Facts(str(xmp_title) if xmp_title else None, lang, None, None, None)
    return info, xmp, _SPACE.sub(" ", page_one)


def consistency_findings(files: Sequence[Path]) -> list[Finding]:
    """Cross-format findings for every speech that has more than one format here."""
    findings: list[Finding] = []
    by_slug: dict[str, dict[str, Path]] = {}
    for path in files:
        fmt = {".pdf": "pdf", ".epub": "epub", ".html": "html"}[path.suffix]
        if path.parent.name in ("press", "collections"):
            continue  # press files claim nothing; volumes bind many speeches
        by_slug.setdefault(path.stem, {})[fmt] = path
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
                info, xmp, page_one = pdf_facts(outputs["pdf"])
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


def write_json(report: CheckReport, target: Path, strict: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report.as_json(strict), indent=2, ensure_ascii=False) + "\n")


__all__ = [
    "OWN_CHECKS",
    "CheckReport",
    "Finding",
    "ValidatorMessage",
    "check_outputs",
    "consistency_findings",
    "write_json",
]
