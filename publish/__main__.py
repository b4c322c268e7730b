"""The ``publish`` command (and ``python -m publish``).

The command line is imported inside :func:`run`, so that a Ctrl+C while Python is still
importing it ends the command with status 130 and one line, as anywhere else, rather
than a traceback.
"""

from __future__ import annotations

import sys


def run() -> int:
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("publish: interrupted", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
