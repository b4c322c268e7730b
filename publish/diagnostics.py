"""Coded, located, counted diagnostics.

Codes are a letter and three digits: S source, M metadata, T template, H html, P pdf,
E epub. Each code is documented once, in :data:`CODES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


CODES: dict[str, str] = {
    "S001": "The source file is empty.",
    "S002": "The source file is not text (it contains NUL bytes or is a known binary format).",
    "S003": "The source file is not valid in any supported text encoding.",
    "S004": "The source file is larger than the configured size limit.",
    "S005": "The kind of source could not be recognised from its content.",
    "S006": "The YAML front matter could not be parsed.",
    "S007": "The front matter is not a mapping of field names to values.",
    "S008": "The front matter is not closed by a line of three dashes.",
    "S009": "The source file could not be read from disk.",
    "S101": "A line above the title (a kicker or series name) was kept out of the body.",
    "M001": "The document has no title.",
    "M002": "A front-matter key is not a known metadata field.",
    "M003": "A metadata value has the wrong type.",
    "M004": "A date could not be understood; it is kept only as printed text.",
    "M005": "The language is not one of the supported document languages.",
    "M006": "Two sources would produce outputs with the same name (slug).",
    "T001": "A template failed to render.",
    "P001": "WeasyPrint reported a problem while rendering the PDF.",
    "P002": "A resource outside the allowed folders was requested and refused.",
    "P003": "WeasyPrint wrote no XMP metadata packet to add the PDF/UA claim to.",
    "E001": "The EPUB could not be assembled.",
    "E002": "The EPUB page list was left out: a page of the PDF could not be located in the text.",
    "H001": "The HTML page could not be assembled.",
    "B001": "pandoc failed to convert a document body.",
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one place."""

    code: str
    severity: Severity
    message: str
    path: Path | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.severity.value}: {self.code} {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": str(self.path) if self.path else None,
            "line": self.line,
            "hint": self.hint,
        }
