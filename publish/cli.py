"""The `publish` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 success; 1 some sources or outputs failed; 2 usage error; 3 a source
could not be read; 4 an output could not be built; 5 a required tool is missing;
70 an internal error (a bug: please report it, with the output of --debug).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import __version__
from .config import FORMATS, load_settings, parse_formats
from .diagnostics import Diagnostic, Severity
from .errors import PublishError, UsageError
from .fsutil import build_lock
from .importer import import_sources
from .pipeline import build, discover, read_source
from .writers.pdf import PAPERS, PROFILES

EXAMPLES_BUILD = """examples:
  publish build                          build everything in sources/ into output/
  publish build sources/speech.md        build one source
  publish build --format pdf,html        only the PDF and HTML copies
  publish build --out /tmp/site          write somewhere else
"""
EXAMPLES_IMPORT = """examples:
  publish import scrape.txt                   write sources/scrape.md
  publish import saved/ --to sources/         every source in a folder
  publish import scrape.txt --force           replace sources/scrape.md even if edited
"""
EXAMPLES_CHECK = """examples:
  publish check                          every output in output/
  publish check output/pdf --strict      PDFs only; warnings fail too
  publish check --report /tmp/check.json

Runs the veraPDF engine (PDF/UA-1, PDF/A-3a) and page-validation on PDFs, EPUBCheck and
DAISY Ace on EPUBs, axe-core (headless Chromium) and the Nu HTML checker on HTML pages,
each once per batch, and publish's own cross-format checks (codes C001-C009).
Exit status: 0 all passed; 1 a check failed (or a warning, with --strict); 5 a
validator is not installed (run `make test` or scripts/setup.sh).
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
    b.add_argument(
        "--check",
        action="store_true",
        help="after building, run every validator over what was written (as publish check)",
    )
    b.add_argument("--strict", action="store_true", help="with --check: warnings fail too")
    b.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        help="worker processes rendering speeches (default: the number of CPUs)",
    )
    b.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="where speeches are rendered: local processes (default) or a Dask cluster",
    )
    b.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="with --executor dask: the scheduler's address, e.g. tcp://10.0.0.5:8786 "
        "(workers must see the same sources, styles and output folder)",
    )
    b.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="rebuild every output, even those whose inputs did not change",
    )

    c = commands.add_parser(
        "check",
        help="run every validator and the cross-format checks over built outputs",
        epilog=EXAMPLES_CHECK,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="output files or folders (default: output/)",
    )
    c.add_argument("--strict", action="store_true", help="warnings fail the check too")
    c.add_argument(
        "--report",
        type=Path,
        default=None,
        help="where to write the JSON report (default: output/reports/check.json)",
    )
    c.add_argument("-q", "--quiet", action="store_true", help="print only failures")

    i = commands.add_parser(
        "inspect",
        help="show what was read from sources",
        epilog=EXAMPLES_INSPECT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    i.add_argument("--json", action="store_true", help="one JSON object per source")

    m = commands.add_parser(
        "import",
        help="turn sources as received into canonical Markdown with front matter",
        epilog=EXAMPLES_IMPORT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    m.add_argument("paths", nargs="+", type=Path, metavar="SOURCE", help="files or folders")
    m.add_argument("--to", type=Path, default=None, help="folder to write into (default: sources/)")
    m.add_argument(
        "--force", action="store_true", help="overwrite files that were edited since import"
    )
    return parser


def _cmd_import(args: argparse.Namespace) -> int:
    target = args.to or load_settings().sources
    results = import_sources(discover(args.paths), target, force=args.force)
    for result in results:
        for d in result.diagnostics:
            if d.severity is not Severity.INFO:
                _print_diagnostic(d)
        if result.target is not None and result.ok:
            print(f"{result.status.value}: {result.source} -> {result.target}")
    return 0 if all(r.ok for r in results) else 1


def _print_diagnostic(d: Diagnostic) -> None:
    print(str(d), file=sys.stderr)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


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
        jobs=args.jobs,
        cache=args.cache,
        executor=args.executor,
        scheduler=args.scheduler,
    )
    if args.executor == "dask" and not args.scheduler:
        raise UsageError(
            "--executor dask needs --scheduler ADDRESS",
            code="U005",
            hint="give the address of a running Dask scheduler, e.g. tcp://host:8786",
        )
    with build_lock(settings.output):
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
            + (f", {len(report.skipped)} up to date" if report.skipped else "")
        )
    if not report.ok:
        return 1
    if args.check:
        return _run_check([settings.output], args.strict, None, args.quiet, settings.output)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    settings = load_settings()
    paths = args.paths or [settings.output]
    return _run_check(paths, args.strict, args.report, args.quiet, settings.output)


def _run_check(
    paths: Sequence[Path], strict: bool, report_path: Path | None, quiet: bool, output: Path
) -> int:
    from .verify import check_outputs, write_json

    missing_paths = [p for p in paths if not p.exists()]
    if missing_paths:
        raise UsageError(
            f"nothing to check at {', '.join(map(str, missing_paths))}",
            code="U004",
            hint="build first (publish build), or name output files or folders",
        )
    target = report_path or output / "reports" / "check.json"
    report = check_outputs(paths, report_dir=target.parent / "ace")
    write_json(report, target, strict)
    if not quiet:
        print(report.table())
    else:
        for line in report.table().splitlines()[1:]:
            if "FAIL" in line or line.startswith(("MISSING", "/")) or ": C0" in line:
                print(line)
    versions = ", ".join(
        f"{name} {version}" for name, version in sorted(report.validators().items())
    )
    print(f"validators: {versions or 'none ran'}")
    print(
        f"{len(report.files)} file(s) checked: {report.errors} error(s), "
        f"{report.warnings} warning(s); report in {target}"
    )
    if report.missing:
        for line in report.missing:
            print(f"publish: validator missing: {line}", file=sys.stderr)
        return 5
    return 0 if report.ok(strict) else 1


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
            record["origin_sha256"] = speech.origin_sha256
            record["reader"] = speech.reader
            record["encoding"] = speech.source.encoding
            record["chrome_lang"] = speech.chrome_lang
            record["provenance"] = speech.provenance.as_json() if speech.provenance else None
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
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "inspect":
            return _cmd_inspect(args)
        if args.command == "import":
            return _cmd_import(args)
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
