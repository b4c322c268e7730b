"""Writers: one module per output format, composed around the one rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..config import Settings
from ..diagnostics import Diagnostic
from ..render import Rendered


@dataclass(frozen=True)
class Download:
    """A sibling output built before this one: what a web page links to, and for a
    paginated edition, where its pages begin (the EPUB's page list follows them)."""

    format: str
    href: str
    media_type: str
    size: int
    identifier: str | None = None
    page_starts: tuple[str, ...] = ()


@dataclass(frozen=True)
class WriteResult:
    data: bytes
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    #: A stable identifier of the output (for a PDF, the URN its XMP records).
    identifier: str | None = None
    #: For a paginated output: the text each page begins with, page by page.
    page_starts: tuple[str, ...] = ()


class Writer(Protocol):
    name: str
    suffix: str
    media_type: str

    def write(
        self, rendered: Rendered, settings: Settings, downloads: tuple[Download, ...] = ()
    ) -> WriteResult: ...


def writer_for(name: str) -> Writer:
    from .epub import EpubWriter
    from .html import HtmlWriter
    from .pdf import PdfWriter

    writers: dict[str, Writer] = {"pdf": PdfWriter(), "epub": EpubWriter(), "html": HtmlWriter()}
    return writers[name]
