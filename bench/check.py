"""Time `publish check` over N built speeches (3N files): validators start once per batch.

python -m bench.check [--speeches 100]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--speeches", type=int, default=100)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="publish-check-"))
    write_corpus(work / "sources", args.speeches)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    publish = str(Path(sys.executable).parent / "publish")
    start = time.perf_counter()
    subprocess.run(
        [publish, "build", "-q", "--out", str(work / "output")], cwd=work, env=env, check=True
    )
    built = time.perf_counter() - start
    files = [p for p in (work / "output").rglob("*") if p.suffix in (".pdf", ".epub", ".html")]
    speech_files = [
        p
        for p in files
        if p.parent.name in ("pdf", "epub", "html") and p.stem.startswith("speech-")
    ]
    start = time.perf_counter()
    result = subprocess.run(
        [publish, "check", "-q", *map(str, speech_files), "--report", str(work / "check.json")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    checked = time.perf_counter() - start
    report = json.loads((work / "check.json").read_text())
    print(
        json.dumps(
            {
                "speeches": args.speeches,
                "files_checked": len(speech_files),
                "build_seconds": round(built, 1),
                "check_seconds": round(checked, 1),
                "check_exit": result.returncode,
                "errors": report["errors"],
                "warnings": report["warnings"],
                "validators": report["validators"],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
