"""Structure recovery: the body of a plain-text scrape as the document it was.

A scrape has lost its markup. What a reader still sees in the text, and what this module
gives back as pandoc Markdown:

- headings: numbered (``1. Introduction``, ``2.1 Costs``), ALL-CAPS lines, and short
  unmarked lines that stand alone before a paragraph (never a salutation such as
  ``Ladies and gentlemen,`` or a closing such as ``Thank you.``);
- lists in their many shapes: ``•``/``·``/``▪`` bullets (however indented, and Word's
  ``·`` followed by a run of spaces), ``-`` and ``*`` lines, numbered ``1.``/``1)`` and
  lettered ``a.``/``a)``/``(a)`` items, one item to a line or one to a paragraph;
- quotations: a paragraph that is one quotation (``«…»``, ``“…”``, ``"…"``), with an
  attribution after it or not, and a quoted poem;
- verse and other deliberate line breaks (addresses, signatures), as line blocks;
- section breaks (``* * *``, ``***``, a lone ``*``);
- stage directions (``(Applause)``) as emphasis, interview labels (``QUESTION:``) as
  strong text.

Everything else is a paragraph, escaped so that pandoc reads exactly its text. A list
marker alone is not proof of a list: a single ``- line`` or ``1. line`` stays text, and a
paragraph-initial quotation dash ``–`` is dialogue, not a bullet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .text import Paragraph, escape_inline, escape_markdown

#: Bullets that are never anything else, even for a list of one item.
SURE_BULLETS = "•·▪◦‣∙●○■□➢➤►"
_BULLET = re.compile(rf"^\s*(?P<marker>[{SURE_BULLETS}]|[-*+](?=\s))\s*(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,2})(?P<delim>[.)])\s+(?P<text>\S.*)$")
_LETTERED = re.compile(r"^\s*(?P<open>\()?(?P<letter>[a-zA-Z])(?P<delim>[.)])\s+(?P<text>\S.*)$")
_SUBSECTION = re.compile(r"^\s*(?P<number>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<text>\S.*)$")
BREAK = re.compile(r"^\s*(?:(?:[*∗•·]\s*){3,}|\*|(?:-\s*){3,}|(?:_\s*){3,}|(?:~\s*){3,}|§)\s*$")
_LABEL = re.compile(
    r"^(?P<label>QUESTION|ANSWER|SPØRSMÅL|SVAR|SPURNAD|Q|A|INTERVIEWER|INTERVJUER|JOURNALIST"
    r"|PRIME MINISTER|STATSMINISTER(?:EN)?|[A-ZÆØÅ][A-ZÆØÅ.'’-]+(?: [A-ZÆØÅ][A-ZÆØÅ.'’-]+){1,3})"
    r"\s*:\s+(?P<text>\S.*)$"
)
_STAGE = re.compile(r"^\((?P<text>[^()]{2,200})\)\.?$")
_OPENING = {"«": "»", "“": "”", '"': '"', "„": "“", "‘": "’", "‹": "›", "”": "”"}
_SENTENCE_END = (".", "!", "?", "…", ":")
_TERMINAL = (".", ",", ":", ";", "!", "?", "…", "»", "”", '"', "’", ")")

#: How greetings and closings begin; such a line is never a heading.
SALUTATION = re.compile(
    r"^(?:dear|ladies|gentlemen|mr\.?|mrs\.?|ms\.?|madam|madame|your (?:majesty|royal|excellenc)"
    r"|excellenc|distinguished|honou?rable|friends|colleagues|good (?:morning|afternoon|evening)"
    r"|hello|hi|welcome|thank you|thanks|many thanks|god bless|merry|happy new year"
    r"|kjære|kjaere|gode|god (?:morgen|dag|kveld|jul)|godt nyttår|hei|hallo|velkommen|velkomen"
    r"|takk|tusen takk|mange takk|ærede|ærverdige|deres (?:majestet|kongelige)|eders"
    r"|mine damer|damer og herrer|president|gratulerer|lykke til|bures|buorre|hyvä)\b",
    re.IGNORECASE,
)

#: Longest line that counts as short (a heading or a line of verse).
SHORT = 70


@dataclass
class _Unit:
    """A paragraph (or one line of one) with what it was recognised as."""

    kind: str
    text: str
    line: int
    marker: str = ""
    number: int = 0
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Block:
    """One recovered block: its kind and its Markdown."""

    kind: str
    markdown: str
    line: int


def list_item(text: str, line: int) -> _Unit | None:
    if m := _BULLET.match(text):
        marker = m.group("marker")
        family = marker if marker in "-*+" else "•"
        return _Unit("bullet", m.group("text").strip(), line, marker=family)
    if m := _NUMBERED.match(text):
        return _Unit(
            "numbered",
            m.group("text").strip(),
            line,
            marker=m.group("delim"),
            number=int(m.group("number")),
        )
    if m := _LETTERED.match(text):
        letter = m.group("letter")
        case = "lower" if letter.islower() else "upper"
        return _Unit(
            "lettered",
            m.group("text").strip(),
            line,
            marker=f"{case}{m.group('open') or ''}{m.group('delim')}",
            number=ord(letter.lower()) - ord("a") + 1,
        )
    return None


def _flat(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u2000-\u200a\u202f]+", " ", text).strip()


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    """True when a paragraph's line breaks come from wrapping, not from its author."""
    lengths = [len(line) for line in lines]
    longest = max(lengths)
    if longest < 50:
        return False
    if len(lines) == 2:
        return not lines[0].rstrip().endswith(_SENTENCE_END)
    body = lengths[:-1]
    return all(length >= 0.7 * longest for length in body)


def _units(paragraphs: Iterable[Paragraph]) -> list[_Unit]:
    """Paragraphs split into the units structure is recognised on."""
    out: list[_Unit] = []
    for p in paragraphs:
        lines = [_flat(line.text) for line in p.lines]
        lines = [line for line in lines if line]
        if not lines:
            continue
        numbers = [line.line for line in p.lines if _flat(line.text)]
        if len(lines) == 1:
            out.append(_Unit("text", lines[0], p.line))
            continue
        items = [list_item(line, n) for line, n in zip(lines, numbers, strict=True)]
        first = next((i for i, item in enumerate(items) if item is not None), None)
        if first is not None and sum(1 for i in items if i is not None) >= 2:
            # A list inside one paragraph, perhaps after a line that introduces it; lines
            # without a marker continue the item before them.
            if first > 0:
                out.append(_Unit("text", " ".join(lines[:first]), numbers[0]))
            current: _Unit | None = None
            for item, line in zip(items[first:], lines[first:], strict=True):
                if item is not None:
                    current = item
                    out.append(item)
                elif current is not None:
                    current.text += " " + line
            continue
        if _is_hard_wrapped(lines):
            out.append(_Unit("text", " ".join(lines), p.line))
        elif max(len(line) for line in lines) <= SHORT + 10:
            out.append(_Unit("lines", "\n".join(lines), p.line, lines=lines))
        else:
            # Long lines broken on purpose: each is a paragraph of its own.
            out.extend(_Unit("text", line, n) for line, n in zip(lines, numbers, strict=True))
    for unit in out:
        if unit.kind == "text":
            if BREAK.match(unit.text):
                unit.kind = "break"
            elif item := list_item(unit.text, unit.line):
                unit.kind, unit.text, unit.marker, unit.number = (
                    item.kind,
                    item.text,
                    item.marker,
                    item.number,
                )
    return out


def _flat_source(unit: _Unit) -> str:
    """The text of a list-like unit as printed, marker included (for when it is text)."""
    if unit.kind == "bullet":
        return f"{unit.marker} {unit.text}" if unit.marker in "-*+" else f"• {unit.text}"
    if unit.kind == "numbered":
        return f"{unit.number}{unit.marker} {unit.text}"
    letter = chr(ord("a") + unit.number - 1)
    if unit.marker.startswith("upper"):
        letter = letter.upper()
    opening = "(" if "(" in unit.marker else ""
    return f"{opening}{letter}{unit.marker[-1]} {unit.text}"


def _group_lists(units: list[_Unit]) -> list[list[_Unit]]:
    """Consecutive list units of one kind that make a list; everything else alone."""
    groups: list[list[_Unit]] = []
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.kind not in ("bullet", "numbered", "lettered"):
            groups.append([unit])
            i += 1
            continue
        run = [unit]
        j = i + 1
        while j < len(units) and units[j].kind == unit.kind and units[j].marker == unit.marker:
            if unit.kind != "bullet" and units[j].number != run[-1].number + 1:
                break
            run.append(units[j])
            j += 1
        sure = unit.kind == "bullet" and unit.marker == "•"
        if len(run) >= 2 or sure:
            if unit.kind == "lettered" and run[0].number != 1:
                run = []
            if run:
                groups.append(run)
                i = j
                continue
        # Not a list: the marker is part of the text.
        unit.text = _flat_source(unit)
        unit.kind = "text"
        groups.append([unit])
        i += 1
    return groups


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _quoted(text: str) -> bool:
    """True for a paragraph that is one quotation (perhaps with an attribution after)."""
    if not text or text[0] not in _OPENING:
        return False
    closing = _OPENING[text[0]]
    end = text.rfind(closing)
    if end <= 0:
        return False
    inner = text[1:end]
    if closing in inner and closing != text[0]:
        return False
    if text[0] == '"' and inner.count('"') % 2:
        return False
    tail = text[end + 1 :].strip()
    return len(inner) >= 10 and (
        tail in ("", ".", ",", "!", "?") or (tail[:1] in "–—-(" and len(tail) <= 80)
    )


def _is_short_line(unit: _Unit) -> bool:
    return unit.kind == "text" and len(unit.text) <= SHORT


def _heading_like(text: str) -> bool:
    """A line that could be a heading by its own shape (not yet by its neighbours)."""
    if len(text) > SHORT or text.endswith(_TERMINAL) or text.count(",") > 1:
        return False
    if not (text[:1].isupper() or text[:1].isdigit()):
        return False
    if SALUTATION.match(text) or text[0] in _OPENING or text[0] in "–—-":
        return False
    return len(text.split()) <= 10


def _prose(unit: _Unit | None) -> bool:
    """A paragraph of running text (what follows a heading)."""
    if unit is None:
        return False
    if unit.kind in ("bullet", "numbered", "lettered"):
        return True
    return unit.kind == "text" and (len(unit.text) >= 60 or unit.text.endswith(_SENTENCE_END))


def recover(paragraphs: Sequence[Paragraph]) -> list[Block]:
    """The body's blocks, recognised and written as pandoc Markdown."""
    units = _units(paragraphs)
    groups = _group_lists(units)
    blocks: list[Block] = []
    k = 0
    while k < len(groups):
        group = groups[k]
        unit = group[0]
        nxt = groups[k + 1][0] if k + 1 < len(groups) else None
        prev = groups[k - 1][0] if k > 0 else None
        if len(group) > 1 or unit.kind in ("bullet", "numbered", "lettered"):
            blocks.append(Block("list", _list_markdown(group), unit.line))
            k += 1
            continue
        if unit.kind == "break":
            blocks.append(Block("break", "* * *", unit.line))
            k += 1
            continue
        if unit.kind == "lines":
            quoted = unit.lines[0][:1] in _OPENING
            blocks.append(Block("verse", _line_block(unit.lines, quoted), unit.line))
            k += 1
            continue
        text = unit.text
        # Verse: three or more short lines in a row, most not ending a sentence (a poem
        # quoted one line to a paragraph), or in quotation marks.
        run = _short_run(groups, k)
        if len(run) >= 3:
            lines = [u.text for u in run]
            open_ended = sum(1 for line in lines if not line.endswith((".", "!", "?")))
            quoted = lines[0][:1] in _OPENING or lines[-1][-1:] in _OPENING.values()
            if quoted or open_ended * 3 >= len(lines) * 2:
                blocks.append(Block("verse", _line_block(lines, quoted), unit.line))
                k += len(run)
                continue
        if heading := _heading(text, prev, nxt):
            level, heading_text = heading
            blocks.append(
                Block("heading", f"{'#' * level} {escape_inline(heading_text)}", unit.line)
            )
        elif _quoted(text):
            blocks.append(Block("quote", "> " + escape_markdown(text), unit.line))
        elif m := _STAGE.match(text):
            blocks.append(
                Block("stage", f"*({escape_inline(m.group('text').strip())})*", unit.line)
            )
        elif m := _LABEL.match(text):
            label = escape_inline(m.group("label") + ":")
            rest = escape_inline(m.group("text"))
            blocks.append(Block("labelled", f"**{label}** {rest}", unit.line))
        else:
            blocks.append(Block("paragraph", escape_markdown(text), unit.line))
        k += 1
    return blocks


def _short_run(groups: list[list[_Unit]], k: int) -> list[_Unit]:
    run: list[_Unit] = []
    while k < len(groups) and len(groups[k]) == 1 and _is_short_line(groups[k][0]):
        unit = groups[k][0]
        if BREAK.match(unit.text) or SALUTATION.match(unit.text):
            break
        run.append(unit)
        k += 1
    return run


def _heading(text: str, prev: _Unit | None, nxt: _Unit | None) -> tuple[int, str] | None:
    """The level and text of a heading, if the line is one."""
    inner = text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text
    m = _SUBSECTION.match(inner)
    if m and (_heading_like(m.group("text")) or _is_caps(m.group("text"))):
        return min(2 + m.group("number").count("."), 6), text
    if (
        _is_caps(inner)
        and len(inner) <= 100
        and not inner.endswith((",", ";", ":"))
        and not SALUTATION.match(inner)
        and nxt is not None
        and (nxt.kind != "text" or _prose(nxt))
    ):
        return 2, text
    if not _prose(nxt) or not _heading_like(text):
        return None
    # A short unmarked line is a heading only between paragraphs, not in a run of short
    # lines (that is verse, or a list without markers).
    if prev is not None and prev.kind == "text" and _heading_like(prev.text):
        return None
    if (
        nxt is not None
        and nxt.kind == "text"
        and len(nxt.text) < max(60, 1.5 * len(text))
        and not (_NUMBERED.match(text) and nxt.text.endswith(_SENTENCE_END))
        and not (nxt.text.endswith(_SENTENCE_END) and len(nxt.text.split()) >= 3)
    ):
        return None
    return 2, text


def _list_markdown(group: list[_Unit]) -> str:
    lines = []
    for unit in group:
        content = escape_markdown(unit.text)
        if unit.kind == "bullet":
            lines.append(f"- {content}")
        elif unit.kind == "numbered":
            lines.append(f"{unit.number}{unit.marker}  {content}")
        else:
            letter = chr(ord("a") + unit.number - 1)
            if unit.marker.startswith("upper"):
                letter = letter.upper()
            opening = "(" if "(" in unit.marker else ""
            lines.append(f"{opening}{letter}{unit.marker[-1]}  {content}")
    return "\n".join(lines)


def _line_block(lines: Sequence[str], quoted: bool) -> str:
    block = "\n".join("| " + escape_inline(line) for line in lines)
    if quoted:
        return "\n".join("> " + line for line in block.split("\n"))
    return block


def to_markdown(paragraphs: Sequence[Paragraph]) -> str:
    """The body as pandoc Markdown, ending in a newline ("" for no body)."""
    blocks = recover(paragraphs)
    if not blocks:
        return ""
    return "\n\n".join(block.markdown for block in blocks) + "\n"
