"""Readers: one module per input kind. Each extracts raw labelled fields and a body.

:func:`load_source` turns a path into a :class:`Source` (bytes, decoded text, encoding,
checksum) with the checks every kind shares; :func:`choose_reader` picks the reader by
content, not by suffix alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from ..errors import SourceError
from ..model import RawDocument, Source
from .markdown import MarkdownReader
from .regjeringen_text import RegjeringenTextReader

#: Sources larger than this are refused (a speech is rarely above 200 kB).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class Reader(Protocol):
    name: str

    def accepts(self, source: Source) -> bool: ...

    def read(self, source: Source) -> RawDocument: ...


#: In order of preference: the first that accepts a source reads it.
READERS: tuple[Reader, ...] = (MarkdownReader(), RegjeringenTextReader())

_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"invalid UTF-16 at byte {exc.start}",
                path=path,
                code="S003",
                hint="re-save the file as UTF-8",
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise SourceError(
        f"not valid UTF-8 (byte {utf8_error.start}) nor Windows-1252",
        path=path,
        line=line,
        code="S003",
        hint="re-save the file as UTF-8",
    )


def load_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a source file from disk with the checks every kind of source shares."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                f"the file is {size:,} bytes, over the limit of {max_bytes:,}",
                path=path,
                code="S004",
                hint="split the document or raise max_source_bytes in the configuration",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(
            f"cannot read the file: {exc.strerror or exc}", path=path, code="S009"
        ) from None
    if not data.strip():
        raise SourceError("the file is empty", path=path, code="S001", hint="add a speech to it")
    is_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if data.startswith(_BINARY_MAGIC) or (b"\x00" in data and not is_utf16):
        raise SourceError(
            "the file is binary, not text",
            path=path,
            code="S002",
            hint="give a .txt, .md, .html or .json source",
        )
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(
        path=path,
        data=data,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def choose_reader(source: Source) -> Reader:
    for reader in READERS:
        if reader.accepts(source):
            return reader
    raise SourceError(
        "this does not look like a speech source this tool can read",
        path=source.path,
        code="S005",
        hint="use Markdown with YAML front matter, or a regjeringen.no page saved as text",
    )


__all__ = ["READERS", "Reader", "choose_reader", "decode", "load_source"]
