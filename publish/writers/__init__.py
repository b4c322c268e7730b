"""Writers: one module per output format, composed around the one rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..config import Settings
from ..diagnostics import Diagnostic
from ..render import Rendered


@dataclass(frozen=True)
class Download:
    """A sibling output a web page links to."""

    format: str
    href: str
    media_type: str
    size: int


@dataclass(frozen=True)
class WriteResult:
    data: bytes
    diagnostics: tuple[Diagnostic, ...] = field(default=())


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
