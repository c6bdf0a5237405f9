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


def blocked_pairs(features: pl.DataFrame, rules: Sequence[Sequence[str]]) -> pl.DataFrame:
    """The distinct pairs (`a` < `b` by row) that at least one equality rule lets through."""
    indexed = features.with_row_index("row")
    found = []
    for rule in rules:
        keys = indexed.select("row", *rule).drop_nulls()
        pairs = (
            keys.join(keys, on=list(rule), suffix="_r")
            .filter(pl.col("row") < pl.col("row_r"))
            .select(a="row", b="row_r")
        )
        found.append(pairs)
    return pl.concat(found).unique()


def blocking(
    features: pl.DataFrame, rules: Sequence[Sequence[str]], truth: pl.Series
) -> tuple[float, float]:
    """Blocking recall (true pairs compared / all true pairs) and compared pairs per record."""
    pairs = blocked_pairs(features, rules)
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
