"""Benchmark: linkage quality of exact NIK, documented Splink and the Datu Soban model.

    .venv/bin/python benchmarks/link_eval.py [--people 50000] [--seed 11] [--no-febrl]

Generates the synthetic sources (a seed other than the one the shipped model
was trained on), then runs `link-eval`'s evaluation on them and on FEBRL 3
and 4 (needs the eval extra). Prints the table, then one JSON line per data
set and method. Targets (issue 4): F1 >= 0.99 on the synthetic sources and
above both baselines; FEBRL4 F1 >= 0.995; blocking recall >= 0.995 with at
most 50 compared pairs per record.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from datusoban.linkage.evaluation import datasets
from datusoban.linkage.evaluation.report import evaluate, table
from datusoban.linkage.model import load_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-febrl", action="store_true")
    args = parser.parse_args()

    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    folder = Path(tempfile.mkdtemp(prefix="datusoban-link-eval-"))
    run(SynthConfig(people=args.people, seed=args.seed), folder)
    data = [datasets.synthetic(folder)]
    if not args.no_febrl:
        data += [datasets.febrl3(), datasets.febrl4()]
    rows = evaluate(data, load_model())
    print(table(rows))
    for row in rows:
        print(json.dumps({"benchmark": "link_eval", **row}))


if __name__ == "__main__":
    main()
