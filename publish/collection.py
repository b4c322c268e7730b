"""Collections: a TOML manifest -> an ordered selection of speeches -> one document.

A manifest (``sources/collections/*.toml``) names a collection and says which speeches
it binds: an explicit list of sources, a selection by government, publisher, speaker,
language, date range or words in the title, or both; in date order or as listed. Every
speech keeps its own metadata, language and header inside the bound volume.

Example::

    title = "Against trafficking"
    subtitle = "Speeches 2007-2012"
    editor = "The archive team"
    lang = "en"
    order = "date"            # "date" (ascending), "date-descending" or "listed"
    formats = ["pdf", "epub", "html"]
    introduction = \"\"\"Markdown text for the introduction.\"\"\"
    items = ["regjeringen-speech-third-eu-anti-trafficking-day.txt"]

    [select]
    government = ["Stoltenberg's 2nd Government"]
    lang = ["en", "nb"]
    date_from = 2005-10-17
    date_to = 2013-10-16
    title_contains = ["trafficking"]
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .config import FORMATS, Settings
from .errors import SourceError
from .governments import same_government
from .model import Speech

ORDERS = ("date", "date-descending", "listed")
TOP_KEYS = {
    "title": "the collection's title (required)",
    "subtitle": "a subtitle",
    "editor": "who compiled the collection",
    "description": "one paragraph describing the collection",
    "introduction": "an introduction in Markdown, printed before the speeches",
    "lang": "the language of the front matter (en, nb or nn)",
    "order": "date, date-descending or listed",
    "formats": "which of pdf, epub, html to build",
    "items": "source files (relative to sources/) to include, in order",
    "select": "a table selecting speeches by their metadata",
}
SELECT_KEYS = {
    "government": "names of governments (English and Norwegian names match each other)",
    "publisher": "publishers",
    "speaker": "speakers",
    "lang": "languages",
    "date_from": "earliest date (YYYY-MM-DD)",
    "date_to": "latest date (YYYY-MM-DD)",
    "title_contains": "words or phrases the title must contain (any of them)",
    "archived": "true for archived speeches only, false for current ones only",
}


def discover_manifests(settings: Settings) -> list[Path]:
    """The manifests of a build: ``sources/collections/*.toml``, in name order."""
    folder = settings.sources / "collections"
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


@dataclass(frozen=True)
class Selection:
    government: tuple[str, ...] = ()
    publisher: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    title_contains: tuple[str, ...] = ()
    archived: bool | None = None

    def matches(self, speech: Speech) -> bool:
        m = speech.metadata
        if self.government and not (
            m.government and any(same_government(m.government, g) for g in self.government)
        ):
            return False
        if self.publisher and _fold(m.publisher) not in {_fold(p) for p in self.publisher}:
            return False
        if self.speaker and _fold(m.speaker) not in {_fold(s) for s in self.speaker}:
            return False
        if self.lang and m.lang not in self.lang:
            return False
        if self.date_from and (m.date is None or m.date < self.date_from):
            return False
        if self.date_to and (m.date is None or m.date > self.date_to):
            return False
        if self.title_contains and not any(
            _fold(word) in _fold(m.title) for word in self.title_contains
        ):
            return False
        return self.archived is None or self.archived == m.is_archived

    def describe(self) -> list[tuple[str, str]]:
        """What was selected, as (field, value) pairs for the cover."""
        out = []
        for name in ("government", "publisher", "speaker", "lang", "title_contains"):
            values = getattr(self, name)
            if values:
                out.append((name, ", ".join(values)))
        if self.date_from or self.date_to:
            out.append(
                (
                    "dates",
                    f"{self.date_from.isoformat() if self.date_from else '…'} – "
                    f"{self.date_to.isoformat() if self.date_to else '…'}",
                )
            )
        if self.archived is not None:
            out.append(("archived", "yes" if self.archived else "no"))
        return out


@dataclass(frozen=True)
class Manifest:
    path: Path
    slug: str
    title: str
    lang: str = "en"
    subtitle: str | None = None
    editor: str | None = None
    description: str | None = None
    introduction: str | None = None
    order: str = "date"
    formats: tuple[str, ...] = FORMATS
    items: tuple[Path, ...] = ()
    select: Selection | None = None


@dataclass(frozen=True)
class Collection:
    manifest: Manifest
    speeches: tuple[Speech, ...] = field(default=())

    @property
    def slug(self) -> str:
        return self.manifest.slug


def _fold(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _error(
    path: Path, text: str, key: str | None, message: str, hint: str, code: str
) -> SourceError:
    line = _line_of(text, key) if key else None
    shown = f"{key}: {message}" if key else message
    return SourceError(shown, path=path, line=line, hint=hint, code=code)


def _strings(path: Path, text: str, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _error(path, text, key, "expected text or a list of texts", 'e.g. ["…", "…"]', "K005")
    return tuple(v.strip() for v in value)


def _date(path: Path, text: str, key: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _error(path, text, key, f"{value!r} is not a date", "write it as 2012-03-14", "K005")


def load_manifest(path: Path, sources: Path) -> Manifest:
    """Read and validate a collection manifest. Errors name the manifest, key and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the manifest: {exc}", path=path, code="K006") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise SourceError(
            f"the manifest is not valid TOML: {exc}",
            path=path,
            line=int(match.group(1)) if match else None,
            code="K006",
            hint="check quotes and brackets on that line",
        ) from None
    for key in data:
        if key not in TOP_KEYS:
            raise _error(
                path,
                text,
                key,
                "unknown key",
                "known keys: " + ", ".join(TOP_KEYS),
                "K001",
            )
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _error(
            path,
            text,
            "title" if "title" in data else None,
            "the collection needs a title",
            'add title = "…"',
            "K002",
        )
    values: dict[str, object] = {"title": title.strip()}
    for key in ("subtitle", "editor", "description", "introduction", "lang"):
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                raise _error(path, text, key, "expected text", 'write it in quotes: "…"', "K005")
            values[key] = value.strip()
    lang = values.get("lang", "en")
    if lang not in ("en", "nb", "nn"):
        raise _error(
            path, text, "lang", f"{lang!r} is not en, nb or nn", "use en, nb or nn", "K005"
        )
    order = data.get("order", "date")
    if order not in ORDERS:
        raise _error(
            path,
            text,
            "order",
            f"{order!r} is not one of {', '.join(ORDERS)}",
            "use date, date-descending or listed",
            "K005",
        )
    values["order"] = order
    if "formats" in data:
        formats = _strings(path, text, "formats", data["formats"])
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise _error(
                path,
                text,
                "formats",
                f"unknown format {', '.join(unknown)}",
                f"choose from {', '.join(FORMATS)}",
                "K005",
            )
        values["formats"] = tuple(f for f in FORMATS if f in formats)
    items: list[Path] = []
    for name in _strings(path, text, "items", data["items"]) if "items" in data else ():
        candidate = (sources / name).resolve()
        if not candidate.is_relative_to(sources.resolve()):
            raise _error(
                path,
                text,
                "items",
                f"{name!r} is outside the sources folder",
                "name files relative to sources/",
                "K003",
            )
        if not candidate.is_file():
            raise _error(
                path,
                text,
                "items",
                f"{name!r} does not exist in {sources}",
                "check the file name (relative to sources/)",
                "K003",
            )
        items.append(candidate)
    values["items"] = tuple(items)
    select = data.get("select")
    if select is not None:
        if not isinstance(select, dict):
            raise _error(
                path, text, "select", "expected a table", "write [select] on its own line", "K005"
            )
        for key in select:
            if key not in SELECT_KEYS:
                raise _error(
                    path,
                    text,
                    key,
                    "unknown key in [select]",
                    "known keys: " + ", ".join(SELECT_KEYS),
                    "K001",
                )
        selection: dict[str, object] = {}
        for key in ("government", "publisher", "speaker", "lang", "title_contains"):
            if key in select:
                selection[key] = _strings(path, text, key, select[key])
        for key in ("date_from", "date_to"):
            if key in select:
                selection[key] = _date(path, text, key, select[key])
        if "archived" in select:
            if not isinstance(select["archived"], bool):
                raise _error(
                    path, text, "archived", "expected true or false", "archived = true", "K005"
                )
            selection["archived"] = select["archived"]
        values["select"] = Selection(**selection)  # type: ignore[arg-type]
    if not items and select is None:
        raise _error(
            path,
            text,
            None,
            "the manifest selects nothing",
            'add items = ["file.md"] or a [select] table',
            "K004",
        )
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "collection"
    return Manifest(path=path, slug=slug, **values)  # type: ignore[arg-type]


def resolve(manifest: Manifest, speeches: Sequence[Speech]) -> Collection:
    """The speeches a manifest binds, in its order. An empty result is an error."""
    by_path = {s.path.resolve(): s for s in speeches}
    chosen: list[Speech] = []
    for item in manifest.items:
        speech = by_path.get(item)
        if speech is None:
            raise SourceError(
                f"items: {item.name} could not be read, so the collection cannot include it",
                path=manifest.path,
                code="K003",
                hint="fix the errors reported for that source",
            )
        chosen.append(speech)
    if manifest.select is not None:
        listed = {id(s) for s in chosen}
        chosen.extend(s for s in speeches if id(s) not in listed and manifest.select.matches(s))
    if not chosen:
        raise SourceError(
            "the selection matches no speech",
            path=manifest.path,
            code="K004",
            hint="loosen [select] or list items explicitly",
        )
    if manifest.order != "listed":
        chosen.sort(key=lambda s: (s.metadata.date or dt.date.max, s.metadata.title))
        if manifest.order == "date-descending":
            chosen.sort(key=lambda s: s.metadata.date or dt.date.min, reverse=True)
    return Collection(manifest=manifest, speeches=tuple(chosen))
