"""Which text encoding a source file is in, decided from its bytes and reported.

In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a mark (every other
byte NUL); strict UTF-8; and Windows-1252 (which reads every ISO-8859-1 text the same).
A file that is mostly UTF-8 but has bytes that are not is *broken* UTF-8 (often a file
edited in two editors), and is refused with the line and byte where it breaks, rather
than read as Windows-1252 and shown as mojibake.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import SourceError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A multi-byte UTF-8 sequence (what Windows-1252 text almost never contains).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

#: How each encoding is named to a user.
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with a byte-order mark",
    "utf-16": "UTF-16 (with a byte-order mark)",
    "utf-16-le": "UTF-16 little-endian (no byte-order mark)",
    "utf-16-be": "UTF-16 big-endian (no byte-order mark)",
    "utf-32": "UTF-32 (with a byte-order mark)",
    "cp1252": "Windows-1252 (also reads ISO-8859-1 / Latin-1)",
}


def describe(encoding: str) -> str:
    return NAMES.get(encoding, encoding)


def _line_of(data: bytes, offset: int, width: int = 1) -> int:
    if width == 2:
        return data[:offset].decode("utf-16-le", errors="replace").count("\n") + 1
    return data.count(b"\n", 0, offset) + 1


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` if the bytes look like UTF-16 text without a mark."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was in.

    Raises :class:`SourceError` (S003) naming the line of the first byte that does not
    fit, when no supported encoding reads the bytes.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"invalid {describe(name)} at byte {exc.start}",
                    path=path,
                    line=_line_of(data, exc.start),
                    code="S003",
                    hint="re-save the file as UTF-8",
                ) from None
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"invalid {describe(utf16)} at byte {exc.start}",
                path=path,
                line=_line_of(data, exc.start, 2),
                code="S003",
                hint="re-save the file as UTF-8",
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        error = exc
    line = _line_of(data, error.start)
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    byte = data[error.start]
    if _UTF8_SEQUENCE.search(data):
        raise SourceError(
            f"not valid UTF-8: byte 0x{byte:02X} at line {line}, column {column} does not "
            "fit, though the rest of the file is UTF-8 (the file mixes two encodings)",
            path=path,
            line=line,
            code="S003",
            hint="fix or retype the character on that line, and save the file as UTF-8",
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        bad_line = _line_of(data, exc.start)
        raise SourceError(
            f"not valid UTF-8 (byte 0x{byte:02X} at line {line}) nor Windows-1252 "
            f"(byte 0x{data[exc.start]:02X} at line {bad_line})",
            path=path,
            line=line,
            code="S003",
            hint="re-save the file as UTF-8",
        ) from None
