"""The build cache: which outputs are already up to date, and why we may believe it.

An output is skipped only when the hash of everything it depends on (the key) matches
the key recorded when it was written, and the file on disk still has the recorded size
and SHA-256. Keys cover the source's bytes and path, the Python code and Lua filters of
this package, the templates the format renders (found by following Jinja2's own
references), the styles the format can read, the settings that change an output, and the
versions of the engines (pandoc, WeasyPrint, pydyf, Jinja2, Python).

An entry is recorded only after its outputs were written (atomically), and the cache
file itself is replaced atomically; an entry whose file was since replaced by a build
that was killed before it could record it no longer matches and is dropped on load. So
an interrupted build can cost work, never correctness.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from .config import Settings
from .fsutil import atomic_write

CACHE_NAME = ".publish-cache.json"
CACHE_VERSION = 1
PACKAGE = Path(__file__).resolve().parent

#: The root templates each format renders itself (the article is common to all).
FORMAT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "pdf": ("print.html",),
    "epub": (
        "epub-cover.svg",
        "epub-cover.xhtml",
        "epub-nav.xhtml",
        "epub-package.opf",
        "epub-content.xhtml",
    ),
    "html": ("web.html",),
}
COMMON_TEMPLATES = ("article.html",)
#: Files in styles/ that belong to one format only; every other file there (fonts,
#: shared CSS, colour profiles) counts for every format.
STYLE_OWNERS: dict[str, str] = {
    "print.css": "pdf",
    "epub.css": "epub",
    "web.css": "html",
    "search.js": "site",
}
#: Settings fields that do not change what a speech's outputs contain.
IGNORED_SETTINGS = frozenset(
    {
        "sources",
        "output",
        "styles",
        "jobs",
        "cache",
        "executor",
        "scheduler",
        "max_source_bytes",
        "strict",
        "config_files",
    }
)


@dataclass(frozen=True)
class OutputRecord:
    """One file written for a speech's format, as it was written."""

    path: str  # relative to the output folder
    sha256: str
    size: int


@dataclass(frozen=True)
class Entry:
    """A speech's format as last built: the key it was built under, its files, and what a
    later format needs to know about it (for the EPUB's page list and the HTML links)."""

    key: str
    outputs: tuple[OutputRecord, ...]
    download: dict[str, Any] | None = None
    #: The resolved path of what it was built from: the source, the collection's manifest,
    #: or the sources folder for the site. None in entries recorded before it was kept;
    #: such an entry is never pruned (see :func:`stale_outputs`).
    source: str | None = None


@dataclass
class BuildCache:
    """Entries by ``slug/format``, loaded from and saved to ``output/.publish-cache.json``."""

    output: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    #: Whether anything changed since loading (an unchanged cache is not rewritten).
    dirty: bool = False

    @property
    def path(self) -> Path:
        return self.output / CACHE_NAME

    @classmethod
    def load(cls, output: Path, *, verify: bool = True) -> BuildCache:
        """The cache of ``output``, keeping only entries whose files are intact (all of
        them with ``verify=False``, for :func:`refresh_outputs`)."""
        found = cls(output)
        try:
            data = json.loads(found.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return found
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return found
        for name, raw in dict(data.get("entries", {})).items():
            try:
                entry = Entry(
                    str(raw["key"]),
                    tuple(OutputRecord(str(o[0]), str(o[1]), int(o[2])) for o in raw["outputs"]),
                    raw.get("download"),
                    str(raw["source"]) if raw.get("source") is not None else None,
                )
            except (KeyError, TypeError, ValueError, IndexError):
                continue
            if not verify or all(_intact(output / o.path, o) for o in entry.outputs):
                found.entries[name] = entry
            else:
                found.dirty = True
        return found

    def get(self, slug: str, fmt: str, key: str) -> Entry | None:
        entry = self.entries.get(f"{slug}/{fmt}")
        return entry if entry is not None and entry.key == key else None

    def record(self, slug: str, fmt: str, entry: Entry) -> None:
        if self.entries.get(f"{slug}/{fmt}") != entry:
            self.entries[f"{slug}/{fmt}"] = entry
            self.dirty = True

    def forget(self, slug: str) -> None:
        for name in [n for n in self.entries if n.rsplit("/", 1)[0] == slug]:
            del self.entries[name]
            self.dirty = True

    def forget_gone(self, root: Path, current: AbstractSet[Path], kept: AbstractSet[Path]) -> None:
        """Forget the entries built from a source inside ``root`` that this build did not
        build from (``current``: its sources, manifests, and ``root`` itself when it wrote
        the site), except those of ``kept`` (sources that failed: their last good outputs
        stay)."""
        gone = [
            name
            for name, entry in self.entries.items()
            if _prunable(entry, root, kept) and Path(str(entry.source)) not in current
        ]
        for name in gone:
            del self.entries[name]
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically (a reader sees the old file or the new one)."""
        data = {
            "version": CACHE_VERSION,
            "entries": {
                name: {
                    "key": e.key,
                    "outputs": [[o.path, o.sha256, o.size] for o in e.outputs],
                    "download": e.download,
                    "source": e.source,
                }
                for name, e in sorted(self.entries.items())
            },
        }
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=0).encode("utf-8"))


def refresh_outputs(output: Path, rewritten: Iterable[Path]) -> int:
    """Record the new bytes of outputs rewritten in place after their build (EPUBs given
    the report of their check): their entries stay valid, and the formats built after
    them that state their size (the web page) are rebuilt by the next build, because what
    they were handed on (the size) changed. Returns how many entries changed."""
    cache = BuildCache.load(output, verify=False)
    by_name = {p.resolve().relative_to(output.resolve()).as_posix(): p for p in rewritten}
    changed = 0
    for name, entry in list(cache.entries.items()):
        records = []
        download = dict(entry.download) if entry.download is not None else None
        for record in entry.outputs:
            path = by_name.get(record.path)
            if path is None:
                records.append(record)
                continue
            data = path.read_bytes()
            records.append(record_of(output, output / record.path, data))
            if download is not None and download.get("href", "").endswith("/" + path.name):
                download["size"] = len(data)
        fresh = Entry(entry.key, tuple(records), download, entry.source)
        if fresh != entry:
            cache.entries[name] = fresh
            cache.dirty = True
            changed += 1
    if cache.dirty:
        cache.save()
    return changed


def _prunable(entry: Entry, root: Path, kept: AbstractSet[Path]) -> bool:
    """Whether ``entry`` was built from inside ``root`` from a source not in ``kept``."""
    if entry.source is None:
        return False
    source = Path(entry.source)
    return source not in kept and source.is_relative_to(root)


def stale_outputs(
    before: Mapping[str, Entry],
    after: Mapping[str, Entry],
    root: Path,
    kept: AbstractSet[Path],
) -> list[OutputRecord]:
    """The files that entries of ``before`` (the cache as a build found it) built from
    inside ``root``, from sources not in ``kept``, recorded and no entry of ``after`` (the
    cache the build leaves) lists: the outputs of sources that are gone, and the files a
    source's outputs no longer include (a listing page of a government nobody is
    published under any more). In path order."""
    current = {o.path for entry in after.values() for o in entry.outputs}
    stale = {
        o.path: o
        for entry in before.values()
        if _prunable(entry, root, kept)
        for o in entry.outputs
        if o.path not in current
    }
    return [stale[path] for path in sorted(stale)]


def _intact(path: Path, record: OutputRecord) -> bool:
    try:
        if path.stat().st_size != record.size:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == record.sha256
    except OSError:
        return False


def record_of(output: Path, target: Path, data: bytes) -> OutputRecord:
    return OutputRecord(
        target.relative_to(output).as_posix(), hashlib.sha256(data).hexdigest(), len(data)
    )


def _digest(parts: Iterable[bytes | str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(raw).to_bytes(8, "big"))
        h.update(raw)
    return h.hexdigest()


def _files_digest(files: Iterable[Path], root: Path) -> str:
    parts: list[bytes | str] = []
    for path in sorted(files):
        parts.append(path.relative_to(root).as_posix())
        parts.append(path.read_bytes())
    return _digest(parts)


@cache
def _versions() -> str:
    import pypandoc

    def version(name: str) -> str:
        try:
            return importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            return "-"

    names = ("weasyprint", "pydyf", "jinja2", "pypandoc", "pypandoc-binary", "lxml")
    return json.dumps(
        {
            "python": sys.version,
            "pandoc": str(pypandoc.get_pandoc_version()),
            **{n: version(n) for n in names},
        },
        sort_keys=True,
    )


#: Modules that cannot change what a build writes: the validators and their report, the
#: command line (its choices reach outputs only through Settings, which are keyed), the
#: preview server, progress display, scaffolding, completion, docs generator and import
#: (which writes sources, not outputs). A change to them rebuilds nothing.
NOT_OUTPUT_CODE = frozenset(
    {
        "checks.py",
        "checkcache.py",
        "verify.py",
        "cli.py",
        "serve.py",
        "progress.py",
        "scaffold.py",
        "completion.py",
        "docgen.py",
        "importer.py",
        "__main__.py",
        "tools",
    }
)


def _code_digest() -> str:
    """Every Python module and data file of the package that can change an output
    (templates are keyed per format)."""
    files = [
        p
        for p in PACKAGE.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and "templates" not in p.relative_to(PACKAGE).parts
        and p.relative_to(PACKAGE).parts[0] not in NOT_OUTPUT_CODE
    ]
    return _files_digest(files, PACKAGE)


def _template_closure(roots: Iterable[str]) -> set[str] | None:
    """The templates ``roots`` use, following includes, imports and extends; None when a
    template names another only at run time (then every template counts)."""
    from jinja2 import meta

    from .render import environment

    env = environment()
    assert env.loader is not None
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]
        for ref in meta.find_referenced_templates(env.parse(source)):
            if ref is None:
                return None
            todo.append(ref)
    return seen


def _templates_digest(fmt: str) -> str:
    folder = PACKAGE / "templates"
    names = _template_closure(FORMAT_TEMPLATES.get(fmt, ()) + COMMON_TEMPLATES)
    files = (
        [p for p in folder.rglob("*") if p.is_file()]
        if names is None
        else [folder / n for n in names]
    )
    return _files_digest(files, folder)


def _styles_digest(styles: Path, fmt: str) -> str:
    files = [
        p
        for p in styles.rglob("*")
        if p.is_file() and STYLE_OWNERS.get(p.relative_to(styles).as_posix(), fmt) == fmt
    ]
    return _files_digest(files, styles)


def _settings_digest(settings: Settings) -> str:
    fields = {k: repr(v) for k, v in asdict(settings).items() if k not in IGNORED_SETTINGS}
    return json.dumps(fields, sort_keys=True)


def format_digests(settings: Settings) -> dict[str, str]:
    """For each format: a digest of everything its outputs depend on except the source."""
    common = _digest([_versions(), _code_digest(), _settings_digest(settings)])
    return {
        fmt: _digest([common, fmt, _templates_digest(fmt), _styles_digest(settings.styles, fmt)])
        for fmt in settings.formats
    }


def volume_digest(settings: Settings) -> str:
    """What the site and the collections depend on besides their speeches: versions, code,
    settings and every template and style (they use most of them; a change to any one
    rebuilds them, which is cheap next to being wrong)."""
    templates = PACKAGE / "templates"
    return _digest(
        [
            _versions(),
            _code_digest(),
            _settings_digest(settings),
            _files_digest((p for p in templates.rglob("*") if p.is_file()), templates),
            _files_digest((p for p in settings.styles.rglob("*") if p.is_file()), settings.styles),
        ]
    )


def group_key(digest: str, parts: Iterable[bytes | str]) -> str:
    """The key of a site or a collection: :func:`volume_digest` and what it is made of."""
    return _digest([digest, *parts])


def speech_key(
    format_digest: str, source_name: str, source_data: bytes, upstream: Mapping[str, Any]
) -> str:
    """The key of one speech's format: the format's digest, the source (its resolved
    path and its bytes), and what the formats built before it handed on (their sizes,
    identifiers and page starts)."""
    return _digest(
        [
            format_digest,
            source_name,
            source_data,
            json.dumps(upstream, sort_keys=True, ensure_ascii=False),
        ]
    )
