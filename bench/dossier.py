"""The 300-speech dossier: time, peak memory, page count and validator verdicts.

    python -m bench.dossier [--speeches 300] [--keep DIR]

Generates a deterministic corpus, binds it into one dossier PDF (PDF/UA-1 + PDF/A-3a)
with a manifest, measures wall time and peak resident memory of the process that
renders it, and validates the result with the veraPDF engine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent

RENDER = """
import json, resource, sys, time
from pathlib import Path
from publish.config import load_settings
from publish.pipeline import read_source
from publish.writers.volume import write_dossier_pdf
from publish.collection import load_manifest, resolve
project = Path(sys.argv[1])
settings = load_settings(project=project, output=project / "output")
start = time.perf_counter()
speeches = [read_source(p)[0] for p in sorted((project / "sources").glob("*.md"))]
read = time.perf_counter() - start
manifest = load_manifest(project / "sources/collections/dossier.toml", settings.sources)
collection = resolve(manifest, speeches)
result = write_dossier_pdf(collection, settings)
target = project / "output/pdf/collections/dossier.pdf"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_bytes(result.data)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "read_seconds": read,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "pages": len(result.page_starts),
    "bytes": len(result.data),
    "warnings": [d.message for d in result.diagnostics],
}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--speeches", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="keep the generated project in DIR")
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="publish-dossier-"))
    sources = work / "sources"
    write_corpus(sources, args.speeches)
    (sources / "collections").mkdir(parents=True, exist_ok=True)
    (sources / "collections" / "dossier.toml").write_text(
        f'title = "Benchmark dossier: {args.speeches} speeches"\n'
        'editor = "publish benchmark"\nlang = "en"\norder = "date"\n'
        'introduction = "A generated corpus bound into one volume."\n\n'
        '[select]\nlang = ["en", "nb", "nn"]\n',
        encoding="utf-8",
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run(
        [sys.executable, "-c", RENDER, str(work)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return 1
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["speeches"] = args.speeches
    pdf = work / "output/pdf/collections/dossier.pdf"
    if not args.no_validate:
        from publish.checks import run_verapdf

        start = time.perf_counter()
        verdicts = run_verapdf([pdf], flavours=("ua1", "3a"), timeout=3600)
        result["validation_seconds"] = round(time.perf_counter() - start, 1)
        result["verapdf"] = {r.validator: {"ok": r.ok, "failed_rules": r.errors} for r in verdicts}
    result["children_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
