"""Benchmark: linkage quality on every data set with ground truth, every method side by side.

    PYTHONPATH=src .venv/bin/python benchmarks/link_eval.py \
        [--people 20000] [--seed 99] [--train-seed 7] [--realism field] [--no-public]

Makes synthetic sources of the given realism from a seed no model was trained
on (and, for `link-train`, from another seed), then runs `link-eval`'s
evaluation on them and on FEBRL 1-4 and RLdata10000 (needs the eval extra):
exact matching, Splink as its tutorials set up each data set, our shipped
model and our model retrained by `link-train`. Prints the table, then one
JSON line per data set and method.
"""

from __future__ import annotations

import argparse
import json
import sys

from datusoban.penautan.evaluation import datasets
from datusoban.penautan.evaluation.report import evaluate, table
from datusoban.penautan.evaluation.synthetic import made
from datusoban.penautan.model import load_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--train-seed", type=int, default=7)
    parser.add_argument("--realism", default="field")
    parser.add_argument("--no-public", action="store_true")
    args = parser.parse_args()

    def say(text: str) -> None:
        print(f"... {text}", file=sys.stderr, flush=True)

    data = [made(args.people, args.seed, args.train_seed, args.realism, say)]
    if not args.no_public:
        data += [datasets.public(name) for name in datasets.PUBLIC]
    rows = evaluate(data, load_model(), progress=say)
    print(table(rows))
    for row in rows:
        print(json.dumps({"benchmark": "link_eval", **row}))


if __name__ == "__main__":
    main()
