"""Blocking never depends on one exact field: with no NIK and no region, one mistake still pairs."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.penautan.conftest import records

from datusoban.penautan.blocking import RULES
from datusoban.penautan.evaluation.metrics import blocked_pairs
from datusoban.penautan.features import prepare
from datusoban.penautan.name_features import sound_key

# Others around the pair, so that "where few share it" keys are exercised
# as they are in a file (a key held by two records only is always rare).
CROWD = [
    {"record_id": f"x{i}", "nama": name, "tanggal_lahir": f"19{50 + i}-0{1 + i % 9}-1{i % 9}"}
    for i, name in enumerate(["ANI SUSANTI", "BUDI HARTONO", "CITRA DEWI", "DEDI KURNIAWAN"])
]


def _paired(a: dict[str, str], b: dict[str, str]) -> bool:
    rows = [{**a, "record_id": "a"}, {**b, "record_id": "b"}, *CROWD]
    frame = records([{**r, "source": "s"} for r in rows])
    pairs = blocked_pairs(prepare(frame), RULES)
    return pairs.filter((pl.col("a") == 0) & (pl.col("b") == 1)).height == 1


PERSON = {"nama": "ROBERT FISCHER", "tanggal_lahir": "1961-03-14", "jenis_kelamin": "L"}


@pytest.mark.parametrize(
    "other",
    [
        {"tanggal_lahir": "1961-03-17"},  # day mistyped
        {"tanggal_lahir": "1961-08-14"},  # month mistyped
        {"tanggal_lahir": "1967-03-14"},  # year mistyped
        {"tanggal_lahir": "1961-14-03"},  # unreadable (month 14): no date at all
        {"tanggal_lahir": "1961-03-17", "nama": "ROBERT FISHER"},  # day and surname
        {"tanggal_lahir": "1961-03-17", "nama": "ROBRET FISCHER"},  # day and given name
        {"tanggal_lahir": "", "nama": "ROBERT FISCHRE"},  # no date, surname typo
        {"tanggal_lahir": "1916-03-14", "nama": "FISCHER ROBERT"},  # year, name order
    ],
    ids=["day", "month", "year", "no date", "day+surname", "day+given", "nodate+typo", "swap"],
)
def test_one_mistake_in_the_date_is_still_compared(other):
    assert _paired(PERSON, {**PERSON, **other})


def test_different_people_with_nothing_in_common_are_not_compared():
    assert not _paired(PERSON, {"nama": "SITI AMINAH", "tanggal_lahir": "1990-07-01"})


def test_common_keys_are_capped():
    # 30 records with one name and year: over the cap, the name-in-year key is
    # left out rather than making 435 pairs; exact-date rules still apply.
    rows = [
        {"source": "s", "record_id": str(i), "nama": "MUHAMMAD RIZKI",
         "tanggal_lahir": f"1995-{1 + i % 12:02d}-{1 + i % 28:02d}"}
        for i in range(30)
    ]  # fmt: skip
    features = prepare(records(rows))
    assert features["nama_in_year"].null_count() == 30
    assert features["sound_rare"].null_count() == 30


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("FISCHER", "FISHER", True), ("ZAINAL", "ZAENAL", True), ("HERMAWAN", "HERMAWAM", True),
     ("ASHCRAFT", "ASHCROFT", True), ("BUDI", "SITI", False)],
)  # fmt: skip
def test_sound_key(a, b, same):
    keys = pl.select(sound_key(pl.lit(a)).alias("a"), sound_key(pl.lit(b)).alias("b")).row(0)
    assert (keys[0] == keys[1]) is same
    assert len(keys[0]) == 4
