"""`datusoban link-train SOURCE.csv [...] --out MODEL.json [--truth TRUTH.csv]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from datusoban.formatting import angka
from datusoban.penautan.columns import RECORD_ID, SOURCE
from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.input_notes import summary_lines
from datusoban.penautan.model import PersonModel
from datusoban.penautan.reading import read_sources
from datusoban.penautan.training import train


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="datusoban link-train",
        description=(
            "Train the person linkage model on interchange CSV files and write it as JSON "
            "(the shipped one is src/datusoban/penautan/data/model.json). Without --truth the "
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
    model = train_on(records, args.sources, labels=labels, max_pairs=args.max_pairs, seed=args.seed)
    try:
        model.save(args.out)
    except OSError as exc:
        raise LinkInputError(f"{args.out}: tidak dapat ditulis ({exc.strerror})") from None
    print(f"model ditulis ke {args.out} ({angka(records.height)} rekaman)", file=sys.stderr)
    for line in training_summary(model):
        print(line, file=sys.stderr)
    return 0


def described(paths: Sequence[Path]) -> str:
    """The input files' names, for messages and the model's provenance."""
    names = ", ".join(p.name for p in paths[:5])
    return names + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


def train_on(records: pl.DataFrame, paths: Sequence[Path], **options: Any) -> PersonModel:
    """train() on records read from `paths`; a refusal names the files."""
    try:
        return train(records, trained_on=f"{records.height} records: {described(paths)}", **options)
    except LinkInputError as exc:
        raise LinkInputError(f"{described(paths)}: {exc}") from None


def training_summary(model: PersonModel, *, with_input: bool = True) -> list[str]:
    """What training used and what it skipped, for the operator."""
    notes = model.notes
    lines = []
    if "prior_rules" in notes:
        used = "; ".join(notes["prior_rules"]) or "tidak ada"
        lines.append(f"peluang awal (prior) {model.prior:.3g} dari aturan: {used}")
    if notes.get("em_sessions") is not None and notes.get("method") == "m by EM":
        lines.append(f"sesi EM: {'; '.join(notes['em_sessions']) or 'tidak ada'}")
    lines += [f"dilewati: {reason}" for reason in notes.get("skipped", [])]
    return lines + (summary_lines(notes.get("input", {})) if with_input else [])


def _labels(records: pl.DataFrame, path: Path) -> pl.Series:
    try:
        truth = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise LinkInputError(f"{path}: berkas kebenaran tidak dapat dibaca ({exc})") from None
    needed = {SOURCE, RECORD_ID, "person_key"}
    if not needed <= set(truth.columns):
        raise LinkInputError(f"{path}: perlu kolom {', '.join(sorted(needed))}")
    joined = records.select(SOURCE, RECORD_ID).join(
        truth.select(*sorted(needed)), on=[SOURCE, RECORD_ID], how="left", maintain_order="left"
    )
    return joined["person_key"]
