"""The build: discover, read and validate everything, then render once and write.

Gather, then write: every source is read and normalised before any output is written,
so duplicate names and broken sources are known up front. One failing source never
stops the others; its problems are reported and the build ends non-zero.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .config import Settings
from .diagnostics import Diagnostic, Severity
from .errors import PublishError, SourceError
from .fsutil import atomic_write
from .i18n import labels_for
from .metadata import normalise
from .model import Speech
from .readers import choose_reader, load_source
from .render import display_date, environment, render_speech
from .writers import Download, writer_for
from .writers.pdf import PdfWriter

SOURCE_SUFFIXES = (".md", ".markdown", ".txt")


def slugify(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("ø", "o").replace("æ", "ae").replace("å", "a"))
        .encode("ascii", "ignore")
        .decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:120].rstrip("-") or "speech"


def read_source(
    path: Path, max_bytes: int = 5 * 1024 * 1024
) -> tuple[Speech | None, list[Diagnostic]]:
    """Read and normalise one source. Problems come back as diagnostics, never raised."""
    try:
        source = load_source(path, max_bytes)
        reader = choose_reader(source)
        raw = reader.read(source)
    except PublishError as error:
        return None, [
            Diagnostic(
                error.code,
                Severity.ERROR,
                error.message,
                error.path or path,
                error.line,
                error.hint,
            )
        ]
    metadata, problems = normalise(raw, source)
    if metadata is None:
        return None, problems
    speech = Speech(
        source=source,
        slug=slugify(path.stem),
        metadata=metadata,
        body=raw.body,
        reader=reader.name,
        diagnostics=tuple(problems),
    )
    return speech, problems


def discover(targets: Sequence[Path]) -> list[Path]:
    """Source files named by ``targets`` (files, or folders searched recursively)."""
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found.extend(
                p
                for p in sorted(target.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SOURCE_SUFFIXES
                and not p.name.startswith(".")
            )
        elif target.exists():
            found.append(target)
        else:
            raise SourceError("no such file or folder", path=target, code="S009")
    return list(dict.fromkeys(found))


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not any(d.severity is Severity.ERROR for d in self.diagnostics)


def build(settings: Settings, targets: Sequence[Path] | None = None) -> BuildReport:
    report = BuildReport()
    paths = discover(targets or [settings.sources])

    # Gather: read everything first.
    by_slug: dict[str, Speech] = {}
    for path in paths:
        speech, problems = read_source(path, settings.max_source_bytes)
        report.diagnostics.extend(problems)
        if speech is None:
            report.failed.append(path)
            continue
        if speech.slug in by_slug:
            other = by_slug[speech.slug]
            report.diagnostics.append(
                Diagnostic(
                    "M006",
                    Severity.ERROR,
                    f"its output name {speech.slug!r} is already used by {other.path}",
                    path,
                    hint="rename one of the two files",
                )
            )
            report.failed.append(path)
            continue
        by_slug[speech.slug] = speech
    speeches = list(by_slug.values())
    report.speeches = speeches

    # Write: render once per speech, then each format.
    for speech in speeches:
        try:
            rendered = render_speech(speech)
            downloads: list[Download] = []
            for fmt in settings.formats:
                writer = writer_for(fmt)
                result = writer.write(rendered, settings, tuple(downloads))
                report.diagnostics.extend(result.diagnostics)
                if fmt == "pdf" and "press" in settings.pdf_profiles:
                    press = PdfWriter("press").write(rendered, settings)
                    report.diagnostics.extend(press.diagnostics)
                    press_target = settings.output / "press" / f"{speech.slug}.pdf"
                    atomic_write(press_target, press.data)
                    report.written.append(press_target)
                target = settings.output / fmt / f"{speech.slug}{writer.suffix}"
                atomic_write(target, result.data)
                report.written.append(target)
                if fmt != "html":
                    downloads.append(
                        Download(
                            fmt,
                            f"../{fmt}/{target.name}",
                            writer.media_type,
                            len(result.data),
                            identifier=result.identifier,
                            page_starts=result.page_starts,
                        )
                    )
        except PublishError as error:
            report.failed.append(speech.path)
            report.diagnostics.append(
                Diagnostic(
                    error.code,
                    Severity.ERROR,
                    error.message,
                    error.path or speech.path,
                    error.line,
                    error.hint,
                )
            )
    if "html" in settings.formats and speeches:
        write_site_files(settings, speeches, report)
    return report


def write_site_files(settings: Settings, speeches: Iterable[Speech], report: BuildReport) -> None:
    html_dir = settings.output / "html"
    css = settings.styles / "web.css"
    target = html_dir / "assets" / "web.css"
    atomic_write(target, css.read_bytes())
    report.written.append(target)
    items = sorted(
        speeches,
        key=lambda s: (
            s.metadata.date is None,
            -(s.metadata.date.toordinal() if s.metadata.date else 0),
            s.metadata.title,
        ),
    )
    page = (
        environment()
        .get_template("index.html")
        .render(
            lang=settings.site_lang,
            L=labels_for(settings.site_lang),
            version=__version__,
            items=[
                {
                    "m": s.metadata,
                    "L": labels_for(s.metadata.lang),
                    "href": f"{s.slug}.html",
                    "date": display_date(s.metadata),
                }
                for s in items
            ],
        )
    )
    index = html_dir / "index.html"
    atomic_write(index, page.encode("utf-8"))
    report.written.append(index)
