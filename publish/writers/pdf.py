"""PDF through WeasyPrint: tagged PDF/UA-1, embedded fonts from styles/, the archive
header on page 1, a running header and page numbers on every page."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import __version__
from ..config import Settings
from ..diagnostics import Diagnostic, Severity
from ..i18n import labels_for
from ..render import Rendered, environment, iso_timestamp, short_title
from . import Download, WriteResult

_MEDIA_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves only regular files inside the allowed folders; refuses everything else
    (other files, symlinks that lead out, http(s), data: URLs)."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file":
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url!r}: only files in styles/ may be used")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_file() or not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"refused to read {path}: it is outside the allowed folders")
        media_type = _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": media_type}
        )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_weasyprint_warnings() -> Iterator[_Collect]:
    """WeasyPrint logs problems (missing fonts, refused resources) instead of raising."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


class PdfWriter:
    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"

    def print_html(self, rendered: Rendered, settings: Settings) -> str:
        m = rendered.metadata
        labels = labels_for(m.lang)
        moment = iso_timestamp(settings.build_time)
        keywords = [
            v for v in (m.archive_status or labels["current"], m.government, m.publisher) if v
        ]
        return (
            environment()
            .get_template("print.html")
            .render(
                m=m,
                L=labels,
                article=rendered.article,
                author=m.speaker or m.publisher or "",
                subject=m.occasion or m.lead,
                keywords=", ".join(keywords),
                version=__version__,
                created=moment,
                modified=moment,
                running_status=m.archive_status or labels["current"],
                running_title=short_title(m.title),
            )
        )

    def write(
        self, rendered: Rendered, settings: Settings, downloads: tuple[Download, ...] = ()
    ) -> WriteResult:
        html = self.print_html(rendered, settings)
        fetcher = ConfinedFetcher((settings.styles,))
        identifier = hashlib.sha256(
            f"publish-pdf:{rendered.speech.source.sha256}".encode()
        ).hexdigest()[:32]
        with captured_weasyprint_warnings() as caught:
            document = HTML(
                string=html,
                base_url=settings.styles.as_uri() + "/",
                url_fetcher=fetcher,
            )
            data: bytes = document.write_pdf(
                pdf_variant="pdf/ua-1",
                pdf_identifier=identifier.encode(),
            )
        problems = tuple(
            Diagnostic(
                "P002" if "refused" in record.getMessage() else "P001",
                Severity.WARNING,
                record.getMessage(),
                rendered.speech.path,
            )
            for record in caught.records
        )
        return WriteResult(data, problems)
