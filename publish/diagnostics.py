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
    "S010": "The source is not in plain UTF-8; the encoding it was read in is named (info).",
    "S011": "A JSON source could not be parsed, or is JSON but not a GOV.UK content item.",
    "S012": "The provenance mapping in the front matter is malformed.",
    "S013": "A body link or image pointed outside the allowed targets and was removed.",
    "S014": "The source is a symbolic link to a file outside its folder; it is not read.",
    "S101": "A line above the title (a kicker or series name) was kept out of the body.",
    "S102": "A plain-text source has no regjeringen.no header; its first paragraph is the title.",
    "S103": "An HTML page has no article body; its main content was read instead.",
    "S104": "The page's type label says it is not a speech or article (e.g. a hearing).",
    "S105": "The GOV.UK item was withdrawn; its withdrawal notice opens the body.",
    "S106": "The page's chrome is in another language than the speech (both are recorded).",
    "S201": "import: the target was edited since it was imported, or not made by import.",
    "S900": "A bug in publish stopped one source from being read (the others go on).",
    "S202": "import: the target was imported from a different original file.",
    "S203": "import: what import would write does not read back as the original (a bug).",
    "M001": "The document has no title.",
    "M002": "A front-matter key is not a known metadata field.",
    "M003": "A metadata value has the wrong type.",
    "M004": "A date could not be understood; it is kept only as printed text.",
    "M005": "The language is not one of the supported document languages.",
    "M006": "Two sources would produce outputs with the same name (slug).",
    "M007": "The date lies outside the period of the government the page was published under.",
    "M008": "The date and the printed date (date_text) name different days.",
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
