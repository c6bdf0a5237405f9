"""`datusoban link-train SOURCE.csv [...] --out MODEL.json [--truth TRUTH.csv]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from datusoban.linkage.columns import RECORD_ID, SOURCE
from datusoban.linkage.errors import LinkInputError
from datusoban.linkage.reading import read_sources
from datusoban.linkage.training import train


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="datusoban link-train",
        description=(
            "Train the person linkage model on interchange CSV files and write it as JSON "
            "(the shipped one is src/datusoban/linkage/data/model.json). Without --truth the "
            "m probabilities come from expectation maximisation (no labels needed)."
        ),
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.csv")
    p.add_argument("--out", required=True, type=Path, metavar="MODEL.json")
    p.add_argument(
        "--truth",
        type=Path,
        help="CSV with source, record_id, person_key: learn m from these true pairs instead",
    )
    p.add_argument("--seed", type=int, default=2025, help="seed of the random pairs for u")
    p.add_argument(
        "--max-pairs", type=float, default=2e6, help="random pairs sampled to estimate u"
    )
    return p


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    records = read_sources(args.sources)
    labels = _labels(records, args.truth) if args.truth else None
    described = ", ".join(p.name for p in args.sources[:5]) + (
        f" and {len(args.sources) - 5} more" if len(args.sources) > 5 else ""
    )
    model = train(
        records,
        trained_on=f"{records.height} records: {described}",
        labels=labels,
        max_pairs=args.max_pairs,
        seed=args.seed,
    )
    try:
        model.save(args.out)
    except OSError as exc:
        raise LinkInputError(f"{args.out}: cannot write ({exc.strerror})") from None
    print(f"model written to {args.out} ({records.height:,} records)", file=sys.stderr)
    return 0


def _labels(records: pl.DataFrame, path: Path) -> pl.Series:
    try:
        truth = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise LinkInputError(f"{path}: cannot read the truth file ({exc})") from None
    needed = {SOURCE, RECORD_ID, "person_key"}
    if not needed <= set(truth.columns):
        raise LinkInputError(f"{path}: needs the columns {', '.join(sorted(needed))}")
    joined = records.select(SOURCE, RECORD_ID).join(
        truth.select(*sorted(needed)), on=[SOURCE, RECORD_ID], how="left", maintain_order="left"
    )
    return joined["person_key"]
