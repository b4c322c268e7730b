"""The `publish` command: parses arguments, calls the library, maps errors to exit codes.

Settings come from defaults < ``[tool.publish]`` in pyproject.toml < publish.toml <
the command line (see publish/config.py and docs/configuration.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import __version__
from .config import (
    PAPER_NAMES,
    PDF_PROFILES,
    Settings,
    load_settings,
    parse_choices,
    parse_formats,
)
from .diagnostics import HINTS, Diagnostic, Severity
from .errors import PublishError, UsageError
from .fsutil import build_lock
from .importer import import_sources
from .pipeline import BuildReport, build, discover, read_source, slugify
from .progress import Progress, progress_for

EXIT_CODES = """exit status:
  0   everything succeeded
  1   a source, an output or a check failed (the others were still built)
  2   usage: an unknown option or value, or a bad configuration file
  3   a source could not be read
  4   an output could not be built
  5   a required tool (validator) is missing
  6   another build holds the output folder
  70  an internal error: a bug in publish (run again with --debug and report it)
  130 interrupted (Ctrl+C)
"""
DESCRIPTION = """Accessible PDF, EPUB 3 and HTML copies of archived speeches, from one source.

Settings: defaults < [tool.publish] in pyproject.toml < publish.toml < options.
"""
EPILOG = (
    """examples:
  publish new speech "My first speech"   start a speech in sources/
  publish build                          build everything in sources/ into output/
  publish check                          validate every output
  publish serve                          preview in a browser, rebuilding on change

Run 'publish COMMAND --help' for the options and examples of a command.

"""
    + EXIT_CODES
)
EXAMPLES_BUILD = """examples:
  publish build                          build everything in sources/ into output/
  publish build sources/speech.md        build one source
  publish build --format pdf,html        only the PDF and HTML copies
  publish build --out /tmp/site -j 1     write somewhere else, in this process only
  publish build --check --strict         build, then validate what was written
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
  publish check --no-cache               validate every file again

Runs the veraPDF engine (PDF/UA-1, PDF/A-3a) and page-validation on PDFs, EPUBCheck and
DAISY Ace on EPUBs, axe-core (headless Chromium, light and dark colour schemes) and the
Nu HTML checker on HTML pages, each once per batch, and publish's own cross-format checks
(codes C001-C009).
A validator is not run again on bytes it has judged before with the same tools: their
results come from output/.publish-check-cache.json (the cross-format checks always run).
Exit status: 0 all passed; 1 a check failed (or a warning, with --strict); 5 a
validator is not installed (run `make test` or scripts/setup.sh).
"""
EXAMPLES_INSPECT = """examples:
  publish inspect sources/speech.txt --json   the normalised fields as JSON
  publish inspect sources/                     a summary of every source
"""
EXAMPLES_SERVE = """examples:
  publish serve                          build, then serve on http://127.0.0.1:8000/
  publish serve --port 8080 --open       another port, and open a browser
  publish serve --format html            only the web copy: the fastest rebuilds

Serves on 127.0.0.1 only, and only to requests addressed to 127.0.0.1 or localhost (a page
of another site cannot read the preview by rebinding its name). Watches sources/, styles/,
the templates and the configuration; a change rebuilds what it touched and reloads the
open pages. Stop with Ctrl+C.
"""
EXAMPLES_NEW = """examples:
  publish new speech "My first speech"               sources/my-first-speech.md
  publish new speech "Ein ny tale" --lang nn         in nynorsk
  publish new collection "Speeches on the coast"     sources/collections/....toml
"""
EXAMPLES_COMPLETION = """examples:
  publish completion bash > ~/.local/share/bash-completion/completions/publish
  echo 'source <(publish completion zsh)' >> ~/.zshrc
  publish completion fish > ~/.config/fish/completions/publish.fish
"""


def _command(
    commands: Any, name: str, help_text: str, examples: str, parents: Sequence[Any] = ()
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=list(parents),
    )
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback for every error, for bug reports"
    )
    loudness = argparse.ArgumentParser(add_help=False)
    # Also after the command (publish build --debug); SUPPRESS keeps the one given before.
    loudness.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    group = loudness.add_mutually_exclusive_group()
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only problems and a one-line result (no progress, no tables)",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print every file written and informational notes too",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = _command(
        commands,
        "build",
        "build the PDF, EPUB and HTML copies of sources",
        EXAMPLES_BUILD,
        [loudness],
    )
    b.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="source files or folders (default: sources/)",
    )
    _build_options(b)
    b.add_argument(
        "--check",
        action="store_true",
        help="after building, run every validator over what was written (as publish check)",
    )
    b.add_argument(
        "--strict", action="store_true", default=None, help="with --check: warnings fail too"
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

    c = _command(
        commands,
        "check",
        "run every validator and the cross-format checks over built outputs",
        EXAMPLES_CHECK,
        [loudness],
    )
    c.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="output files or folders (default: output/)",
    )
    c.add_argument(
        "--strict", action="store_true", default=None, help="warnings fail the check too"
    )
    c.add_argument(
        "--report",
        type=Path,
        default=None,
        help="where to write the JSON report (default: reports/check.json in the output folder "
        "checked)",
    )
    c.add_argument(
        "--no-cache",
        dest="cache",
        action="store_const",
        const=False,
        default=None,
        help="run every validator on every file, even on bytes it judged before",
    )

    v = _command(
        commands,
        "serve",
        "build, serve the web copy on 127.0.0.1 and rebuild and reload on every change",
        EXAMPLES_SERVE,
        [loudness],
    )
    v.add_argument(
        "--port", type=_port, default=8000, help="port on 127.0.0.1 (default: 8000; 0: any free)"
    )
    v.add_argument("--open", action="store_true", help="open the index in a web browser")
    _build_options(v)

    n = _command(
        commands,
        "new",
        "start a new speech or collection manifest, every field explained",
        EXAMPLES_NEW,
    )
    kinds = n.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, help_text in (
        ("speech", "a Markdown speech with front matter, in sources/"),
        ("collection", "a collection manifest, in sources/collections/"),
    ):
        k = kinds.add_parser(
            kind,
            help=help_text,
            description=f"Write {help_text}.",
            epilog=EXAMPLES_NEW,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        k.add_argument("title", help="the title (also gives the file name)")
        k.add_argument(
            "--lang",
            choices=("en", "nb", "nn"),
            default="en",
            help="the language: en, nb (bokmål) or nn (nynorsk); default en",
        )
        k.add_argument(
            "--name", default=None, help="the file name without suffix (default: from the title)"
        )
        k.add_argument(
            "--to",
            type=Path,
            default=None,
            help="the folder (default: sources/ or sources/collections/)",
        )
        k.add_argument("--force", action="store_true", help="replace a file of the same name")

    i = _command(commands, "inspect", "show what was read from sources", EXAMPLES_INSPECT)
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    i.add_argument("--json", action="store_true", help="one JSON object per source")

    m = _command(
        commands,
        "import",
        "turn sources as received into canonical Markdown with front matter",
        EXAMPLES_IMPORT,
    )
    m.add_argument("paths", nargs="+", type=Path, metavar="SOURCE", help="files or folders")
    m.add_argument("--to", type=Path, default=None, help="folder to write into (default: sources/)")
    m.add_argument(
        "--force", action="store_true", help="overwrite files that were edited since import"
    )

    s = _command(commands, "completion", "print a shell completion script", EXAMPLES_COMPLETION)
    s.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell")
    return parser


def _build_options(parser: argparse.ArgumentParser) -> None:
    """The options of build that serve shares (None: not given, the configuration decides)."""
    parser.add_argument(
        "--format",
        default=None,
        help="comma-separated formats: pdf,epub,html (default: all)",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: output/)")
    parser.add_argument(
        "--paper", choices=PAPER_NAMES, default=None, help="PDF trim size (default: a4)"
    )
    parser.add_argument(
        "--pdf-profile",
        default=None,
        help="accessible (PDF/UA-1 + PDF/A-3a, always built with --format pdf) and/or press "
        "(3 mm bleed and crop marks, written to output/press/), comma-separated",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        help="worker processes rendering speeches (default: the number of CPUs)",
    )
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_const",
        const=False,
        default=None,
        help="rebuild every output, even those whose inputs did not change",
    )


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


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
    """``path:line: severity: CODE message (hint: …)``; the catalogue's hint when the
    diagnostic brings none of its own."""
    if d.hint is None and d.code in HINTS and d.severity is not Severity.INFO:
        d = replace(d, hint=HINTS[d.code])
    print(str(d), file=sys.stderr)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _settings(args: argparse.Namespace) -> Settings:
    """The settings of a build or serve: configuration files, then the options given."""
    overrides: dict[str, object] = {
        "output": args.out,
        "paper": args.paper,
        "jobs": args.jobs,
        "cache": args.cache,
        "strict": getattr(args, "strict", None),
    }
    if args.format is not None:
        overrides["formats"] = parse_formats(args.format)
    if args.pdf_profile is not None:
        overrides["pdf_profiles"] = parse_choices(
            args.pdf_profile, PDF_PROFILES, "PDF profile", "U003"
        )
    if getattr(args, "executor", "local") != "local":
        overrides["executor"] = args.executor
        overrides["scheduler"] = args.scheduler
    return load_settings(overrides=overrides, defaults={"jobs": os.cpu_count() or 1})


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _print_report(report: BuildReport, args: argparse.Namespace, seconds: float) -> None:
    """Problems always (to stderr); then, unless quiet, the summary table."""
    for d in report.diagnostics:
        if d.severity is not Severity.INFO or args.verbose:
            _print_diagnostic(d)
    if args.verbose:
        for path in report.written:
            print(f"wrote {_shown(path)}")
        for path in report.removed:
            print(f"removed {_shown(path)} (no longer built)")
    if args.quiet:
        return
    rows = [(fmt, c["built"], c["unchanged"], c["failed"]) for fmt, c in report.counts.items()]
    if rows:
        print(f"{'':<12}{'built':>7}{'unchanged':>11}{'failed':>8}")
        for name, built, unchanged, failed in rows:
            print(f"{name:<12}{built:>7}{unchanged:>11}{failed:>8}")
    print(
        f"{len(report.speeches)} source(s) built, {len(report.failed)} failed; "
        f"{len(report.written)} file(s) written, {len(report.skipped)} up to date"
        + (f", {len(report.removed)} removed (no longer built)" if report.removed else "")
        + f"; {seconds:.1f} s"
    )


def _progress(args: argparse.Namespace) -> Progress:
    return progress_for(sys.stderr, args.quiet)


def _cmd_build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.executor == "dask" and not settings.scheduler:
        raise UsageError(
            "--executor dask needs --scheduler ADDRESS",
            code="U005",
            hint="give the address of a running Dask scheduler, e.g. tcp://host:8786",
        )
    began = time.perf_counter()
    progress = _progress(args)
    # The lock is held through the check and the certification, which rewrite EPUBs.
    with build_lock(settings.output):
        try:
            report = build(settings, args.paths or None, progress)
        finally:
            progress.close()
        _print_report(report, args, time.perf_counter() - began)
        if not report.ok:
            return 1
        if not args.check:
            return 0
        return _check_and_certify(settings, args)


def _check_and_certify(settings: Settings, args: argparse.Namespace) -> int:
    """``build --check``: validate everything built; when it passes, put the report in
    each speech's EPUB (a11y:certifierReport), check those EPUBs again, and rebuild the
    web pages that state their sizes (then check those pages again too)."""
    from .cache import refresh_outputs
    from .verify import certify_build

    reports = settings.output / "reports"
    status = _run_check(
        [settings.output], settings.strict, None, args.quiet, settings.output, settings.cache
    )
    if status != 0:
        return status
    if not settings.cache:
        print(
            "publish: the EPUBs were not given their check report: that needs the build "
            "cache (without --no-cache) to bring the web pages' download sizes up to date",
            file=sys.stderr,
        )
        return 0
    status = certify_build(
        settings, reports / "check.json", strict=settings.strict, quiet=args.quiet
    )
    if status != 0:
        return status
    certified = json.loads((reports / "certify.json").read_text(encoding="utf-8"))["files"]
    if not refresh_outputs(settings.output, map(Path, certified)):
        return 0
    follow = build(settings, args.paths or None, Progress())
    pages = [p for p in follow.written if p.suffix == ".html"]
    if not follow.ok or not pages:
        _print_report(follow, args, follow.timings.get("total", 0.0))
        return 0 if follow.ok else 1
    return _run_check(
        pages, settings.strict, reports / "pages.json", args.quiet, settings.output, settings.cache
    )


def _cmd_check(args: argparse.Namespace) -> int:
    settings = load_settings(overrides={"strict": args.strict, "cache": args.cache})
    paths = args.paths or [settings.output]
    return _run_check(
        paths,
        settings.strict,
        args.report,
        args.quiet,
        check_home(paths, settings.output),
        settings.cache,
    )


def check_home(paths: Sequence[Path], output: Path) -> Path:
    """Where a check of ``paths`` keeps its report and its cache: the output folder when
    every path is inside it; otherwise the build's output folder (the one holding a build
    cache) that holds them all, or else the folder that holds them all, when it can be
    written to. So ``publish check /srv/site`` writes into /srv/site, not into an
    output/ folder of wherever it was run."""
    from .cache import CACHE_NAME as BUILD_CACHE

    resolved = [p.resolve() for p in paths]
    if not resolved or all(p.is_relative_to(output.resolve()) for p in resolved):
        return output
    common = Path(os.path.commonpath([p if p.is_dir() else p.parent for p in resolved]))
    for folder in (common, *common.parents):
        if (folder / BUILD_CACHE).is_file():
            return folder
    return common if os.access(common, os.W_OK) else output


def _run_check(
    paths: Sequence[Path],
    strict: bool,
    report_path: Path | None,
    quiet: bool,
    output: Path,
    cache: bool,
) -> int:
    from .checkcache import CACHE_NAME
    from .verify import check_outputs, exit_status, write_json

    missing_paths = [p for p in paths if not p.exists()]
    if missing_paths:
        raise UsageError(
            f"nothing to check at {', '.join(map(str, missing_paths))}",
            code="U004",
            hint="build first (publish build), or name output files or folders",
        )
    target = report_path or output / "reports" / "check.json"
    # Each validator runs once for all the files; the bar counts validators as they finish.
    progress = progress_for(sys.stderr, quiet)
    try:
        report = check_outputs(
            paths,
            report_dir=target.parent / "ace",
            progress=progress,
            cache=output / CACHE_NAME if cache else None,
            # Ace's report pages, of this check and of earlier ones, are not outputs.
            exclude=(target.parent / "ace", output / "reports"),
        )
    finally:
        progress.close()
    write_json(report, target, strict)
    if not quiet:
        print(report.table())
    else:
        for line in report.table().splitlines()[1:]:
            if "FAIL" in line or line.startswith("MISSING") or ": C0" in line:
                print(line)
    versions = ", ".join(
        f"{name} {version}" for name, version in sorted(report.validators().items())
    )
    # Even with -q: which validators judged, and the verdict, in two lines.
    print(f"validators: {versions or 'none ran'}")
    reused = sum(report.reused.values())
    if reused:
        # Even with -q: a verdict partly from earlier runs says so.
        print(
            f"reused from the check cache: {reused} file x validator verdict(s) on bytes "
            "the same validators judged before (--no-cache runs them again)"
        )
    print(
        f"{len(report.files)} file(s) checked: {report.errors} error(s), "
        f"{report.warnings} warning(s); report in {target}"
    )
    return exit_status(report, strict)


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    if args.open:
        import webbrowser

        def ready(url: str) -> None:
            webbrowser.open(url + "html/index.html")
    else:

        def ready(url: str) -> None:
            return None

    def report(done: BuildReport) -> None:
        _print_report(done, args, done.timings.get("total", 0.0))

    try:
        serve(
            lambda: _settings(args),
            args.port,
            progress=lambda: _progress(args),
            report=report,
            log=sys.stderr if args.verbose else None,
            ready=ready,
        )
    except KeyboardInterrupt:
        print("publish: stopped serving", file=sys.stderr)
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import collection_text, speech_text, write_new

    settings = load_settings()
    name = args.name or slugify(args.title)
    if args.kind == "speech":
        folder = args.to or settings.sources
        today = dt.datetime.now(dt.UTC).date()
        target = write_new(
            folder / f"{name}.md", speech_text(args.title, args.lang, today), force=args.force
        )
        print(f"wrote {_shown(target)}")
        print(f"next: edit it, then run: publish build {_shown(target)}")
    else:
        folder = args.to or settings.sources / "collections"
        target = write_new(
            folder / f"{name}.toml", collection_text(args.title, args.lang), force=args.force
        )
        print(f"wrote {_shown(target)}")
        print("next: choose its speeches under [select] or items, then run: publish build")
    return 0


def _cmd_completion(args: argparse.Namespace) -> int:
    from .completion import script

    sys.stdout.write(script(args.shell, _parser()))
    return 0


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


COMMANDS = {
    "build": _cmd_build,
    "check": _cmd_check,
    "serve": _cmd_serve,
    "new": _cmd_new,
    "inspect": _cmd_inspect,
    "import": _cmd_import,
    "completion": _cmd_completion,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except PublishError as error:
        if args.debug:
            traceback.print_exc()
        if error.hint is None and error.code in HINTS:
            error.hint = HINTS[error.code]
        print(f"publish: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        # Stopping already: more presses of Ctrl+C must not cut the exit short.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
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


if __name__ == "__main__":
    sys.exit(main())
