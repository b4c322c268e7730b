from __future__ import annotations

from pathlib import Path

import pytest

from publish.errors import SourceError
from publish.readers import encoding_note, source_from_bytes
from publish.readers.encoding import decode

TEXT = "Tale på «Kystens dag» – “den blå åkeren”\nLinje to\n"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("cp1252"), "cp1252"),
        ("Tale på været\n".encode("latin-1"), "cp1252"),
    ],
)
def test_encodings_are_detected(data: bytes, name: str) -> None:
    text, found = decode(data, Path("x.txt"))
    assert found == name
    assert text.lstrip("\ufeff").startswith("Tale på")


def test_utf8_with_a_stray_latin1_byte_names_the_line() -> None:
    data = "Første linje med æ\nAndre linje\n".encode() + b"Tredje p\xe5 linja\n"
    with pytest.raises(SourceError) as caught:
        decode(data, Path("x.txt"))
    assert caught.value.code == "S003"
    assert caught.value.line == 3
    assert "column 9" in caught.value.message


def test_every_encoding_but_plain_utf8_is_reported() -> None:
    plain = source_from_bytes(TEXT.encode("utf-8"), Path("x.txt"))
    assert encoding_note(plain) is None
    latin = source_from_bytes(TEXT.encode("cp1252"), Path("x.txt"))
    note = encoding_note(latin)
    assert note is not None and note.code == "S010" and "Windows-1252" in note.message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_wide_encodings_are_text_not_binary(codec: str) -> None:
    source = source_from_bytes(TEXT.encode(codec), Path("x.txt"))
    assert source.text == TEXT


def test_text_is_normalised_to_unix_line_ends_without_bom() -> None:
    source = source_from_bytes(b"\xef\xbb\xbfA\r\nB\rC\n", Path("x.txt"))
    assert source.text == "A\nB\nC\n"
