"""What a reader collects while it reads: raw fields, notes and chrome-language evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..model import RawField


@dataclass
class Collected:
    """Raw fields as found (the first value found for a field wins), with their lines."""

    path: Path
    fields: dict[str, RawField] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    #: The languages the page's chrome lines showed (``no``: Norwegian, either standard).
    evidence: list[str] = field(default_factory=list)

    def put(self, name: str, value: object, line: int | None = None) -> None:
        if value is None or value == "":
            return
        self.fields.setdefault(name, RawField(value, line))

    def has(self, name: str) -> bool:
        return name in self.fields

    def has_date(self) -> bool:
        return "date_text" in self.fields or "date" in self.fields

    def note(
        self,
        code: str,
        severity: Severity,
        message: str,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.notes.append(Diagnostic(code, severity, message, self.path, line, hint))
