"""`datusoban link-eval [--synth DIR] [--febrl] [--json PATH]`: the evaluation table."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from datusoban.linkage.errors import LinkInputError
from datusoban.linkage.evaluation import datasets
from datusoban.linkage.evaluation.report import evaluate, table
from datusoban.linkage.model import load_model


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="datusoban link-eval",
        description=(
            "Pairwise precision, recall and F1, B-cubed F1, blocking recall and compared pairs "
            "per record, for exact-NIK matching, Splink set up as its documentation suggests, "
            "and the Datu Soban model."
        ),
    )
    p.add_argument(
        "--synth",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a folder written by `datusoban synth --out DIR` (repeatable)",
    )
    p.add_argument(
        "--febrl", action="store_true", help="also FEBRL3 and FEBRL4 (needs the eval extra)"
    )
    p.add_argument("--model", type=Path, help="model JSON for the synthetic sources")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    return p


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    if not args.synth and not args.febrl:
        raise LinkInputError("nothing to evaluate: give --synth DIR and/or --febrl")
    data = [datasets.synthetic(d) for d in args.synth]
    if args.febrl:
        data += [datasets.febrl3(), datasets.febrl4()]
    rows = evaluate(
        data, load_model(args.model), progress=lambda s: print(f"... {s}", file=sys.stderr)
    )
    print(table(rows))
    if args.json:
        try:
            args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise LinkInputError(f"{args.json}: cannot write ({exc.strerror})") from None
    return 0
