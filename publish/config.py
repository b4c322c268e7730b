"""Settings: loaded and validated once, then frozen."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import UsageError

FORMATS: tuple[str, ...] = ("pdf", "epub", "html")


def package_root() -> Path:
    """The folder holding the package's project (styles/ and sources/ live beside it)."""
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    project: Path
    sources: Path
    output: Path
    styles: Path
    formats: tuple[str, ...] = FORMATS
    source_date_epoch: int | None = None
    certified_by: str = "publish automated checks (self-evaluation)"
    site_lang: str = "en"
    max_source_bytes: int = 5 * 1024 * 1024
    paper: str = "a4"
    pdf_profiles: tuple[str, ...] = ("accessible",)
    extra: dict[str, str] = field(default_factory=dict)
    #: Worker processes rendering speeches (1: all in this process).
    jobs: int = 1
    #: Skip outputs whose recorded inputs are unchanged (output/.publish-cache.json).
    cache: bool = True
    #: Where speeches are rendered: "local" (this machine, ``jobs`` processes) or "dask"
    #: (the Dask distributed cluster whose scheduler is at ``scheduler``).
    executor: str = "local"
    scheduler: str | None = None

    @property
    def build_time(self) -> dt.datetime:
        """The moment every output records as its creation and modification time."""
        if self.source_date_epoch is not None:
            return dt.datetime.fromtimestamp(self.source_date_epoch, dt.UTC)
        return dt.datetime.now(dt.UTC).replace(microsecond=0)

    def with_formats(self, formats: tuple[str, ...]) -> Settings:
        return replace(self, formats=formats)


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise UsageError(
            f"unknown format {', '.join(unknown) or '(none)'}",
            code="U001",
            hint=f"choose from {', '.join(FORMATS)}, comma-separated",
        )
    # Build in the canonical order: PDF and EPUB before the HTML page that links them.
    return tuple(f for f in FORMATS if f in wanted)


def source_date_epoch_from_env() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    try:
        epoch = int(value)
    except ValueError:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds",
            code="U002",
            hint="set it to a Unix timestamp, e.g. $(git log -1 --format=%ct)",
        ) from None
    if epoch < 0:
        raise UsageError("SOURCE_DATE_EPOCH must not be negative", code="U002")
    return epoch


def load_settings(
    project: Path | None = None,
    output: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> Settings:
    """Defaults < environment < command line."""
    root = (project or Path.cwd()).resolve()
    styles = root / "styles"
    if not (styles / "print.css").is_file():
        styles = package_root() / "styles"
    return Settings(
        project=root,
        sources=root / "sources",
        output=(output or root / "output").resolve(),
        styles=styles,
        formats=formats,
        source_date_epoch=source_date_epoch_from_env(),
    )
