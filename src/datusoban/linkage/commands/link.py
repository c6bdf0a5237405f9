"""`datusoban link SOURCE.csv [...] --out CLUSTERS.csv [--engine duckdb|spark]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from datusoban.linkage.columns import OUTPUT, OUTPUT_EXTRA
from datusoban.linkage.engines import ENGINES
from datusoban.linkage.errors import LinkInputError
from datusoban.linkage.linking import link_records
from datusoban.linkage.model import load_model
from datusoban.linkage.policy import load_thresholds
from datusoban.linkage.reading import read_sources


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="datusoban link",
        description=(
            "Link person records across and within interchange CSV files (INTERCHANGE.md). "
            "Writes one row per input row: source, record_id, person_id, cluster_size, "
            "link_probability. Needs no database."
        ),
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.csv")
    p.add_argument("--out", required=True, type=Path, metavar="CLUSTERS.csv")
    p.add_argument("--engine", choices=ENGINES, default="duckdb")
    p.add_argument("--model", type=Path, help="model JSON (default: the shipped model)")
    p.add_argument("--thresholds", type=Path, help="thresholds TOML (default: the shipped policy)")
    p.add_argument(
        "--pairs",
        type=Path,
        metavar="PAIRS.csv",
        help="also write the scored pairs with each field's match weight",
    )
    return p


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    # Fail on a bad --model or --thresholds before reading any data.
    model = load_model(args.model)
    thresholds = load_thresholds(args.thresholds)
    records = read_sources(args.sources)
    result = link_records(records, model=model, thresholds=thresholds, engine=args.engine)
    _write(result.clusters.select(*OUTPUT, *OUTPUT_EXTRA), args.out)
    if args.pairs:
        _write(result.pairs.drop("unique_id_l", "unique_id_r"), args.pairs)
    people = result.clusters["person_id"].n_unique()
    print(
        f"{records.height:,} rekaman dari {len(args.sources)} berkas -> {people:,} orang; "
        f"{args.out}",
        file=sys.stderr,
    )
    return 0


def _write(frame, path: Path) -> None:
    try:
        frame.write_csv(path)
    except OSError as exc:
        raise LinkInputError(f"{path}: cannot write ({exc.strerror})") from None
