"""Plain-text helpers shared by the readers of scraped pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE = re.compile(r"[ \t\u00a0\u2007\u202f]+")


@dataclass(frozen=True)
class Paragraph:
    """A block of text lines separated from others by blank lines."""

    text: str
    line: int

    @property
    def flat(self) -> str:
        """The paragraph on one line, with runs of spaces (and NBSP) collapsed."""
        return _SPACE.sub(" ", self.text.replace("\n", " ")).strip()


def paragraphs(text: str) -> list[Paragraph]:
    """Blank-line separated paragraphs with the 1-based line each starts on.

    A line of only spaces (including no-break spaces, common in scrapes) is blank.
    """
    out: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if _SPACE.sub("", line) == "":
            if current:
                out.append(Paragraph("\n".join(current), start))
                current = []
            continue
        if not current:
            start = number
        current.append(line.rstrip(" \t\u00a0"))
    if current:
        out.append(Paragraph("\n".join(current), start))
    return out


# Characters pandoc Markdown may read as markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#$^~|@\"'])")
# Line starts that would become lists, headings, quotes, tables or rules.
_LINE_START = re.compile(r"^(\s*)([-+:=>%]|\d+[.)]|[A-Za-z][.)](?=\s))")


def escape_markdown(text: str) -> str:
    """``text`` as pandoc Markdown that reads back as exactly that text."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    escaped = escaped.replace("...", r"\.\.\.").replace("--", r"-\-")
    lines = []
    for line in escaped.split("\n"):
        match = _LINE_START.match(line)
        if match:
            marker = match.group(2)
            line = match.group(1) + marker[:-1] + "\\" + marker[-1] + line[match.end() :]
        lines.append(line)
    return "\n".join(lines)
