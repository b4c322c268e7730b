"""Progress of a build or a check, shown while it runs.

On a terminal: live bars (with ``rich``), one per format, naming the speech just done.
Elsewhere (CI logs, pipes): plain lines, one per finished item, so a log says what
happened in order. With ``-q``: nothing. The library reports to a :class:`Progress`;
only the command line chooses how it is shown.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from typing import IO, Any


class Progress:
    """Receives the stages of a build; shows nothing (the default for library calls)."""

    def begin(self, stage: str, total: int, formats: Sequence[str] = ()) -> None:
        """A stage of ``total`` items starts; with ``formats``, each is counted apart."""

    def step(self, stage: str, item: str, formats: Sequence[str] = (), ok: bool = True) -> None:
        """One item of ``stage`` is finished (``formats``: those it advanced)."""

    def end(self, stage: str) -> None:
        """The stage is over."""

    def close(self) -> None:
        """Nothing more comes; stop any live display."""


class LineProgress(Progress):
    """One plain line per finished item: for logs and anything that is not a terminal."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.totals: dict[str, int] = {}
        self.done: dict[str, int] = {}
        self.started: dict[str, float] = {}
        # publish check reports from several validator threads at once.
        self.lock = threading.Lock()

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def begin(self, stage: str, total: int, formats: Sequence[str] = ()) -> None:
        self.totals[stage] = total
        self.done[stage] = 0
        self.started[stage] = time.perf_counter()
        if total:
            what = f" ({', '.join(formats)})" if formats else ""
            self._print(f"{stage}: {total} to do{what}")

    def step(self, stage: str, item: str, formats: Sequence[str] = (), ok: bool = True) -> None:
        with self.lock:
            self.done[stage] = self.done.get(stage, 0) + 1
            total = self.totals.get(stage, 0)
            width = len(str(total))
            made = f" [{' '.join(formats)}]" if formats else ""
            verdict = "" if ok else " FAILED"
            self._print(f"{stage} {self.done[stage]:>{width}}/{total} {item}{made}{verdict}")

    def end(self, stage: str) -> None:
        if self.totals.get(stage):
            seconds = time.perf_counter() - self.started.get(stage, time.perf_counter())
            self._print(f"{stage}: done in {seconds:.1f} s")


class RichProgress(Progress):
    """Live bars on a terminal: a bar per stage, or per format while rendering."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as Bars

        self.console = Console(file=stream or sys.stderr)
        self.bars = Bars(
            TextColumn("{task.description:<11}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[item]}", style="dim"),
            console=self.console,
        )
        self.tasks: dict[tuple[str, str], Any] = {}
        self.started = False

    def begin(self, stage: str, total: int, formats: Sequence[str] = ()) -> None:
        if not total:
            return
        if not self.started:
            self.bars.start()
            self.started = True
        for name in formats or ("",):
            label = f"{stage} {name}".strip()
            self.tasks[(stage, name)] = self.bars.add_task(label, total=total, item="")

    def step(self, stage: str, item: str, formats: Sequence[str] = (), ok: bool = True) -> None:
        shown = item if ok else f"{item} (failed)"
        for (name, fmt), task in self.tasks.items():
            if name != stage:
                continue
            if fmt == "" or fmt in formats or not ok:
                self.bars.update(task, advance=1, item=shown)
            else:
                # Up to date, or failed earlier in the speech: counted, not rebuilt.
                self.bars.update(task, advance=1)

    def end(self, stage: str) -> None:
        for (name, _fmt), task in self.tasks.items():
            if name == stage:
                self.bars.update(task, item="")

    def close(self) -> None:
        if self.started:
            self.bars.stop()
            self.started = False


def progress_for(stream: IO[str], quiet: bool) -> Progress:
    """Bars on a terminal, lines elsewhere, nothing when quiet."""
    if quiet:
        return Progress()
    if stream.isatty():
        return RichProgress(stream)
    return LineProgress(stream)
