"""Benchmark: `datusoban link` on about 1,000,000 synthetic source records.

    .venv/bin/python benchmarks/link_speed.py [--people 765000] [--keep DIR]

The synthetic population's noisy source files (all 19 of them, about 1.31
rows per person) are written once; then `datusoban link` runs on them in its
own process, timed from start to the written output, with its peak memory.
Compared pairs per record come from the blocking rules, counted separately.
Printed as one JSON line. Target (issue 4): 1,000,000 records in <= 3 min on
2 cores, peak memory < 8 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(people: int, out: Path) -> None:
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    run(SynthConfig(people=people, seed=11), out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=765_000)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="datusoban-link-speed-"))
    if not any(folder.glob("*.csv")):
        generate(args.people, folder)
    sources = sorted(folder.glob("*.csv"))
    out = folder / "clusters.out"
    started = time.perf_counter()
    subprocess.run(
        [Path(sys.executable).parent / "datusoban", "link", *sources, "--out", out], check=True
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    import polars as pl

    from datusoban.linkage.blocking import RULES
    from datusoban.linkage.evaluation.metrics import blocked_pairs
    from datusoban.linkage.features import prepare
    from datusoban.linkage.reading import read_sources

    records = pl.read_csv(out, infer_schema=False).height
    pairs = blocked_pairs(prepare(read_sources(sources)), RULES).height
    print(
        json.dumps(
            {
                "benchmark": "link_speed",
                "records": records,
                "seconds": round(seconds, 1),
                "records_per_second": round(records / seconds),
                "peak_memory_mb": round(peak_mb),
                "compared_pairs": pairs,
                "pairs_per_record": round(pairs / records, 2),
                "cores": os.cpu_count(),
                "machine": platform.machine(),
                "python": platform.python_version(),
            }
        )
    )


if __name__ == "__main__":
    main()
