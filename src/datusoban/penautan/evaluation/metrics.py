"""Pairwise and cluster metrics, and blocking figures, computed set-based in Polars.

Every metric compares two labellings of the same records: `predicted` (the
person each record was linked to) and `truth` (the person it really is).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import polars as pl


@dataclass(frozen=True)
class Scores:
    """Pairwise precision/recall/F1, B-cubed F1 and the blocking figures of one run."""

    precision: float
    recall: float
    f1: float
    bcubed_f1: float
    true_pairs: int
    predicted_pairs: int
    blocking_recall: float | None = None
    pairs_per_record: float | None = None

    def as_dict(self) -> dict[str, float | int | None]:
        """Plain values, for JSON."""
        return asdict(self)


def _pairs(sizes: pl.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise(predicted: pl.Series, truth: pl.Series) -> tuple[float, float, float, int, int]:
    """Precision, recall and F1 over record pairs, and the predicted and true pair counts.

    A pair is predicted when both records share a predicted person and true
    when they share a true one; counts come from cluster sizes, never from
    listing pairs.
    """
    frame = pl.DataFrame({"p": predicted, "t": truth})
    both = _pairs(frame.group_by("p", "t").len()["len"])
    pred = _pairs(frame.group_by("p").len()["len"])
    true = _pairs(frame.group_by("t").len()["len"])
    precision = both / pred if pred else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, pred, true


def bcubed_f1(predicted: pl.Series, truth: pl.Series) -> float:
    """B-cubed F1: per record, how much of its cluster is right and how much it found."""
    frame = pl.DataFrame({"p": predicted, "t": truth})
    n = frame.height
    joint = frame.group_by("p", "t").len().rename({"len": "pt"})
    per_p = frame.group_by("p").len().rename({"len": "np"})
    per_t = frame.group_by("t").len().rename({"len": "nt"})
    cells = joint.join(per_p, on="p").join(per_t, on="t")
    precision = float((cells["pt"] ** 2 / cells["np"]).sum()) / n
    recall = float((cells["pt"] ** 2 / cells["nt"]).sum()) / n
    return 2 * precision * recall / (precision + recall)


def blocked_pairs(
    features: pl.DataFrame,
    rules: Sequence[Sequence[str | tuple[str, str]]],
    across: pl.Series | None = None,
) -> pl.DataFrame:
    """The distinct pairs (`a` < `b` by row) that at least one equality rule lets through.

    A rule term is a column equal on both records, or a (left, right) pair of
    columns (left of one record equal to right of the other, either way
    round). With `across`, only pairs of records from different files count.
    """
    indexed = features.with_row_index("row")
    if across is not None:
        indexed = indexed.with_columns(across.alias("__across"))
    found = [pl.DataFrame(schema={"a": pl.UInt32, "b": pl.UInt32})]
    for rule in rules:
        terms = [(t, t) if isinstance(t, str) else tuple(t) for t in rule]
        keep = ["row", *(["__across"] if across is not None else [])]
        left = indexed.select(*keep, *(pl.col(a).alias(f"k{i}") for i, (a, _) in enumerate(terms)))
        right = indexed.select(*keep, *(pl.col(b).alias(f"k{i}") for i, (_, b) in enumerate(terms)))
        keys = [f"k{i}" for i in range(len(terms))]
        pairs = left.drop_nulls().join(right.drop_nulls(), on=keys, suffix="_r")
        if across is not None:
            pairs = pairs.filter(pl.col("__across") != pl.col("__across_r"))
        found.append(
            pairs.filter(pl.col("row") != pl.col("row_r")).select(
                a=pl.min_horizontal("row", "row_r"), b=pl.max_horizontal("row", "row_r")
            )
        )
    return pl.concat(found).unique()


def blocking(
    features: pl.DataFrame,
    rules: Sequence[Sequence[str | tuple[str, str]]],
    truth: pl.Series,
    across: pl.Series | None = None,
) -> tuple[float, float]:
    """Blocking recall (true pairs compared / all true pairs) and compared pairs per record."""
    pairs = blocked_pairs(features, rules, across)
    labels = truth.rename("t").to_frame().with_row_index("row")
    caught = (
        pairs.join(labels, left_on="a", right_on="row")
        .join(labels, left_on="b", right_on="row", suffix="_b")
        .filter(pl.col("t") == pl.col("t_b"))
        .height
    )
    true = _pairs(labels.group_by("t").len()["len"])
    recall = caught / true if true else 1.0
    return recall, pairs.height / features.height


def score(
    predicted: pl.Series,
    truth: pl.Series,
    *,
    blocking_figures: tuple[float, float] | None = None,
) -> Scores:
    """All figures for one method on one data set."""
    precision, recall, f1, pred, true = pairwise(predicted, truth)
    block_recall, per_record = blocking_figures or (None, None)
    return Scores(
        precision=precision,
        recall=recall,
        f1=f1,
        bcubed_f1=bcubed_f1(predicted, truth),
        true_pairs=true,
        predicted_pairs=pred,
        blocking_recall=block_recall,
        pairs_per_record=per_record,
    )
