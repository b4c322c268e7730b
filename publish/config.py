"""Settings: loaded and validated once, then frozen."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import UsageError

FORMATS: tuple[str, ...] = ("pdf", "epub", "html")
#: Trim sizes of the PDF (their dimensions are in publish/writers/pdf.py).
PAPER_NAMES: tuple[str, ...] = ("a4", "a5", "letter")
#: PDF profiles: the accessible archival file, and the press file with bleed and marks.
PDF_PROFILES: tuple[str, ...] = ("accessible", "press")
SITE_LANGS: tuple[str, ...] = ("en", "nb", "nn")
#: The configuration files read from the working folder, weakest first.
CONFIG_FILES: tuple[str, ...] = ("pyproject.toml", "publish.toml")


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
    #: ``publish check`` (and ``build --check``): warnings fail too.
    strict: bool = False
    #: The configuration files that were read, weakest first (for messages).
    config_files: tuple[Path, ...] = ()

    @property
    def build_time(self) -> dt.datetime:
        """The moment every output records as its creation and modification time."""
        if self.source_date_epoch is not None:
            return dt.datetime.fromtimestamp(self.source_date_epoch, dt.UTC)
        return dt.datetime.now(dt.UTC).replace(microsecond=0)

    def with_formats(self, formats: tuple[str, ...]) -> Settings:
        return replace(self, formats=formats)


def parse_choices(text: str, choices: tuple[str, ...], what: str, code: str) -> tuple[str, ...]:
    """A comma-separated option value: each part one of ``choices``, at least one."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in choices]
    if unknown or not wanted:
        raise UsageError(
            f"unknown {what} {', '.join(unknown) or '(none)'}",
            code=code,
            hint=f"choose from {', '.join(choices)}, comma-separated",
        )
    return wanted


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = parse_choices(text, FORMATS, "format", "U001")
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


def _path(value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a folder name (a string)")
    return Path(value)


def _string(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a non-empty string")
    return value


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError("a whole number of at least 1")
    return value


def _choice(*choices: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in choices:
            raise TypeError(f"one of {', '.join(map(repr, choices))}")
        return str(value)

    return check


def _choices(*choices: str) -> Callable[[object], tuple[str, ...]]:
    def check(value: object) -> tuple[str, ...]:
        if (
            not isinstance(value, list)
            or not value
            or any(item not in choices for item in value)
            or len(set(value)) != len(value)
        ):
            raise TypeError(f"a list of {', '.join(map(repr, choices))}, each at most once")
        return tuple(str(item) for item in value)

    return check


#: Every configuration key: the Settings field it sets and how its value is checked.
#: Documented in docs/configuration.md.
CONFIG_KEYS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "sources": ("sources", _path),
    "output": ("output", _path),
    "styles": ("styles", _path),
    "formats": ("formats", _choices(*FORMATS)),
    "paper": ("paper", _choice(*PAPER_NAMES)),
    "pdf-profiles": ("pdf_profiles", _choices(*PDF_PROFILES)),
    "jobs": ("jobs", _count),
    "cache": ("cache", _boolean),
    "max-source-bytes": ("max_source_bytes", _count),
    "site-lang": ("site_lang", _choice(*SITE_LANGS)),
    "certified-by": ("certified_by", _string),
    "strict": ("strict", _boolean),
}


_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")


def _dotted(text: str) -> tuple[list[str], str] | None:
    """The parts of the TOML key at the start of ``text`` (``a."b c".d``) and what follows
    it, or None when ``text`` does not start with a key."""
    parts: list[str] = []
    position = 0
    while True:
        found = _KEY_PART.match(text, position)
        if found is None:
            return None
        bare, quoted, literal = found.group(1), found.group(2), found.group(3)
        parts.append(next(p for p in (bare, quoted, literal) if p is not None))
        position = found.end()
        if not text.startswith(".", position):
            return parts, text[position:]
        position += 1


def _key_line(text: str, key: str, table: str | None) -> int | None:
    """The line on which ``key`` is set (inside ``[table]`` when given), for messages: as
    ``key = …`` under ``[table]``, or as a dotted key (``tool.publish.key = …`` at the top,
    ``publish.key = …`` under ``[tool]``)."""
    target = [*(table.split(".") if table else ()), key]
    current: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = _dotted(stripped.lstrip("[").split("]", 1)[0])
            current = header[0] if header else ["\0"]
            continue
        assignment = _dotted(stripped)
        if assignment and assignment[1].startswith("=") and current + assignment[0] == target:
            return number
    return None


def read_config_file(path: Path) -> dict[str, tuple[Any, int | None]]:
    """The publish settings in one file: {key: (checked value, line)}.

    ``pyproject.toml`` holds them in ``[tool.publish]``; ``publish.toml`` at its top level.
    """
    table = "tool.publish" if path.name == "pyproject.toml" else None
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(
            f"the configuration file cannot be read ({error})", path=path, code="U006"
        ) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise UsageError(
            f"the configuration file is not valid TOML ({error})",
            path=path,
            line=int(match.group(1)) if match else None,
            code="U006",
            hint="see docs/configuration.md for the format",
        ) from None
    if table is not None:
        section = data.get("tool", {})
        section = section.get("publish", {}) if isinstance(section, dict) else {}
        if not isinstance(section, dict):
            raise UsageError(
                "[tool.publish] must be a table of settings",
                path=path,
                line=_key_line(text, "publish", "tool"),
                code="U006",
            )
        data = section
    settings: dict[str, tuple[Any, int | None]] = {}
    for key, value in data.items():
        line = _key_line(text, key, table)
        if key not in CONFIG_KEYS:
            known = ", ".join(CONFIG_KEYS)
            raise UsageError(
                f"unknown setting {key!r}",
                path=path,
                line=line,
                code="U006",
                hint=f"the settings are {known} (see docs/configuration.md)",
            )
        try:
            settings[key] = (CONFIG_KEYS[key][1](value), line)
        except TypeError as expected:
            raise UsageError(
                f"{key} = {value!r} is not valid: it must be {expected}",
                path=path,
                line=line,
                code="U006",
                hint="see docs/configuration.md",
            ) from None
    return settings


def load_settings(
    project: Path | None = None,
    output: Path | None = None,
    formats: tuple[str, ...] | None = None,
    *,
    overrides: Mapping[str, object] | None = None,
    defaults: Mapping[str, object] | None = None,
    read_config: bool = True,
) -> Settings:
    """Defaults < ``[tool.publish]`` in pyproject.toml < publish.toml < command line.

    Folders in a configuration file are relative to the folder holding it (the project);
    ``defaults`` are Settings fields the caller defaults differently from the library
    (the command line renders with every CPU); ``overrides`` are Settings fields given
    on the command line (None means "not given").
    """
    root = (project or Path.cwd()).resolve()
    fields: dict[str, Any] = dict(defaults or {})
    files: list[Path] = []
    for name in CONFIG_FILES if read_config else ():
        path = root / name
        if path.is_file():
            values = read_config_file(path)
            if values or name == "publish.toml":
                files.append(path)
            for key, (value, _line) in values.items():
                fields[CONFIG_KEYS[key][0]] = value
    fields.update({k: v for k, v in (overrides or {}).items() if v is not None})
    if output is not None:
        fields["output"] = output
    if formats is not None:
        fields["formats"] = formats
    if "formats" in fields:
        fields["formats"] = tuple(f for f in FORMATS if f in fields["formats"])
    configured = "styles" in fields
    styles = root / fields.pop("styles", Path("styles"))
    if not (styles / "print.css").is_file():
        if configured:
            raise UsageError(
                f"the styles folder {styles} has no print.css",
                code="U006",
                hint="point styles at a copy of the project's styles/ folder, or remove it "
                "to use the bundled styles",
            )
        # A folder of one's own without styles/: the bundled styles.
        styles = package_root() / "styles"
    return Settings(
        project=root,
        sources=root / fields.pop("sources", Path("sources")),
        output=(root / fields.pop("output", Path("output"))).resolve(),
        styles=styles,
        source_date_epoch=source_date_epoch_from_env(),
        config_files=tuple(files),
        **fields,
    )
