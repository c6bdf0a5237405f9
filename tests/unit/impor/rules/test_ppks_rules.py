"""PPKS rules on whole rows (CLEAN: a woman of 39 on as_of), and agreement with PPKS.allows."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datusoban.impor.rules import ppks as ppks_rules
from datusoban.reference.catalogue import ppks_categories

AS_OF = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("written", "expected", "norm"),
    [
        (None, set(), None),
        ("24", set(), [24]),
        (" 24 ; 21 ,", set(), [21, 24]),
        ("24,24", set(), [24]),
        ("023", set(), [23]),
        ("9", set(), [9]),  # disability is not in the interchange format: not checked
        ("8", {"ppks_usia"}, [8]),
        ("1,24", {"ppks_usia"}, [1, 24]),
        ("27", {"ppks_kode"}, []),
        ("0", {"ppks_kode"}, []),
        ("24, Fakir Miskin", {"ppks_kode"}, [24]),
        ("2.0", {"ppks_kode"}, []),
        ("-24", {"ppks_kode"}, []),
    ],
)
def test_ppks_rules(check, written, expected, norm):
    row = check(ppks=written)
    assert (row["codes"], row["ppks_norm"]) == (expected, norm)


def test_sex_constraint(check):
    row = check(ppks="23", jenis_kelamin="L", nik="6371010507850003")
    assert row["codes"] == {"ppks_jenis_kelamin"}
    assert check(ppks="23", jenis_kelamin=None)["codes"] == {"jk_kosong"}


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        ("2007-07-02", set()),  # 17 on as_of: still a child
        ("2007-06-30", {"ppks_usia"}),  # 18 on as_of
        (None, {"tanggal_lahir_kosong"}),  # age unknown: no age error
        ("2030-01-01", {"tanggal_masa_depan"}),  # no usable date: age unknown
    ],
)
def test_age_is_whole_years_on_as_of(check, born, expected):
    row = check(ppks="2", tanggal_lahir=born, nik=None)
    assert row["codes"] - {"nik_kosong"} == expected


CODES = [c.kode for c in ppks_categories()]


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.lists(st.sampled_from(CODES), min_size=1, max_size=3),
            st.integers(0, 110),
            st.sampled_from(["L", "P"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_constraints_agree_with_the_catalogue(people):
    """No ppks_usia/ppks_jenis_kelamin exactly when PPKS.allows holds for every listed category
    (disability taken as present: it is not in the interchange format)."""
    by_code = {c.kode: c for c in ppks_categories()}
    born = [AS_OF.replace(year=AS_OF.year - age) - timedelta(days=1) for _, age, _ in people]
    out = ppks_rules.check(
        pl.Series([",".join(map(str, codes)) for codes, _, _ in people]),
        pl.Series(born, dtype=pl.Date),
        pl.Series([sex for _, _, sex in people]),
        AS_OF,
    )
    for (codes, age, sex), row in zip(people, out.iter_rows(named=True), strict=True):
        cats = [by_code[c] for c in codes]
        # allows() checks age and sex together; give each category what it wants of the other.
        age_ok = all(c.allows(age, c.jenis_kelamin or sex, True) for c in cats)
        sex_ok = all(c.allows(c.usia_min or 0, sex, True) for c in cats)
        assert (row["ppks_usia"], row["ppks_jenis_kelamin"]) == (not age_ok, not sex_ok)
        both_ok = all(c.allows(age, sex, True) for c in cats)
        assert both_ok == (not row["ppks_usia"] and not row["ppks_jenis_kelamin"])
