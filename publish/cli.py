"""The `publish` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 success; 1 some sources or outputs failed; 2 usage error; 3 a source
could not be read; 4 an output could not be built; 5 a required tool is missing;
70 an internal error (a bug: please report it, with the output of --debug).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import __version__
from .config import FORMATS, load_settings, parse_formats
from .diagnostics import Diagnostic, Severity
from .errors import PublishError, UsageError
from .pipeline import build, discover, read_source
from .writers.pdf import PAPERS, PROFILES

EXAMPLES_BUILD = """examples:
  publish build                          build everything in sources/ into output/
  publish build sources/speech.md        build one source
  publish build --format pdf,html        only the PDF and HTML copies
  publish build --out /tmp/site          write somewhere else
"""
EXAMPLES_INSPECT = """examples:
  publish inspect sources/speech.txt --json   the normalised fields as JSON
  publish inspect sources/                     a summary of every source
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description="Accessible PDF, EPUB 3 and HTML copies of archived speeches.",
        epilog="Run 'publish COMMAND --help' for the options and examples of a command.",
    )
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = commands.add_parser(
        "build",
        help="build the PDF, EPUB and HTML copies of sources",
        epilog=EXAMPLES_BUILD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    b.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="source files or folders (default: sources/)",
    )
    b.add_argument(
        "--format",
        default=",".join(FORMATS),
        help="comma-separated formats: pdf,epub,html (default: all)",
    )
    b.add_argument("--out", type=Path, default=None, help="output folder (default: output/)")
    b.add_argument(
        "--paper",
        choices=sorted(PAPERS),
        default="a4",
        help="PDF trim size (default: a4)",
    )
    b.add_argument(
        "--pdf-profile",
        default="accessible",
        help="accessible (PDF/UA-1 + PDF/A-3a, always built with --format pdf) and/or press "
        "(3 mm bleed and crop marks, written to output/press/), comma-separated",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    i = commands.add_parser(
        "inspect",
        help="show what was read from sources",
        epilog=EXAMPLES_INSPECT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    i.add_argument("--json", action="store_true", help="one JSON object per source")
    return parser


def _print_diagnostic(d: Diagnostic) -> None:
    print(str(d), file=sys.stderr)


def _cmd_build(args: argparse.Namespace) -> int:
    profiles = tuple(p.strip() for p in args.pdf_profile.split(",") if p.strip())
    unknown = [p for p in profiles if p not in PROFILES]
    if unknown:
        raise UsageError(
            f"unknown PDF profile {', '.join(unknown)}",
            code="U003",
            hint=f"choose from {', '.join(PROFILES)}",
        )
    settings = replace(
        load_settings(output=args.out, formats=parse_formats(args.format)),
        paper=args.paper,
        pdf_profiles=profiles,
    )
    report = build(settings, args.paths or None)
    for d in report.diagnostics:
        if d.severity is not Severity.INFO:
            _print_diagnostic(d)
    if not args.quiet:
        for path in report.written:
            try:
                shown = path.relative_to(Path.cwd())
            except ValueError:
                shown = path
            print(f"wrote {shown}")
        print(
            f"{len(report.speeches)} source(s) built, {len(report.failed)} failed, "
            f"{len(report.written)} file(s) written"
        )
    return 0 if report.ok else 1


def _cmd_inspect(args: argparse.Namespace) -> int:
    status = 0
    for path in discover(args.paths):
        speech, problems = read_source(path)
        if speech is None:
            status = 1
        record: dict[str, object] = {"path": str(path)}
        if speech is not None:
            record.update(speech.metadata.as_json())
            record["sha256"] = speech.source.sha256
            record["reader"] = speech.reader
            record["encoding"] = speech.source.encoding
            record["body"] = speech.body
        record["diagnostics"] = [d.as_json() for d in problems]
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            for d in problems:
                _print_diagnostic(d)
            if speech is not None:
                m = speech.metadata
                status_text = m.archive_status or "current"
                print(
                    f"{path}: {m.title!r} [{m.lang}] {status_text}; {m.government}; {m.publisher}"
                )
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "build":
            return _cmd_build(args)
        if args.command == "inspect":
            return _cmd_inspect(args)
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("publish: interrupted", file=sys.stderr)
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                "publish: internal error (a bug in publish, not in your sources); "
                "run again with --debug for details",
                file=sys.stderr,
            )
        return 70
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
