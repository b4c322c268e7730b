"""Readers: one module per input kind. Each extracts raw labelled fields and a body.

:func:`load_source` turns a path into a :class:`Source` (bytes, decoded text, encoding,
checksum) with the checks every kind shares; :func:`choose_reader` picks the reader by
content, and only when the content does not say, by the file's suffix.

======================  ============================================  ======================
reader                  recognised by                                 module
======================  ============================================  ======================
``markdown``            a YAML front matter (``---`` first line)      :mod:`.markdown`
``govuk-json``          a JSON object with GOV.UK content-item keys   :mod:`.govuk_json`
``regjeringen-html``    an HTML document                              :mod:`.regjeringen_html`
``regjeringen-text``    a banner, ``Published under``, ``Utgiver``…   :mod:`.regjeringen_text`
======================  ============================================  ======================
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path
from typing import Protocol

from ..diagnostics import Diagnostic, Severity
from ..errors import SourceError
from ..model import RawDocument, Source
from .encoding import decode, describe, utf16_without_bom
from .govuk_json import GovukJsonReader
from .markdown import MarkdownReader
from .regjeringen_html import RegjeringenHtmlReader
from .regjeringen_text import RegjeringenTextReader

#: Sources larger than this are refused (a speech is rarely above 200 kB).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class Reader(Protocol):
    name: str

    def accepts(self, source: Source) -> bool: ...

    def read(self, source: Source) -> RawDocument: ...


#: In order of preference: the first that accepts a source's content reads it.
READERS: tuple[Reader, ...] = (
    MarkdownReader(),
    GovukJsonReader(),
    RegjeringenHtmlReader(),
    RegjeringenTextReader(),
)
#: When no reader recognises the content: the reader a suffix asks for (it then says
#: what is missing, rather than "unknown kind of file").
BY_SUFFIX: dict[str, Reader] = {
    ".md": READERS[0],
    ".markdown": READERS[0],
    ".json": READERS[1],
    ".html": READERS[2],
    ".htm": READERS[2],
    ".xhtml": READERS[2],
    ".txt": READERS[3],
    ".text": READERS[3],
}

_BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # OLE (old .doc)
    b"{\\rtf",
    b"\x1f\x8b",  # gzip
)


def _binary_offset(data: bytes, encoding_has_nul: bool) -> int | None:
    """The offset of the first byte that shows ``data`` is not text, if any."""
    if data.startswith(_BINARY_MAGIC):
        return 0
    if not encoding_has_nul:
        nul = data.find(b"\x00")
        if nul >= 0:
            return nul
    return None


#: Control characters (Unicode category Cc) other than the whitespace ones \t\n\v\f\r.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROLS.findall(sample)) / len(sample)


def source_from_bytes(data: bytes, path: Path) -> Source:
    """A :class:`Source` from bytes already read, with the checks every kind shares."""
    if not data.strip():
        raise SourceError(
            "the file is empty", path=path, line=1, code="S001", hint="add a speech to it"
        )
    has_nul_encoding = (
        data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
        or utf16_without_bom(data) is not None
    )
    offset = _binary_offset(data, has_nul_encoding)
    if offset is not None:
        raise SourceError(
            "the file is binary, not text",
            path=path,
            line=data.count(b"\n", 0, offset) + 1,
            code="S002",
            hint="give a .txt, .md, .html or .json source",
        )
    text, encoding = decode(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _control_ratio(text) > 0.01:
        raise SourceError(
            "the file is binary, not text (it is full of control characters)",
            path=path,
            line=1,
            code="S002",
            hint="give a .txt, .md, .html or .json source",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(
        path=path,
        data=data,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def load_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a source file from disk with the checks every kind of source shares.

    No more than ``max_bytes`` (and one byte more, to know) is ever read into memory.
    """
    try:
        # Only a regular file: a FIFO or a device would block the build or never end.
        if not stat.S_ISREG(path.stat().st_mode):
            raise SourceError(
                "not a regular file (a folder, FIFO, socket or device)",
                path=path,
                code="S015",
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(
            f"cannot read the file: {exc.strerror or exc}", path=path, code="S009"
        ) from None
    if len(data) > max_bytes:
        line = data.count(b"\n", 0, max_bytes) + 1
        raise SourceError(
            f"the file is over the limit of {max_bytes:,} bytes (reached on line {line})",
            path=path,
            line=line,
            code="S004",
            hint="split the document or raise max_source_bytes in the configuration",
        )
    return source_from_bytes(data, path)


def choose_reader(source: Source) -> Reader:
    """The reader for ``source``: by its content, else by its suffix."""
    for reader in READERS:
        if reader.accepts(source):
            return reader
    by_suffix = BY_SUFFIX.get(source.path.suffix.lower())
    if by_suffix is not None:
        return by_suffix
    raise SourceError(
        "this does not look like a speech source this tool can read",
        path=source.path,
        line=1,
        code="S005",
        hint="use Markdown with YAML front matter, a regjeringen.no page saved as text or "
        "HTML, or a GOV.UK content item (JSON)",
    )


def encoding_note(source: Source) -> Diagnostic | None:
    """An info diagnostic naming the encoding of a source that is not plain UTF-8."""
    if source.encoding == "utf-8":
        return None
    return Diagnostic(
        "S010",
        Severity.INFO,
        f"read as {describe(source.encoding)}",
        source.path,
        None,
        hint="publish import writes it as UTF-8",
    )


__all__ = [
    "READERS",
    "Reader",
    "choose_reader",
    "decode",
    "encoding_note",
    "load_source",
    "source_from_bytes",
]
