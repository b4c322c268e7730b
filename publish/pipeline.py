"""The build: discover, read and validate everything, then render once and write.

Gather, then write: every source is read and normalised before any output is written,
so duplicate names and broken sources are known up front. One failing source never
stops the others; its problems are reported and the build ends non-zero.
"""

from __future__ import annotations

import os
import re
import resource
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import (
    BuildCache,
    Entry,
    format_digests,
    group_key,
    record_of,
    stale_outputs,
    volume_digest,
)
from .config import FORMATS, Settings
from .diagnostics import Diagnostic, Severity
from .errors import BuildError, PublishError, SourceError, UsageError
from .executor import SpeechTask, TaskResult, plan, run_dask, run_local
from .fsutil import atomic_write, remove_recorded
from .metadata import normalise
from .model import Speech
from .progress import Progress
from .readers import choose_reader, encoding_note, load_source, source_from_bytes
from .render import BodyItem, bodies_to_html, body_to_html
from .site import write_site

SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".json")


def slugify(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("ø", "o").replace("æ", "ae").replace("å", "a"))
        .encode("ascii", "ignore")
        .decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:120].rstrip("-") or "speech"


def refuse_outside_link(path: Path) -> None:
    """Refuse a source that is a symbolic link to a file outside its own folder.

    A link planted in sources/ must not make a build read (and publish) a file from
    elsewhere on the machine, such as a key or a password file.
    """
    if not path.is_symlink():
        return
    target = path.resolve()
    if not target.is_relative_to(path.parent.resolve()):
        raise SourceError(
            f"the source is a symbolic link to {target}, outside its folder",
            path=path,
            line=None,
            code="S014",
            hint="copy the file into the sources folder instead of linking to it",
        )


def read_source(
    path: Path, max_bytes: int = 5 * 1024 * 1024, *, data: bytes | None = None
) -> tuple[Speech | None, list[Diagnostic]]:
    """Read and normalise one source. Problems come back as diagnostics, never raised.

    With ``data``, those bytes are read as the file ``path`` (nothing is read from disk).
    """
    try:
        if data is None:
            refuse_outside_link(path)
        source = load_source(path, max_bytes) if data is None else source_from_bytes(data, path)
        reader = choose_reader(source)
        raw = reader.read(source)
    except PublishError as error:
        return None, [
            Diagnostic(
                error.code,
                Severity.ERROR,
                error.message,
                error.path or path,
                error.line,
                error.hint,
            )
        ]
    except (RecursionError, MemoryError, ValueError, LookupError, TypeError) as error:
        # A bug in a reader must not stop the other sources; it is reported as one.
        return None, [
            Diagnostic(
                "S900",
                Severity.ERROR,
                f"internal error while reading ({type(error).__name__}: {error})",
                path,
                None,
                "this is a bug in publish, not in the source: please report it",
            )
        ]
    note = encoding_note(source)
    metadata, problems = normalise(raw, source)
    if note is not None:
        problems.insert(0, note)
    chrome_base = (raw.chrome_lang or "").lower().split("-")[0]
    if metadata is not None and chrome_base and chrome_base != metadata.lang:
        problems.append(
            Diagnostic(
                "S106",
                Severity.INFO,
                f"the page's chrome is in {raw.chrome_lang}, the speech in {metadata.lang}",
                path,
                None,
            )
        )
    if metadata is None:
        return None, problems
    speech = Speech(
        source=source,
        slug=slugify(path.stem),
        metadata=metadata,
        body=raw.body,
        reader=reader.name,
        diagnostics=tuple(problems),
        chrome_lang=raw.chrome_lang,
        provenance=raw.provenance,
    )
    return speech, problems


def discover(targets: Sequence[Path]) -> list[Path]:
    """Source files named by ``targets`` (files, or folders searched recursively)."""
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found.extend(
                p
                for p in sorted(target.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SOURCE_SUFFIXES
                and not p.name.startswith(".")
            )
        elif target.exists():
            found.append(target)
        else:
            raise SourceError("no such file or folder", path=target, code="S009")
    return list(dict.fromkeys(found))


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    #: Outputs that were up to date (their cache entry matched) and were not rebuilt.
    skipped: list[Path] = field(default_factory=list)
    #: Seconds per stage (read, pandoc, jinja, pdf, epub, html, write, cache, site,
    #: collections; summed over workers) and the build's wall time ("total").
    timings: dict[str, float] = field(default_factory=dict)
    #: Peak resident memory in KiB: "main", and "worker <pid>" for each worker process.
    memory: dict[str, int] = field(default_factory=dict)
    #: Per format, how many speeches were "built", "unchanged" (cache) or "failed".
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Files an earlier build wrote that this one no longer produces, removed (see
    #: :func:`prune`).
    removed: list[Path] = field(default_factory=list)

    def count(self, fmt: str, outcome: str) -> None:
        per = self.counts.setdefault(fmt, {"built": 0, "unchanged": 0, "failed": 0})
        per[outcome] += 1

    @property
    def ok(self) -> bool:
        return not self.failed and not any(d.severity is Severity.ERROR for d in self.diagnostics)


def _lap(report: BuildReport, stage: str, start: float) -> float:
    now = time.perf_counter()
    report.timings[stage] = report.timings.get(stage, 0.0) + (now - start)
    return now


def build(
    settings: Settings,
    targets: Sequence[Path] | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build ``targets`` (default: the sources folder) into ``settings.output``.

    ``progress`` hears of each stage and item as it finishes (see publish/progress.py).
    """
    progress = progress or Progress()
    report = BuildReport()
    report.counts = {fmt: {"built": 0, "unchanged": 0, "failed": 0} for fmt in settings.formats}
    began = start = time.perf_counter()
    found = {target: discover([target]) for target in targets or [settings.sources]}
    paths = list(dict.fromkeys(path for listed in found.values() for path in listed))
    for folder, listed in found.items():
        if folder.is_dir() and not listed:
            report.diagnostics.append(
                Diagnostic(
                    "S017",
                    Severity.WARNING,
                    "no source files in this folder (looked for "
                    f"{', '.join('*' + s for s in SOURCE_SUFFIXES)}, in subfolders too)",
                    folder,
                )
            )

    # Gather: read everything first.
    by_slug: dict[str, Speech] = {}
    progress.begin("read", len(paths))
    for path in paths:
        speech, problems = read_source(path, settings.max_source_bytes)
        report.diagnostics.extend(problems)
        progress.step("read", path.name, ok=speech is not None)
        if speech is None:
            report.failed.append(path)
            continue
        if speech.slug in by_slug:
            other = by_slug[speech.slug]
            report.diagnostics.append(
                Diagnostic(
                    "M006",
                    Severity.ERROR,
                    f"its output name {speech.slug!r} is already used by {other.path}",
                    path,
                    hint="rename one of the two files",
                )
            )
            report.failed.append(path)
            continue
        by_slug[speech.slug] = speech
    progress.end("read")
    speeches = list(by_slug.values())
    report.speeches = speeches
    # Resolved once: the cache keys and the site name sources by their resolved paths.
    resolved = {s.path: s.path.resolve() for s in speeches}
    start = _lap(report, "read", start)

    # Which speeches have anything to rebuild (see publish/cache.py).
    cache = BuildCache.load(settings.output) if settings.cache else BuildCache(settings.output)
    before = dict(cache.entries)
    digests = format_digests(settings)
    tasks: list[SpeechTask] = []
    for index, speech in enumerate(speeches):
        entries = {
            fmt: entry
            for fmt in settings.formats
            if (entry := cache.entries.get(f"{speech.slug}/{fmt}")) is not None
        }
        task = SpeechTask(index, speech, None, digests, entries, str(resolved[speech.path]))
        if plan(task, settings)[0]:
            tasks.append(task)
        else:
            report.skipped.extend(
                settings.output / o.path for fmt in settings.formats for o in entries[fmt].outputs
            )
            for fmt in settings.formats:
                report.count(fmt, "unchanged")
    start = _lap(report, "cache", start)

    # Render once per speech: every body in one pandoc process, then each format.
    failed_slugs: set[str] = set()
    try:
        bodies = bodies_to_html([BodyItem(t.speech.body, t.speech.path) for t in tasks])
    except BuildError:
        # One body broke the batch: convert one by one, so it fails alone and is named.
        bodies = []
        for task in tasks:
            try:
                bodies.append(body_to_html(task.speech.body, path=task.speech.path))
            except BuildError as error:
                bodies.append("")
                failed_slugs.add(task.speech.slug)
                for fmt in settings.formats:
                    report.count(fmt, "failed")
                report.failed.append(task.speech.path)
                report.diagnostics.append(
                    Diagnostic(error.code, Severity.ERROR, error.message, error.path, error.line)
                )
    tasks = [
        replace(t, body_html=body)
        for t, body in zip(tasks, bodies, strict=True)
        if t.speech.slug not in failed_slugs
    ]
    start = _lap(report, "pandoc", start)

    def keep(result: TaskResult) -> None:
        # Recorded as each speech completes, so an interrupted build keeps what it did.
        if result.failed:
            cache.forget(result.slug)
        else:
            for fmt, entry in result.entries.items():
                cache.record(result.slug, fmt, entry)
        progress.step("render", result.slug, result.built, ok=not result.failed)

    progress.begin("render", len(tasks), settings.formats)
    try:
        if settings.executor == "dask":
            if not settings.scheduler:
                raise UsageError("the dask executor needs a scheduler address", code="U005")
            results = run_dask(tasks, settings, settings.scheduler, keep)
        else:
            results = run_local(tasks, settings, settings.jobs, keep)
    finally:
        if settings.cache and cache.dirty:
            cache.save()
        progress.end("render")
    volume = volume_digest(settings)
    for result in results:
        for fmt in settings.formats:
            outcome = "failed" if result.failed else "built" if fmt in result.built else "unchanged"
            report.count(fmt, outcome)
        report.diagnostics.extend(result.diagnostics)
        report.written.extend(settings.output / p for p in result.written)
        report.skipped.extend(settings.output / p for p in result.skipped)
        if result.failed:
            report.failed.append(speeches[result.index].path)
        for stage, seconds in result.timings.items():
            report.timings[stage] = report.timings.get(stage, 0.0) + seconds
        if result.pid != os.getpid():
            name = f"worker {result.pid}"
            report.memory[name] = max(report.memory.get(name, 0), result.peak_rss_kb)
    start = time.perf_counter()

    try:
        if "html" in settings.formats and speeches:
            progress.begin("site", 1)
            write_site_files(settings, speeches, report, cache, volume, resolved)
            progress.step("site", "index, listings, search, sitemap")
            progress.end("site")
        start = _lap(report, "site", start)
        whole = targets is None or any(t.resolve() == settings.sources.resolve() for t in targets)
        if whole:
            build_collections(settings, speeches, report, progress, cache, volume)
        start = _lap(report, "collections", start)
        if whole and settings.cache and set(settings.formats) == set(FORMATS) and paths:
            prune(settings, cache, before, report, [resolved[s.path] for s in speeches])
            _lap(report, "prune", start)
    finally:
        if settings.cache and cache.dirty:
            cache.save()
    report.timings["total"] = time.perf_counter() - began
    report.memory["main"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report


def prune(
    settings: Settings,
    cache: BuildCache,
    before: Mapping[str, Entry],
    report: BuildReport,
    sources: Iterable[Path],
) -> None:
    """After a build of the whole sources folder in every format, remove what earlier
    builds wrote for sources that are gone from it (a speech deleted or renamed, a
    collection's manifest removed) and the files no longer produced for those still there
    (the listing page of a government no speech is published under any more), so that
    the output folder holds what a build from scratch would write, and a deploy of it no
    orphan pages.

    Only files the cache recorded are candidates, only if they were built from inside the
    sources folder (a file built from elsewhere, or another folder's build into the same
    output, is left alone), only if their source did not fail in this build (its last
    good outputs stay), and only if their bytes are still those written (a file edited
    by hand stays). ``sources`` are this build's resolved source paths."""
    from .collection import discover_manifests

    root = settings.sources.resolve()
    kept = {p.resolve() for p in report.failed}
    current = {*sources, *(m.resolve() for m in discover_manifests(settings)), root}
    cache.forget_gone(root, current, kept)
    for record in stale_outputs(before, cache.entries, root, kept):
        if remove_recorded(settings.output, record.path, record.size, record.sha256):
            report.removed.append(settings.output / record.path)


def build_collections(
    settings: Settings,
    speeches: Sequence[Speech],
    report: BuildReport,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    volume: str | None = None,
) -> None:
    """Every manifest in sources/collections/: its dossier PDF, EPUB and web page.

    A broken manifest is reported with its key and line and stops only itself. With a
    ``cache``, a collection whose manifest, members (their sources, in order), code,
    templates, styles and settings are unchanged, and whose files are intact, is not
    rebuilt; a change to any member rebuilds it.
    """
    from .collection import discover_manifests, load_manifest, resolve

    progress = progress or Progress()
    manifests = discover_manifests(settings)
    if not manifests:
        return
    progress.begin("collections", len(manifests))
    cache = cache or BuildCache(settings.output)
    volume = volume or volume_digest(settings)
    for manifest in manifests:
        name = f"collections/{manifest.stem}"
        try:
            members = resolve(load_manifest(manifest, settings.sources), speeches).speeches
            key = group_key(
                volume,
                [
                    str(manifest.resolve()),
                    manifest.read_bytes(),
                    *(f"{s.path.resolve()}\0{s.source.sha256}" for s in members),
                ],
            )
            entry = cache.get(name, "all", key) if settings.cache else None
            if entry is not None:
                report.skipped.extend(settings.output / o.path for o in entry.outputs)
                report.count("collections", "unchanged")
                progress.step("collections", manifest.name, ())
                continue
            # Imported only now: it imports WeasyPrint, which a build whose collections are
            # all up to date never needs.
            from .writers.volume import write_collection

            outputs = write_collection(manifest, speeches, settings)
        except PublishError as error:
            cache.forget(name)
            progress.step("collections", manifest.name, ok=False)
            report.count("collections", "failed")
            report.failed.append(manifest)
            report.diagnostics.append(
                Diagnostic(
                    error.code,
                    Severity.ERROR,
                    error.message,
                    error.path or manifest,
                    error.line,
                    error.hint,
                )
            )
            continue
        records = []
        for target, result in outputs:
            report.diagnostics.extend(result.diagnostics)
            atomic_write(target, result.data)
            report.written.append(target)
            records.append(record_of(settings.output, target, result.data))
        # Recorded only now that every file of the collection is in place.
        cache.record(name, "all", Entry(key, tuple(records), source=str(manifest.resolve())))
        report.count("collections", "built")
        progress.step("collections", manifest.name)
    progress.end("collections")


def write_site_files(
    settings: Settings,
    speeches: Iterable[Speech],
    report: BuildReport,
    cache: BuildCache | None = None,
    volume: str | None = None,
    resolved: Mapping[Path, Path] | None = None,
) -> None:
    """The static site around the speech pages (see publish/site.py): index, listing pages,
    search page and index, sitemap, assets. Speeches whose outputs failed are left out.

    With a ``cache``, the site is not rendered again when its speeches (their names and
    metadata; the site shows nothing of their text), the collection manifests, code,
    templates, styles and settings are all unchanged and its files are intact. A site
    file whose bytes did not change is not written again."""
    from .collection import discover_manifests

    speeches = list(speeches)
    failed = set(report.failed)
    # build_collections runs when the whole sources folder is built; the index and sitemap
    # list collection pages only then (a build of single files leaves them out).
    known = dict(resolved or {})

    def resolve(path: Path) -> Path:
        found = known.get(path)
        if found is None:
            found = known[path] = path.resolve()
        return found

    read = {resolve(s.path) for s in speeches} | {resolve(p) for p in failed}
    whole = settings.sources.is_dir() and all(
        resolve(p) in read for p in discover([settings.sources])
    )
    listed = [s for s in speeches if s.path not in failed]
    cache = cache or BuildCache(settings.output)
    key = group_key(
        volume or volume_digest(settings),
        [
            f"collections={whole}",
            # What the site shows of a speech: its name and metadata, not its text.
            *(f"{resolve(s.path)}\0{s.slug}\0{s.metadata!r}" for s in listed),
            # A collection's page is named after its manifest's file: the name counts too.
            *(
                part
                for m in (discover_manifests(settings) if whole else [])
                for part in (m.name, m.read_bytes())
            ),
        ],
    )
    entry = cache.get("site", "all", key) if settings.cache else None
    if entry is not None:
        report.skipped.extend(settings.output / o.path for o in entry.outputs)
        return
    files = write_site(settings, listed, with_collections=whole)
    for path, _data, wrote in files:
        (report.written if wrote else report.skipped).append(path)
    cache.record(
        "site",
        "all",
        Entry(
            key,
            tuple(record_of(settings.output, p, data) for p, data, _ in files),
            source=str(settings.sources.resolve()),
        ),
    )
