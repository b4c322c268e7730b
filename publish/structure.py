"""What validators cannot see: the structure an output really has.

Read from a PDF's tag tree and content streams, and from the HTML it was made from, so
that the two can be compared: the same heading sequence, the same number of paragraphs,
list items and quotations, and running headers and page numbers outside the tag tree.
Used by the test suite and by ``publish check``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from lxml import html as lxml_html


@dataclass(frozen=True)
class Structure:
    """The countable structure of a document."""

    headings: tuple[int, ...]
    paragraphs: int
    list_items: int
    quotations: int
    languages: frozenset[str] = field(default_factory=frozenset)

    def differences(self, other: Structure) -> list[str]:
        out = []
        for name in ("headings", "paragraphs", "list_items", "quotations"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine != theirs:
                out.append(f"{name}: {mine} != {theirs}")
        return out


def html_structure(data: bytes | str, scope: str = "//article") -> Structure:
    """The structure of the HTML inside ``scope`` (the speech, without site chrome).

    Description-list terms and details count as list items: that is how they are tagged
    in PDF (L > LI), and how assistive technology presents them.
    """
    tree = lxml_html.fromstring(data)
    found = tree.xpath(scope)
    roots: list[Any] = list(found) if isinstance(found, list) and found else [tree]
    headings: list[int] = []
    paragraphs = items = quotes = 0
    languages: set[str] = set()
    for root in roots:
        for element in root.iter():
            tag = element.tag if isinstance(element.tag, str) else ""
            tag = tag.rsplit("}", 1)[-1]
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                headings.append(int(tag[1]))
            elif tag == "p":
                paragraphs += 1
            elif tag in ("li", "dt", "dd"):
                items += 1
            elif tag == "blockquote":
                quotes += 1
            lang = element.get("lang")
            if lang:
                languages.add(lang)
    return Structure(tuple(headings), paragraphs, items, quotes, frozenset(languages))


def _walk(node: Any, counts: Counter[str], headings: list[int], langs: set[str]) -> None:
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return
    name = str(node.S)[1:]
    counts[name] += 1
    if len(name) == 2 and name[0] == "H" and name[1].isdigit():
        headings.append(int(name[1]))
    if "/Lang" in node:
        langs.add(str(node.Lang))
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            _walk(kid, counts, headings, langs)
    elif isinstance(kids, pikepdf.Dictionary):
        _walk(kids, counts, headings, langs)


def pdf_tag_counts(path: Path) -> tuple[Counter[str], Structure]:
    """Every structure type in the PDF's tag tree with its count, and the summary."""
    counts: Counter[str] = Counter()
    headings: list[int] = []
    langs: set[str] = set()
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            kids = root.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                _walk(kid, counts, headings, langs)
    return counts, Structure(
        tuple(headings),
        counts["P"],
        counts["LI"],
        counts["BlockQuote"],
        frozenset(langs),
    )


def pdf_structure(path: Path) -> Structure:
    return pdf_tag_counts(path)[1]


@dataclass(frozen=True)
class TextRun:
    """One text-showing operation: on which page, how far down (in points), and whether
    it is tagged content, an artifact, or neither (a PDF/UA failure)."""

    page: int
    y: float
    kind: str


_TEXT_OPS = {"Tj", "TJ", "'", '"'}


def pdf_text_runs(path: Path) -> tuple[list[TextRun], list[float]]:
    """Every text run of every page, and each page's height in points.

    Positions assume WeasyPrint's page streams: a flip to top-down coordinates, a scale
    from CSS pixels, and a ``Tm`` before each run.
    """
    runs: list[TextRun] = []
    heights: list[float] = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            box = [float(v) for v in page.TrimBox] if "/TrimBox" in page else None
            media = [float(v) for v in page.MediaBox]
            top = (box or media)[3]
            heights.append(top - (box or media)[1])
            scale = 1.0
            stack: list[str] = []
            y = 0.0
            for instruction in pikepdf.parse_content_stream(page):
                if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                    continue
                operands, operator = instruction.operands, instruction.operator
                op = str(operator)
                if op == "cm" and [float(v) for v in operands][:4] == [0.75, 0, 0, 0.75]:
                    scale = 0.75
                elif op in ("BMC", "BDC"):
                    tag = str(operands[0])[1:]
                    is_marked = (
                        op == "BDC"
                        and isinstance(operands[1], pikepdf.Dictionary)
                        and ("/MCID" in operands[1])
                    )
                    stack.append(
                        "artifact" if tag == "Artifact" else ("tagged" if is_marked else "other")
                    )
                elif op == "EMC" and stack:
                    stack.pop()
                elif op == "Tm":
                    y = float(operands[5]) * scale
                elif op in _TEXT_OPS:
                    kind = "untagged"
                    for entry in reversed(stack):
                        if entry in ("artifact", "tagged"):
                            kind = entry
                            break
                    runs.append(TextRun(number, y, kind))
    return runs, heights
