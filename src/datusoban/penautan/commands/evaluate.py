"""`datusoban link-eval [--synth DIR] [--synth-seed N] [--public NAME] [--json PATH]`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.evaluation import datasets
from datusoban.penautan.evaluation.report import (
    EXACT,
    RETRAINED,
    RETRAINED_ID,
    SHIPPED,
    SPLINK,
    SPLINK_NO_ID,
    evaluate,
    table,
)
from datusoban.penautan.evaluation.synthetic import made
from datusoban.penautan.model import load_model

# Short names for --method.
SHORT = {
    "exact": EXACT,
    "splink": SPLINK,
    "splink-no-id": SPLINK_NO_ID,
    "shipped": SHIPPED,
    "retrained": RETRAINED,
    "retrained-id": RETRAINED_ID,
}


class _Parser(argparse.ArgumentParser):
    # A wrong option is bad input like any other: one line and exit 2, not a usage dump.
    def error(self, message: str) -> NoReturn:
        raise LinkInputError(f"argumen salah: {message} (lihat --help)")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="datusoban link-eval",
        description=(
            "Pairwise precision, recall and F1, B-cubed F1, true pairs blocking never compared, "
            "compared pairs per record and wall time, on data sets with ground truth, for "
            "exact matching, Splink set up as its tutorials set up that data, the shipped "
            "Datu Soban model and the model retrained with link-train on that data."
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
        "--synth-train",
        type=Path,
        metavar="DIR",
        help="sources of another seed that link-train retrains on for --synth "
        "(default: the evaluated sources themselves, unsupervised)",
    )
    p.add_argument(
        "--synth-seed", type=int, help="make synthetic sources from this seed and evaluate on them"
    )
    p.add_argument(
        "--synth-realism", help="realism of the synthetic sources made (e.g. field), if supported"
    )
    p.add_argument("--synth-people", type=int, default=10_000)
    p.add_argument(
        "--synth-train-seed",
        type=int,
        default=7,
        help="seed of the synthetic sources link-train retrains on (never the evaluated one)",
    )
    p.add_argument(
        "--public",
        action="append",
        default=[],
        choices=[*datasets.PUBLIC, "rldata500", "all"],
        help="a public data set (repeatable; all = FEBRL 1-4 and RLdata10000; eval extra)",
    )
    p.add_argument("--febrl", action="store_true", help="FEBRL 1, 2, 3 and 4 (eval extra)")
    p.add_argument(
        "--method",
        action="append",
        default=[],
        choices=sorted(SHORT),
        help="only this method (repeatable; default: all)",
    )
    p.add_argument("--model", type=Path, help="model JSON used as the shipped model")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    return p


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    names = list(args.public)
    if "all" in names:
        names = list(datasets.PUBLIC)
    if args.febrl:
        names += ["febrl1", "febrl2", "febrl3", "febrl4"]
    names = list(dict.fromkeys(names))
    if not args.synth and args.synth_seed is None and not names:
        raise LinkInputError(
            "tidak ada yang dievaluasi: beri --synth DIR, --synth-seed N, --public NAMA "
            "atau --febrl"
        )
    if args.json and not args.json.parent.is_dir():
        raise LinkInputError(f"{args.json}: folder {args.json.parent} tidak ada")
    model = load_model(args.model)

    def say(text: str) -> None:
        print(f"... {text}", file=sys.stderr)

    data = [datasets.synthetic(d, training=args.synth_train) for d in args.synth]
    if args.synth_seed is not None:
        data.append(
            made(args.synth_people, args.synth_seed, args.synth_train_seed, args.synth_realism, say)
        )
    data += [datasets.public(n) for n in names]
    chosen = tuple(SHORT[m] for m in dict.fromkeys(args.method)) or tuple(SHORT.values())
    rows = evaluate(data, model, progress=say, chosen=chosen)
    print(table(rows))
    if args.json:
        try:
            args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise LinkInputError(f"{args.json}: tidak dapat ditulis ({exc.strerror})") from None
    return 0
