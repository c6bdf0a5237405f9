"""NIK/KK building blocks."""

from __future__ import annotations

from datetime import date

import numpy as np

from datusoban.synth import ids

EPOCH = date(1970, 1, 1)


def days(*d: date) -> np.ndarray:
    return np.array([(x - EPOCH).days for x in d])


def test_ddmmyy_adds_40_to_the_day_for_women():
    d = days(date(1985, 3, 7), date(2001, 12, 31))
    assert list(ids.ddmmyy(d)) == [70385, 311201]
    assert list(ids.ddmmyy(d, np.array([True, False]))) == [470385, 311201]


def test_rank_within_counts_equal_keys_in_order():
    assert list(ids.rank_within(np.array([5, 3, 5, 5, 3, 9]))) == [0, 0, 1, 2, 1, 0]


def test_serials_are_unique_per_region_and_date_and_banded():
    region = np.array([630101, 630101, 630101, 630102, 630101])
    date6 = np.array([10185, 10185, 10185, 10185, 10185])
    home = np.array([True, True, False, True, False])
    serial = ids.serials(region, date6, home, foreign_start=6000, band=100)
    assert list(serial) == [1, 2, 6000, 1, 6001]
    nums = ids.number(region, date6, serial)
    assert len(set(nums)) == len(nums)
    assert ids.to_text(nums, "nik")[0] == "6301010101850001"


def test_age_in_completed_years():
    as_of = (date(2025, 6, 30) - EPOCH).days
    got = ids.age_years(days(date(2019, 6, 30), date(2019, 7, 1), date(1960, 1, 1)), as_of)
    assert list(got) == [6, 5, 65]
