"""Running the per-speech work: in this process, or in a pool of warm worker processes.

A task is one speech: its article is rendered once (Jinja2), then each format is written
in the canonical order (PDF, EPUB, HTML), because the EPUB's page list follows the PDF
and the web page links both. Formats whose cache entry still matches are not rebuilt;
what a later format needs from them (size, identifier, page starts) comes from the cache.

Workers are forked once per build and import WeasyPrint once (its import costs ~0.6 s),
then render many speeches each. Every task writes its own files (atomically) and hands
back what it wrote, so results are the same whichever worker ran a task, and the caller
orders them by speech.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any

from .cache import Entry, OutputRecord, record_of, speech_key
from .config import Settings
from .diagnostics import Diagnostic, Severity
from .errors import PublishError, UsageError
from .fsutil import atomic_write
from .model import Speech
from .render import render_speech
from .writers import Download, writer_for


@dataclass(frozen=True)
class SpeechTask:
    """One speech to build: its body already converted by pandoc, and its cache entries."""

    index: int
    speech: Speech
    body_html: str | None
    format_digests: dict[str, str]
    entries: dict[str, Entry]
    #: The source's resolved path, as the cache keys name it (resolved once per build).
    source_name: str


@dataclass
class TaskResult:
    index: int
    slug: str
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: The formats rebuilt (the others in ``entries`` were up to date).
    built: list[str] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    pid: int = 0
    peak_rss_kb: int = 0


def _add(timings: dict[str, float], stage: str, start: float) -> float:
    now = time.perf_counter()
    timings[stage] = timings.get(stage, 0.0) + (now - start)
    return now


def download_of(entry: Entry) -> Download | None:
    if entry.download is None:
        return None
    d = dict(entry.download)
    d["page_starts"] = tuple(d.get("page_starts", ()))
    return Download(**d)


def plan(task: SpeechTask, settings: Settings) -> tuple[list[str], dict[str, Any]]:
    """The formats of ``task`` that must be rebuilt, walking them in order as far as the
    cache reaches (a format after a rebuilt one is decided by the worker, which knows
    what the rebuilt one handed on)."""
    upstream: dict[str, Any] = {}
    for fmt in settings.formats:
        key = speech_key(
            task.format_digests[fmt], task.source_name, task.speech.source.data, upstream
        )
        entry = task.entries.get(fmt)
        if entry is None or entry.key != key:
            return list(settings.formats[settings.formats.index(fmt) :]), upstream
        download = download_of(entry)
        if download is not None:
            upstream[fmt] = asdict(download)
    return [], upstream


def run_speech(task: SpeechTask, settings: Settings) -> TaskResult:
    """Build every format of one speech that the cache does not already hold."""
    from .writers.pdf import PdfWriter

    speech = task.speech
    result = TaskResult(task.index, speech.slug, pid=os.getpid())
    timings = result.timings
    upstream: dict[str, Any] = {}
    downloads: list[Download] = []
    rendered = None
    try:
        for fmt in settings.formats:
            key = speech_key(
                task.format_digests[fmt], task.source_name, speech.source.data, upstream
            )
            entry = task.entries.get(fmt)
            if entry is not None and entry.key == key:
                result.skipped.extend(o.path for o in entry.outputs)
                result.entries[fmt] = entry
                download = download_of(entry)
            else:
                if rendered is None:
                    start = time.perf_counter()
                    rendered = render_speech(speech, task.body_html)
                    _add(timings, "jinja", start)
                outputs: list[tuple[Any, bytes]] = []
                start = time.perf_counter()
                writer = writer_for(fmt)
                written = writer.write(rendered, settings, tuple(downloads))
                start = _add(timings, fmt, start)
                result.diagnostics.extend(written.diagnostics)
                if fmt == "pdf" and "press" in settings.pdf_profiles:
                    press = PdfWriter("press").write(rendered, settings)
                    start = _add(timings, "pdf", start)
                    result.diagnostics.extend(press.diagnostics)
                    outputs.append((settings.output / "press" / f"{speech.slug}.pdf", press.data))
                target = settings.output / fmt / f"{speech.slug}{writer.suffix}"
                outputs.append((target, written.data))
                records: list[OutputRecord] = []
                for path, data in outputs:
                    atomic_write(path, data)
                    records.append(record_of(settings.output, path, data))
                    result.written.append(records[-1].path)
                start = _add(timings, "write", start)
                download = None
                if fmt != "html":
                    download = Download(
                        fmt,
                        f"../{fmt}/{target.name}",
                        writer.media_type,
                        len(written.data),
                        identifier=written.identifier,
                        page_starts=written.page_starts,
                    )
                # Recorded only now that its files are in place.
                result.entries[fmt] = Entry(
                    key, tuple(records), asdict(download) if download else None, task.source_name
                )
                result.built.append(fmt)
            if download is not None:
                downloads.append(download)
                upstream[fmt] = asdict(download)
    except PublishError as error:
        result.failed = True
        result.entries = {}
        result.built = []
        result.diagnostics.append(
            Diagnostic(
                error.code,
                Severity.ERROR,
                error.message,
                error.path or speech.path,
                error.line,
                error.hint,
            )
        )
    except (RecursionError, MemoryError, ValueError, LookupError, TypeError, SyntaxError) as error:
        # A bug (or an engine's limit, such as WeasyPrint recursing through a list nested a
        # thousand deep) in one speech's writers must not stop the other speeches.
        result.failed = True
        result.entries = {}
        result.built = []
        result.diagnostics.append(
            Diagnostic(
                "B900",
                Severity.ERROR,
                f"could not be built ({type(error).__name__}: {str(error)[:300]})",
                speech.path,
            )
        )
    result.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


_SETTINGS: Settings | None = None


def _warm(settings: Settings) -> None:
    """Each worker: ignore Ctrl+C (the parent owns it, see :func:`_iter_local`), keep the
    settings, and import WeasyPrint once."""
    global _SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _SETTINGS = settings
    import weasyprint  # noqa: F401

    from .writers import pdf  # noqa: F401


def _run_in_worker(task: SpeechTask) -> TaskResult:
    assert _SETTINGS is not None
    return run_speech(task, _SETTINGS)


def run_local(
    tasks: Sequence[SpeechTask],
    settings: Settings,
    jobs: int,
    on_result: Callable[[TaskResult], None] | None = None,
) -> list[TaskResult]:
    """Run ``tasks`` here (``jobs`` 1) or in ``jobs`` forked worker processes; results in
    task order."""
    results = list(_iter_local(tasks, settings, jobs, on_result))
    return sorted(results, key=lambda r: r.index)


def _iter_local(
    tasks: Sequence[SpeechTask],
    settings: Settings,
    jobs: int,
    on_result: Callable[[TaskResult], None] | None,
) -> Iterator[TaskResult]:
    workers = max(1, min(jobs, len(tasks)))
    if workers == 1:
        for task in tasks:
            done = run_speech(task, settings)
            if on_result is not None:
                on_result(done)
            yield done
        return
    # Ctrl+C reaches the whole process group. A worker that took it while starting
    # (importing WeasyPrint) broke the pool, and one taken while the pool shut down left
    # its threads half closed: the build hung for ever or ended in tracebacks. So while
    # the pool lives, Ctrl+C only raises a flag: the workers ignore it (see _warm), and
    # the parent stops handing out speeches, lets the pool finish the ones being written
    # and shut down, and only then raises KeyboardInterrupt.
    interrupted = threading.Event()
    main = threading.current_thread() is threading.main_thread()
    previous = (
        signal.signal(signal.SIGINT, lambda _signum, _frame: interrupted.set()) if main else None
    )
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_warm, initargs=(settings,)
        ) as pool:
            pending: set[Future[TaskResult]] = {pool.submit(_run_in_worker, t) for t in tasks}
            while pending and not interrupted.is_set():
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    done = future.result()
                    if on_result is not None:
                        on_result(done)
                    yield done
            if pending:
                pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous or signal.default_int_handler)
    if interrupted.is_set():
        raise KeyboardInterrupt


def run_dask(
    tasks: Sequence[SpeechTask],
    settings: Settings,
    scheduler: str,
    on_result: Callable[[TaskResult], None] | None = None,
) -> list[TaskResult]:
    """Run ``tasks`` on the Dask distributed cluster at ``scheduler``; results in task order.

    The workers must import this same version of publish and see the same source, styles
    and output folders at the same paths: each task writes its own files there, exactly as
    a local worker does, so the outputs are byte-identical to a local build.
    """
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:  # pragma: no cover - depends on the installation
        raise UsageError(
            "--executor dask needs the 'distributed' package",
            code="U005",
            hint="pip install distributed (or use the default local executor)",
        ) from None
    if not tasks:
        return []
    results: list[TaskResult] = []
    with Client(scheduler) as client:  # type: ignore[no-untyped-call]
        settings_future = client.scatter(settings, broadcast=True)
        futures = [
            client.submit(
                run_speech,
                task,
                settings_future,
                key=f"publish-{task.index}-{task.speech.slug}",
                pure=False,
            )
            for task in tasks
        ]
        try:
            for future in dask_completed(futures):  # type: ignore[no-untyped-call]
                done: TaskResult = future.result()
                if on_result is not None:
                    on_result(done)
                results.append(done)
        except BaseException:
            client.cancel(futures)
            raise
    return sorted(results, key=lambda r: r.index)
