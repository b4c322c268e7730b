"""``publish import``: a source as received becomes canonical, editable Markdown.

The Markdown holds the normalised metadata as YAML front matter (keys exactly the field
names, in their order), the body as pandoc Markdown, and a ``provenance`` mapping: the
original file's name, the SHA-256 of its bytes, the reader and encoding it was read
with, and the language of its page chrome. The source address and the retrieval date,
when known, are the ordinary ``source_url`` and ``retrieved`` fields.

Import is deterministic (the same input gives the same bytes), checks that what it
writes reads back as exactly what it read, and never overwrites a file that was edited
by hand: the provenance ends with a ``checksum`` of the file as import wrote it, and a
target whose text no longer matches its checksum (or that has none) is left alone
unless ``force`` is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Severity
from .fsutil import atomic_write
from .model import FIELDS, Provenance, Speech
from .pipeline import read_source

_CHECKSUM_LINE = re.compile(r"^  checksum: (?P<sum>[0-9a-f]{64})\n", re.MULTILINE)
_ORIGIN_LINE = re.compile(r"^  sha256: (?P<sum>[0-9a-f]{64})\n", re.MULTILINE)


class Status(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    REFUSED = "refused"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportResult:
    """What importing one source did."""

    source: Path
    target: Path | None
    status: Status
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status in (Status.WRITTEN, Status.UNCHANGED)


def provenance_of(speech: Speech) -> Provenance:
    """The provenance an import of ``speech`` records: its own, if it was imported."""
    if speech.provenance is not None:
        return Provenance(
            file=speech.provenance.file,
            sha256=speech.provenance.sha256,
            reader=speech.provenance.reader,
            encoding=speech.provenance.encoding,
            chrome_lang=speech.provenance.chrome_lang,
        )
    return Provenance(
        file=speech.path.name,
        sha256=speech.source.sha256,
        reader=speech.reader,
        encoding=speech.source.encoding,
        chrome_lang=speech.chrome_lang,
    )


def canonical_markdown(speech: Speech) -> str:
    """The canonical Markdown of ``speech``, with its import checksum."""
    data: dict[str, object] = {}
    for name in FIELDS:
        value = getattr(speech.metadata, name)
        if value is None:
            continue
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    origin = provenance_of(speech)
    data["provenance"] = {
        key: value
        for key, value in origin.as_json().items()
        if value is not None and key != "checksum"
    }
    front = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096
    )
    body = speech.body.strip("\n")
    text = f"---\n{front}---\n" + (f"\n{body}\n" if body else "")
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # The checksum is the last line of the provenance, the last key of the front matter.
    closing = text.index("\n---\n", 4) + 1
    return text[:closing] + f"  checksum: {checksum}\n" + text[closing:]


def is_unedited(text: str) -> bool:
    """True if ``text`` is a file import wrote and nobody has changed since."""
    found = list(_CHECKSUM_LINE.finditer(text))
    if len(found) != 1:
        return False
    match = found[0]
    without = text[: match.start()] + text[match.end() :]
    return hashlib.sha256(without.encode("utf-8")).hexdigest() == match.group("sum")


def _origin(text: str) -> str | None:
    match = _ORIGIN_LINE.search(text)
    return match.group("sum") if match else None


def import_source(
    path: Path, to: Path, *, force: bool = False, max_bytes: int = 5 * 1024 * 1024
) -> ImportResult:
    """Import one source into the folder ``to``."""
    speech, problems = read_source(path, max_bytes)
    if speech is None:
        return ImportResult(path, None, Status.FAILED, tuple(problems))
    target = to / f"{path.stem}.md"
    text = canonical_markdown(speech)
    data = text.encode("utf-8")

    # What import writes must read back as what it read.
    again, again_problems = read_source(target, max_bytes, data=data)
    if again is None or again.metadata != speech.metadata or again.body != speech.body:
        problems.append(
            Diagnostic(
                "S203",
                Severity.ERROR,
                "the Markdown import would write does not read back as the original "
                "(a bug in publish); nothing was written",
                path,
                None,
                hint="; ".join(str(p) for p in again_problems) or None,
            )
        )
        return ImportResult(path, target, Status.FAILED, tuple(problems))

    if target.exists():
        try:
            existing = target.read_bytes()
        except OSError as exc:
            problems.append(
                Diagnostic("S009", Severity.ERROR, f"cannot read the target: {exc}", target)
            )
            return ImportResult(path, target, Status.FAILED, tuple(problems))
        if existing == data:
            return ImportResult(path, target, Status.UNCHANGED, tuple(problems))
        if not force:
            existing_text = existing.decode("utf-8", errors="replace").replace("\r\n", "\n")
            if not is_unedited(existing_text):
                problems.append(
                    Diagnostic(
                        "S201",
                        Severity.ERROR,
                        "not overwritten: this file was edited since it was imported "
                        f"(or was not made by import); importing {path.name} again would "
                        "lose those edits",
                        target,
                        1,
                        hint="keep the edits, or run publish import --force to replace them",
                    )
                )
                return ImportResult(path, target, Status.REFUSED, tuple(problems))
            origin = _origin(existing_text)
            if origin is not None and origin != provenance_of(speech).sha256:
                problems.append(
                    Diagnostic(
                        "S202",
                        Severity.ERROR,
                        f"not overwritten: this file was imported from another original than "
                        f"{path.name} (a file of the same name elsewhere?)",
                        target,
                        1,
                        hint="rename one of the originals, or use --force to replace it",
                    )
                )
                return ImportResult(path, target, Status.REFUSED, tuple(problems))
    atomic_write(target, data)
    return ImportResult(path, target, Status.WRITTEN, tuple(problems))


def import_sources(
    paths: Sequence[Path], to: Path, *, force: bool = False, max_bytes: int = 5 * 1024 * 1024
) -> list[ImportResult]:
    """Import every source; one failing never stops the others."""
    return [import_source(path, to, force=force, max_bytes=max_bytes) for path in paths]
