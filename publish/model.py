"""The typed, frozen model every stage passes along."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic

#: The metadata fields, in the order a front matter lists them. Front-matter keys are
#: exactly these names; readers map printed labels (any language) onto them.
FIELDS: tuple[str, ...] = (
    "title",
    "lead",
    "speaker",
    "speaker_role",
    "date",
    "date_text",
    "place",
    "occasion",
    "archive_status",
    "government",
    "publisher",
    "lang",
    "source_url",
    "retrieved",
    "delivery_note",
    "translation_note",
)


@dataclass(frozen=True)
class Metadata:
    """What a careful reader knows about a speech. A field the source does not give is None."""

    title: str
    lang: str
    lead: str | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    place: str | None = None
    occasion: str | None = None
    archive_status: str | None = None
    government: str | None = None
    publisher: str | None = None
    source_url: str | None = None
    retrieved: dt.date | None = None
    delivery_note: str | None = None
    translation_note: str | None = None

    @property
    def is_archived(self) -> bool:
        return self.archive_status is not None

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            out[name] = value
        return out


@dataclass(frozen=True)
class RawField:
    """A labelled value exactly as a reader found it, with the line it came from."""

    value: object
    line: int | None = None


@dataclass(frozen=True)
class RawDocument:
    """What a reader extracts: labelled fields (not normalised) and the body.

    ``body`` is pandoc Markdown; readers of plain text escape it so that pandoc reads
    it as the text it is.
    """

    reader: str
    fields: dict[str, RawField]
    body: str
    body_line: int = 1
    diagnostics: tuple[Diagnostic, ...] = ()
    #: The language of the page's chrome (its banner and labels), a separate fact from
    #: the language of the speech itself; None when the source shows no chrome.
    chrome_lang: str | None = None
    #: Where a canonical (imported) Markdown source came from, as its front matter says.
    provenance: Provenance | None = None
    #: The line where the header (the metadata) of the source is, for problems with
    #: fields that are missing altogether.
    header_line: int = 1


@dataclass(frozen=True)
class Provenance:
    """Where an imported source came from: the original file, as it was received.

    ``publish import`` writes this into the front matter of the Markdown it makes, so
    that the canonical source keeps the identity of the original scrape (its checksum)
    and outputs built from either carry the same identifiers.
    """

    #: The original file's name (no folders: they say nothing about the speech).
    file: str
    #: SHA-256 of the original file's bytes.
    sha256: str
    #: The reader that read the original (``regjeringen-text``, ``govuk-json``, …).
    reader: str | None = None
    #: The text encoding the original was in.
    encoding: str | None = None
    #: The language of the original page's chrome (see :attr:`RawDocument.chrome_lang`).
    chrome_lang: str | None = None
    #: SHA-256 of the imported file as import wrote it (without this line): a file whose
    #: text no longer matches it was edited by hand, and import will not overwrite it.
    checksum: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "reader": self.reader,
            "encoding": self.encoding,
            "chrome_lang": self.chrome_lang,
            "checksum": self.checksum,
        }


@dataclass(frozen=True)
class Source:
    """A source file as received: its path, bytes and decoded text."""

    path: Path
    data: bytes
    text: str
    encoding: str
    sha256: str


@dataclass(frozen=True)
class Speech:
    """One speech, read and normalised, ready to render."""

    source: Source
    slug: str
    metadata: Metadata
    body: str
    reader: str
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    #: The language of the original page's chrome, when the source shows one.
    chrome_lang: str | None = None
    #: The original this source was imported from (None for an original).
    provenance: Provenance | None = None

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def origin_sha256(self) -> str:
        """The checksum that identifies this speech's origin in every output.

        An imported source carries the checksum of the file it was imported from (its
        provenance), so it keeps the identifiers of the original.
        """
        if self.provenance is not None:
            return self.provenance.sha256
        return self.source.sha256
