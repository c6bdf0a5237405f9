"""`datusoban link SOURCE.csv [...] --out CLUSTERS.csv [--train] [--engine duckdb|spark]`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from datusoban.formatting import angka
from datusoban.penautan.columns import OUTPUT, OUTPUT_EXTRA
from datusoban.penautan.commands.train import described, train_on, training_summary
from datusoban.penautan.engines import ENGINES
from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.input_notes import summary_lines
from datusoban.penautan.linking import link_records
from datusoban.penautan.model import load_model
from datusoban.penautan.policy import load_thresholds
from datusoban.penautan.reading import read_sources


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="datusoban link",
        description=(
            "Link person records across and within interchange CSV files (docs/INTERCHANGE.md). "
            "Writes one row per input row: source, record_id, person_id, cluster_size, "
            "link_probability. Needs no database."
        ),
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE.csv")
    p.add_argument("--out", required=True, type=Path, metavar="CLUSTERS.csv")
    p.add_argument("--engine", choices=ENGINES, default="duckdb")
    model = p.add_mutually_exclusive_group()
    model.add_argument("--model", type=Path, help="model JSON (default: the shipped model)")
    model.add_argument(
        "--train",
        action="store_true",
        help="train the model on the input first (as link-train does), instead of the shipped one",
    )
    p.add_argument("--thresholds", type=Path, help="thresholds TOML (default: the shipped policy)")
    p.add_argument(
        "--pairs",
        type=Path,
        metavar="PAIRS.csv",
        help="also write the scored pairs with each field's match weight",
    )
    p.add_argument(
        "--json",
        type=Path,
        metavar="REPORT.json",
        help="also write a report: counts, unreadable values per file and field, training",
    )
    return p


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    # Fail on a bad --model or --thresholds before reading any data.
    model = None if args.train else load_model(args.model)
    thresholds = load_thresholds(args.thresholds)
    records = read_sources(args.sources)
    if args.train:
        model = train_on(records, args.sources)
        for line in training_summary(model, with_input=False):
            print(line, file=sys.stderr)
    result = link_records(records, model=model, thresholds=thresholds, engine=args.engine)
    _write(result.clusters.select(*OUTPUT, *OUTPUT_EXTRA), args.out)
    if args.pairs:
        _write(result.pairs.drop("unique_id_l", "unique_id_r"), args.pairs)
    people = result.clusters["person_id"].n_unique()
    for line in summary_lines(result.input_notes):
        print(line, file=sys.stderr)
    if args.json:
        report: dict[str, Any] = {
            "records": records.height,
            "persons": people,
            "files": result.input_notes,
            "model": "trained on the input" if args.train else str(args.model or "shipped"),
        }
        if args.train and model is not None:
            report["training"] = {k: v for k, v in model.notes.items() if k != "input"}
            report["training"]["prior"] = model.prior
        _write_json(report, args.json)
    print(
        f"{angka(records.height)} rekaman dari {len(args.sources)} berkas -> "
        f"{angka(people)} orang; {args.out}",
        file=sys.stderr,
    )
    return 0


def _write(frame: pl.DataFrame, path: Path) -> None:
    try:
        frame.write_csv(path)
    except OSError as exc:
        raise LinkInputError(f"{path}: tidak dapat ditulis ({exc.strerror})") from None


def _write_json(body: dict[str, Any], path: Path) -> None:
    try:
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise LinkInputError(f"{path}: tidak dapat ditulis ({exc.strerror})") from None


__all__ = ["described", "main", "parser"]
