"""Benchmark: `datusoban link` on about 1,000,000 synthetic source records.

    .venv/bin/python benchmarks/link_speed.py [--people 765000] [--realism field]
        [--keep DIR] [--train]

The synthetic population's noisy source files (all 19 of them, about 1.31
rows per person) are written once; then `datusoban link` runs on them in its
own process, timed from start to the written output, with its peak memory.
With --train, `datusoban link-train` on the same files is timed the same way.
Compared pairs per record come from the blocking rules, counted separately.
Printed as one JSON line. Targets: 1,000,000 records linked in <= 3 min on
2 cores with peak memory < 8 GB; link-train on them in <= 5 min.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(people: int, realism: str, out: Path) -> None:
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.realism import FieldRealism
    from datusoban.synth.run import run

    run(
        SynthConfig(people=people, seed=11, realism=FieldRealism() if realism == "field" else None),
        out,
    )


def timed(cmd: list) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command in its own process."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd[0]} {cmd[1]} failed")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=765_000)
    parser.add_argument("--realism", default="clean", help="clean or field")
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    parser.add_argument("--train", action="store_true", help="time link-train too")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="datusoban-link-speed-"))
    if not any(folder.glob("*.csv")):
        generate(args.people, args.realism, folder)
    sources = sorted(folder.glob("*.csv"))
    out = folder / "clusters.out"
    command = Path(sys.executable).parent / "datusoban"
    seconds, peak_mb = timed([command, "link", *sources, "--out", out])
    training = {}
    if args.train:
        train_seconds, train_mb = timed(
            [command, "link-train", *sources, "--out", folder / "model.out.json"]
        )
        training = {
            "train_seconds": round(train_seconds, 1),
            "train_peak_memory_mb": round(train_mb),
        }

    import polars as pl

    from datusoban.penautan.blocking import RULES
    from datusoban.penautan.evaluation.metrics import blocked_pairs
    from datusoban.penautan.features import prepare
    from datusoban.penautan.reading import read_sources

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
                **training,
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
