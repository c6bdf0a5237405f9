"""Evaluation metrics on examples small enough to count by hand."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.penautan.evaluation.metrics import bcubed_f1, blocking, pairwise, score

# Truth: {a b c} {d e} {f}. Predicted: {a b} {c d e} {f}.
TRUTH = pl.Series(["1", "1", "1", "2", "2", "3"])
PREDICTED = pl.Series(["x", "x", "y", "y", "y", "z"])


def test_pairwise_precision_recall_f1():
    # True pairs: ab ac bc de (4). Predicted: ab cd ce de (4). Both: ab de (2).
    precision, recall, f1, predicted, true = pairwise(PREDICTED, TRUTH)
    assert (predicted, true) == (4, 4)
    assert precision == pytest.approx(0.5)
    assert recall == pytest.approx(0.5)
    assert f1 == pytest.approx(0.5)


def test_bcubed():
    # Precision per record: a 1, b 1, c 1/3, d 2/3, e 2/3, f 1 -> 14/18.
    # Recall per record: a 2/3, b 2/3, c 1/3, d 1, e 1, f 1 -> 14/18.
    assert bcubed_f1(PREDICTED, TRUTH) == pytest.approx(14 / 18)


def test_perfect_and_empty_predictions():
    perfect = score(TRUTH, TRUTH)
    assert (perfect.precision, perfect.recall, perfect.f1, perfect.bcubed_f1) == (1, 1, 1, 1)
    singletons = score(pl.Series([str(i) for i in range(6)]), TRUTH)
    assert singletons.recall == 0 and singletons.predicted_pairs == 0


def test_blocking_recall_and_pairs_per_record():
    features = pl.DataFrame({"k": ["p", "p", "q", "q", "q", None]})
    # Pairs: ab (p), cd ce de (q): 4 pairs over 6 records; true pairs found: ab, de.
    recall, per_record = blocking(features, [("k",)], TRUTH)
    assert recall == pytest.approx(2 / 4)
    assert per_record == pytest.approx(4 / 6)


def test_blocking_with_swapped_columns_and_across_files():
    features = pl.DataFrame(
        {
            "given": ["ann", "lee", "ann", "bo"],
            "surname": ["lee", "ann", "lee", "bo"],
            "file": ["a", "b", "a", "b"],
        }
    )
    truth = pl.Series(["1", "1", "2", "3"])
    # given = surname either way round: rows 0-1 and 1-2 (and 3 with itself, not a pair).
    swapped = [(("given", "surname"), ("surname", "given"))]
    recall, per_record = blocking(features, swapped, truth)
    assert recall == 1.0 and per_record == pytest.approx(2 / 4)
    # Equal given name: rows 0-2, within file a, so not compared when linking across files.
    same = [("given",)]
    assert blocking(features, same, truth)[1] == pytest.approx(1 / 4)
    recall, per_record = blocking(features, same, truth, across=features["file"])
    assert (recall, per_record) == (0.0, 0.0)
