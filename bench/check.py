"""Time `publish check` over N built speeches (3N files): validators start once per batch.

python -m bench.check [--speeches 100] [--work DIR]

Prints the build and check times, the CPU the check cost (``machine_busy_core_seconds``:
the machine's busy core-seconds during the check, Chromium included, meaningful on an
otherwise idle machine; ``check_cpu_seconds`` counts only the processes the check waited
for), the error and warning counts, and the wall-clock seconds of each validator (from the
check report's "timings") of a first check (the check cache is removed before it), then
the time of the same check again, when every result comes from the cache. With
``--work DIR`` the corpus and its build are kept in DIR and reused by the next run with the
same DIR (the build time is then 0): handy for timing the check alone, again and again.
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
from publish.checkcache import CACHE_NAME

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    """User + system CPU seconds of the waited-for child processes so far (the check and
    every process it waited for: the JVMs, Node). It misses what Chromium's helper
    processes spend (nothing waits for them), hence :func:`_machine_busy` too."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _machine_busy() -> float | None:
    """Core-seconds the whole machine has been busy since boot (user, nice, system, irq,
    softirq and steal time, from /proc/stat), or None off Linux. Across the check, on an
    otherwise idle machine, it is what the check cost in CPU, Chromium's processes
    included; its ratio to the wall-clock time says how many cores were kept busy."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--speeches", type=int, default=100)
    parser.add_argument(
        "--work", type=Path, default=None, help="keep (and reuse) the corpus and build here"
    )
    args = parser.parse_args(argv)
    if args.work is not None:
        work = args.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="publish-check-"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    publish = str(Path(sys.executable).parent / "publish")
    done = work / f".built-{args.speeches}"
    built = 0.0
    if not done.is_file():
        if (work / "sources").exists():
            shutil.rmtree(work / "sources")
        write_corpus(work / "sources", args.speeches)
        start = time.perf_counter()
        subprocess.run(
            [publish, "build", "-q", "--out", str(work / "output")], cwd=work, env=env, check=True
        )
        built = time.perf_counter() - start
        if args.work is not None:
            done.write_text(f"{built:.1f}\n")
    files = [p for p in (work / "output").rglob("*") if p.suffix in (".pdf", ".epub", ".html")]
    speech_files = [
        p
        for p in files
        if p.parent.name in ("pdf", "epub", "html") and p.stem.startswith("speech-")
    ]
    # A first check: no results of earlier runs (the check cache is removed first).
    (work / "output" / CACHE_NAME).unlink(missing_ok=True)
    command = [publish, "check", "-q", *map(str, speech_files), "--report"]
    start = time.perf_counter()
    cpu_before = _children_cpu()
    busy_before = _machine_busy()
    result = subprocess.run(
        [*command, str(work / "check.json")], cwd=work, env=env, capture_output=True, text=True
    )
    checked = time.perf_counter() - start
    check_cpu = _children_cpu() - cpu_before
    busy_after = _machine_busy()
    busy = None if busy_before is None or busy_after is None else busy_after - busy_before
    report = json.loads((work / "check.json").read_text())
    # The same check again: every file unchanged, so every result comes from the cache.
    start = time.perf_counter()
    subprocess.run(
        [*command, str(work / "recheck.json")], cwd=work, env=env, capture_output=True, check=False
    )
    rechecked = time.perf_counter() - start
    reused = json.loads((work / "recheck.json").read_text()).get("reused", {})
    print(
        json.dumps(
            {
                "speeches": args.speeches,
                "files_checked": len(speech_files),
                "build_seconds": round(built, 1),
                "check_seconds": round(checked, 1),
                "check_cpu_seconds": round(check_cpu, 1),
                "machine_busy_core_seconds": None if busy is None else round(busy, 1),
                "cores": os.cpu_count(),
                "recheck_unchanged_seconds": round(rechecked, 1),
                "recheck_reused": reused,
                "check_exit": result.returncode,
                "errors": report["errors"],
                "warnings": report["warnings"],
                "validators": report["validators"],
                "validator_seconds": report.get("timings", {}),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
