"""Plain-text helpers shared by the readers of scraped pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Horizontal white space, including the no-break and thin spaces scrapes are full of.
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: Characters that make no visible mark; a line of only these (and spaces) is blank.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass(frozen=True)
class Paragraph:
    """A block of text lines separated from others by blank lines."""

    text: str
    line: int

    @property
    def flat(self) -> str:
        """The paragraph on one line, with runs of spaces (and NBSP) collapsed."""
        return _SPACE.sub(" ", _INVISIBLE.sub("", self.text.replace("\n", " "))).strip()

    @property
    def lines(self) -> list[Paragraph]:
        """Each line of the paragraph as a paragraph of its own."""
        return [
            Paragraph(line, self.line + offset)
            for offset, line in enumerate(self.text.split("\n"))
            if not is_blank(line)
        ]


def is_blank(line: str) -> bool:
    return _SPACE.sub("", _INVISIBLE.sub("", line)).strip() == ""


def paragraphs(text: str) -> list[Paragraph]:
    """Blank-line separated paragraphs with the 1-based line each starts on.

    A line of only spaces (including no-break spaces, common in scrapes) is blank. A
    scrape that separates its paragraphs by single line breaks, with (almost) no blank
    lines at all, gives one paragraph per line.
    """
    lines = text.split("\n")
    out: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if is_blank(line):
            if current:
                out.append(Paragraph("\n".join(current), start))
                current = []
            continue
        if not current:
            start = number
        current.append(line.rstrip(" \t\u00a0"))
    if current:
        out.append(Paragraph("\n".join(current), start))
    if _is_line_per_paragraph(out):
        return [line for p in out for line in p.lines]
    return out


def _is_line_per_paragraph(paras: list[Paragraph]) -> bool:
    """True for a scrape whose paragraphs are single lines with no blank lines between."""
    total = sum(p.text.count("\n") + 1 for p in paras)
    if total < 12:
        return False
    # Most "paragraphs" span many lines, and many of those lines are long: prose that
    # was never hard-wrapped, one paragraph to a line.
    multi = [p for p in paras if "\n" in p.text]
    long_lines = sum(1 for p in multi for line in p.text.split("\n") if len(line.strip()) > 120)
    return len(paras) * 4 <= total and long_lines * 4 >= total


# Characters pandoc Markdown may read as markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#$^~|@\"'])")
# Line starts that would become lists, headings, quotes, tables or rules.
_LINE_START = re.compile(r"^(\s*)([-+:=>%]|\d+[.)]|[A-Za-z][.)](?=\s)|\(\w{1,4}\)(?=\s))")


def escape_inline(text: str) -> str:
    """``text`` as pandoc Markdown inline content that reads back as exactly that text."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("...", r"\.\.\.").replace("--", r"-\-")


def escape_markdown(text: str) -> str:
    """``text`` as pandoc Markdown that reads back as exactly that text."""
    escaped = escape_inline(text)
    lines = []
    for line in escaped.split("\n"):
        match = _LINE_START.match(line)
        if match:
            marker = match.group(2)
            if marker.startswith("("):
                line = match.group(1) + "\\" + marker + line[match.end() :]
            else:
                line = match.group(1) + marker[:-1] + "\\" + marker[-1] + line[match.end() :]
        lines.append(line)
    return "\n".join(lines)
