"""The one error hierarchy of `publish`.

Every error a user can cause is a :class:`PublishError` with a category and an exit
code; the CLI maps them to messages and exit statuses. Anything else that escapes is a
bug and is shown as such (with a traceback only under ``--debug``).
"""

from __future__ import annotations

from pathlib import Path


class PublishError(Exception):
    """Base of every error that is the user's to fix."""

    category = "error"
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        hint: str | None = None,
        code: str = "X000",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        self.code = code

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.code} {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class UsageError(PublishError):
    """The command line or configuration asks for something impossible."""

    category = "usage"
    exit_code = 2


class SourceError(PublishError):
    """A source file cannot be read or understood."""

    category = "source"
    exit_code = 3


class BuildError(PublishError):
    """An output could not be produced from a source that was read correctly."""

    category = "build"
    exit_code = 4


class ToolMissing(PublishError):
    """An engine or validator the command needs is not installed."""

    category = "tool"
    exit_code = 5
