"""The build benchmark: publish against the bare engines and the naive peer, in one run.

    python -m bench [--speeches 20] [--runs 3] [--peer-sample 5] [--keep DIR]

Generates a deterministic corpus (bench/corpus.py) in a temporary project, then measures,
each in a fresh process (so imports count, as they do for a user):

* a cold build of N speeches x 3 formats with --jobs 1 and --jobs 2 (no cache);
* the bare-engine floor for the same speeches: one pandoc process converting every body,
  then WeasyPrint rendering the same print HTML in-process with the same number of
  worker processes (HTML prepared beforehand, not timed);
* the naive peer ``pandoc in.md -o out.pdf --pdf-engine=weasyprint``, one speech at a
  time, on a sample of speeches and scaled to N;
* rebuilds with the cache: no change, one source touched, one template changed (in a
  copy of the package, so the checkout is never modified);
* peak resident memory of the main process and of each worker, and where the time goes.

Prints a Markdown table of medians over --runs runs. No result is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"

BUILD = """
import json, sys, time
from dataclasses import replace
from pathlib import Path
from publish.config import load_settings
from publish.pipeline import build
project, out, jobs, cache = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
settings = replace(load_settings(project=project, output=out), jobs=jobs, cache=cache == "1")
report = build(settings)
print(json.dumps({"ok": report.ok, "written": len(report.written),
                  "skipped": len(report.skipped), "timings": report.timings,
                  "memory": report.memory}))
"""

PREPARE = """
import json, sys
from pathlib import Path
from publish.config import load_settings
from publish.pipeline import discover, read_source
from publish.render import body_to_html, render_speech
from publish.writers.pdf import PdfWriter
project, folder = Path(sys.argv[1]), Path(sys.argv[2])
settings = load_settings(project=project)
bodies, pages = [], []
for path in discover([settings.sources]):
    speech = read_source(path)[0]
    bodies.append(speech.body)
    html = PdfWriter().print_html(render_speech(speech, body_to_html(speech.body)), settings)
    pages.append(html)
(folder / "bodies.json").write_text(json.dumps(bodies), encoding="utf-8")
(folder / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
print(json.dumps({"styles": settings.styles.as_uri() + "/"}))
"""

FLOOR = """
import json, multiprocessing, os, resource, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
folder, jobs, base = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
began = time.perf_counter()
from publish.render import BodyItem, bodies_to_html
bodies = json.loads((folder / "bodies.json").read_text(encoding="utf-8"))
bodies_to_html([BodyItem(b) for b in bodies])
pandoc = time.perf_counter() - began
pages = json.loads((folder / "pages.json").read_text(encoding="utf-8"))

def warm():
    import weasyprint  # noqa

def render(html):
    from weasyprint import HTML
    t0 = time.perf_counter()
    doc = HTML(string=html, base_url=base).render(pdf_variant="pdf/a-3a")
    t1 = time.perf_counter()
    doc.write_pdf(pdf_variant="pdf/a-3a")
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

if jobs == 1:
    warm()
    results = [render(p) for p in pages]
else:
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=warm) as pool:
        results = list(pool.map(render, pages))
memory = {}
for _l, _w, pid, rss in results:
    memory[pid] = max(memory.get(pid, 0), rss)
print(json.dumps({"pandoc": pandoc, "layout": sum(r[0] for r in results),
                  "pdf_write": sum(r[1] for r in results), "memory": list(memory.values()),
                  "total": time.perf_counter() - began}))
"""


def run_python(
    code: str, *args: str, env: dict[str, str], cwd: Path
) -> tuple[float, dict[str, Any]]:
    """Run ``code`` in a fresh interpreter in ``cwd`` (never the checkout, so that the
    package copy on PYTHONPATH is the one imported); its wall time and its JSON answer."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench step failed:\n{done.stderr[-3000:]}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--speeches", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-sample", type=int, default=5, help="speeches the peer renders")
    parser.add_argument("--keep", type=Path, default=None, help="keep the project here")
    args = parser.parse_args(argv)
    n = args.speeches

    work = Path(tempfile.mkdtemp(prefix="publish-bench-"))
    try:
        rows = measure(work, n, args.runs, args.peer_sample)
    finally:
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    print(rows)
    return 0


def measure(work: Path, n: int, runs: int, peer_sample: int) -> str:
    project = work / "project"
    write_corpus(project / "sources", n)
    # A copy of the package, so that a template can be changed without touching the checkout.
    pkg = work / "pkg"
    shutil.copytree(ROOT / "publish", pkg / "publish", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "styles", project / "styles")
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "PYTHONPATH": os.pathsep.join([str(pkg), str(ROOT)]),
    }
    results: dict[str, list[float]] = {}
    extra: dict[str, Any] = {}

    def record(name: str, seconds: float) -> None:
        results.setdefault(name, []).append(seconds)

    # The floor's inputs, prepared once and not timed.
    floor_dir = work / "floor"
    floor_dir.mkdir()
    _, prepared = run_python(PREPARE, str(project), str(floor_dir), env=env, cwd=work)

    stages: list[dict[str, float]] = []
    for run in range(runs):
        for jobs in (1, 2):
            out = work / f"cold-{jobs}-{run}"
            wall, rep = run_python(BUILD, str(project), str(out), str(jobs), "0", env=env, cwd=work)
            assert rep["ok"], rep
            record(f"cold{jobs}", wall)
            extra[f"memory{jobs}"] = rep["memory"]
            if jobs == 1:
                stages.append(rep["timings"])
            shutil.rmtree(out)
            wall, floor = run_python(
                FLOOR, str(floor_dir), str(jobs), prepared["styles"], env=env, cwd=work
            )
            record(f"floor{jobs}", wall)
            extra[f"floor_memory{jobs}"] = floor["memory"]
            if jobs == 1:
                record("floor_pandoc", floor["pandoc"])
                record("floor_layout", floor["layout"])
                record("floor_write", floor["pdf_write"])

        # Incremental: a cached build, then a no-op, one touched source, one template.
        out = work / f"incremental-{run}"
        run_python(BUILD, str(project), str(out), "2", "1", env=env, cwd=work)
        wall, rep = run_python(BUILD, str(project), str(out), "2", "1", env=env, cwd=work)
        record("noop", wall)
        extra["noop_written"] = rep["written"]
        touched = project / "sources" / "speech-00000.md"
        original = touched.read_bytes()
        touched.write_bytes(original + f"\nOne more sentence, run {run}.\n".encode())
        wall, rep = run_python(BUILD, str(project), str(out), "2", "1", env=env, cwd=work)
        record("touch", wall)
        touched.write_bytes(original)
        run_python(BUILD, str(project), str(out), "2", "1", env=env, cwd=work)
        template = pkg / "publish" / "templates" / "web.html"
        kept = template.read_bytes()
        template.write_bytes(kept + f"{{# bench change {run} #}}\n".encode())
        wall, rep = run_python(BUILD, str(project), str(out), "2", "1", env=env, cwd=work)
        record("template", wall)
        extra["template_written"] = rep["written"]
        template.write_bytes(kept)
        shutil.rmtree(out)

    # The naive peer, one process per speech, serially, on a sample scaled to N.
    sample = sorted((project / "sources").glob("*.md"))[: max(1, min(peer_sample, n))]
    pandoc = _pandoc()
    peer_env = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"}
    peer_out = work / "peer"
    peer_out.mkdir()
    for _run in range(runs):
        start = time.perf_counter()
        for path in sample:
            subprocess.run(
                [
                    pandoc,
                    str(path),
                    "-o",
                    str(peer_out / f"{path.stem}.pdf"),
                    "--pdf-engine=weasyprint",
                ],
                check=True,
                capture_output=True,
                env=peer_env,
            )
        record("peer", (time.perf_counter() - start) * n / len(sample))

    return table(n, runs, len(sample), results, extra, stages)


def _pandoc() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def table(
    n: int,
    runs: int,
    sample: int,
    results: dict[str, list[float]],
    extra: dict[str, Any],
    stages: list[dict[str, float]],
) -> str:
    m = {k: median(v) for k, v in results.items()}
    lines = [
        f"N = {n} speeches x 3 formats (PDF, EPUB, HTML), median of {runs} runs, "
        f"{os.cpu_count()} CPUs; every step in a fresh process (imports included).",
        "",
        "| measurement | median s | per speech s | ratio |",
        "|---|---:|---:|---|",
    ]

    def row(name: str, seconds: float, ratio: str = "") -> None:
        lines.append(f"| {name} | {seconds:.2f} | {seconds / n:.3f} | {ratio} |")

    row("cold build, --jobs 1", m["cold1"], f"{m['cold1'] / m['floor1']:.2f}x floor (1 worker)")
    row("cold build, --jobs 2", m["cold2"], f"{m['cold2'] / m['floor2']:.2f}x floor (2 workers)")
    row("bare-engine floor, 1 worker (pandoc batch + WeasyPrint PDF only)", m["floor1"])
    row("bare-engine floor, 2 workers", m["floor2"])
    row(
        f"naive peer `pandoc --pdf-engine=weasyprint` (PDF only; {sample} speeches, scaled)",
        m["peer"],
        f"publish --jobs 2 is {m['peer'] / m['cold2']:.1f}x faster (with EPUB+HTML too)",
    )
    lines.append(
        "| Quarto | not measured | | quarto-cli downloads its binary at install time; "
        "no network here |"
    )
    row("no-op rebuild (cache)", m["noop"], f"{extra.get('noop_written', '?')} files rewritten")
    row(
        "rebuild after touching one source",
        m["touch"],
        f"{m['touch'] / m['cold2']:.2f}x cold --jobs 2",
    )
    row(
        "rebuild after changing one template (web.html)",
        m["template"],
        f"{extra.get('template_written', '?')} files rewritten",
    )
    lines += ["", "Peak resident memory (MiB):", ""]
    for jobs in (1, 2):
        mem = extra.get(f"memory{jobs}", {})
        workers = [v for k, v in mem.items() if k.startswith("worker")]
        floor_mem = extra.get(f"floor_memory{jobs}", [])
        lines.append(
            f"- --jobs {jobs}: main {mem.get('main', 0) / 1024:.0f}"
            + (f", workers {', '.join(f'{w / 1024:.0f}' for w in workers)}" if workers else "")
            + f"; floor workers {', '.join(f'{w / 1024:.0f}' for w in floor_mem)}"
        )
    keys = ["read", "cache", "pandoc", "jinja", "pdf", "epub", "html", "write", "site"]
    keys += ["collections", "total"]
    lines += [
        "",
        "Where the time goes (cold build, --jobs 1, median s; WeasyPrint layout and PDF "
        "write are one stage inside the PDF writer, split below from the floor run):",
        "",
        "| " + " | ".join(keys) + " |",
        "|" + "---:|" * len(keys),
        "| " + " | ".join(f"{median([s.get(k, 0.0) for s in stages]):.2f}" for k in keys) + " |",
        "",
        f"Floor, 1 worker: pandoc batch {m['floor_pandoc']:.2f} s, WeasyPrint layout "
        f"{m['floor_layout']:.2f} s, PDF write {m['floor_write']:.2f} s.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
