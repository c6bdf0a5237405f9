"""NIK rules on whole rows: codes, statuses and nik_norm (CLEAN is a woman born 5 July 1985)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from datusoban.impor.rules import RuleContext
from datusoban.impor.rules import nik as nik_rules

NIK = "6371014507850003"

# (nik as written, codes of the row, status, nik_norm)
TABLE = [
    (NIK, set(), "diterima", NIK),
    (None, {"nik_kosong"}, "peringatan", None),
    ("", {"nik_kosong"}, "peringatan", None),
    ("  ", {"nik_kosong"}, "peringatan", None),
    ("'", {"nik_kosong"}, "peringatan", None),
    ("- . -", {"nik_kosong"}, "peringatan", None),
    ("6.37101E+15", {"nik_notasi_ilmiah"}, "karantina", None),
    ("6,37101E+15", {"nik_notasi_ilmiah"}, "karantina", None),
    ("6371014507850003E0", {"nik_notasi_ilmiah"}, "karantina", None),
    ("637101450785000", {"nik_format"}, "karantina", None),
    ("63710145078500031", {"nik_format"}, "karantina", None),
    ("6371O14507850003", {"nik_format"}, "karantina", None),
    ("NIK 6371014507850003", {"nik_format"}, "karantina", None),
    ("6371014507850003.000", {"nik_format"}, "karantina", None),
    # Excel and typing forms are cleaned as identity cleans them.
    ("'6371014507850003", set(), "diterima", NIK),
    ("\u2019" + NIK, set(), "diterima", NIK),
    ("6371014507850003.0", set(), "diterima", NIK),
    ("6371014507850003,00", set(), "diterima", NIK),
    ("63.71.01.450785.0003", set(), "diterima", NIK),
    ("6371-0145-0785-0003", set(), "diterima", NIK),
    ("6371 0145 0785 0003", set(), "diterima", NIK),
    ("\u00a06371014507850003\n", set(), "diterima", NIK),
    ("６３７１０１４５０７８５０００３", set(), "diterima", NIK),
    # Encoded date and serial.
    ("6371014513850003", {"nik_tanggal"}, "karantina", None),
    ("6371014500850003", {"nik_tanggal"}, "karantina", None),
    ("6371017207850003", {"nik_tanggal"}, "karantina", None),
    ("6371014007850003", {"nik_tanggal"}, "karantina", None),
    ("6371010007850003", {"nik_tanggal"}, "karantina", None),
    ("6371016902010003", {"nik_tanggal"}, "karantina", None),
    ("6371014507850000", {"nik_serial"}, "karantina", None),
    ("6371014513850000", {"nik_tanggal", "nik_serial"}, "karantina", None),
    # Region: a warning; the NIK is still usable.
    ("9999014507850003", {"nik_wilayah"}, "peringatan", "9999014507850003"),
    ("9999014507850000", {"nik_wilayah", "nik_serial"}, "karantina", None),
    # Against the stated sex and birth date.
    ("6371010507850003", {"nik_jk_beda"}, "peringatan", "6371010507850003"),
    ("6371014607850003", {"nik_tanggal_beda"}, "peringatan", "6371014607850003"),
    ("6371014507860003", {"nik_tanggal_beda"}, "peringatan", "6371014507860003"),
    ("6371010607850003", {"nik_tanggal_beda", "nik_jk_beda"}, "peringatan", "6371010607850003"),
]


@pytest.mark.parametrize(("nik", "expected", "status", "norm"), TABLE)
def test_nik_rules(check, nik, expected, status, norm):
    row = check(nik=nik)
    assert (row["codes"], row["status"], row["nik_norm"]) == (expected, status, norm)


# (stated birth date, NIK) -> codes: a placeholder stated date is compared by year only.
@pytest.mark.parametrize(
    ("stated", "nik", "expected"),
    [
        ("1985-07-01", NIK, {"tanggal_perkiraan"}),
        ("31-12-1985", NIK, {"tanggal_perkiraan"}),
        ("1985-01-01", NIK, {"tanggal_perkiraan"}),
        ("1986-07-01", NIK, {"tanggal_perkiraan", "nik_tanggal_beda"}),
        ("1985-07-02", NIK, {"nik_tanggal_beda"}),
        # The NIK's year has no century: 1925 and 2025 are both "25".
        ("1925-06-01", "6371014106250003", set()),
        # No usable stated date: nothing to compare with.
        (None, NIK, {"tanggal_lahir_kosong"}),
        ("2026-07-05", NIK, {"tanggal_masa_depan"}),
        ("5 Juli 1985", NIK, {"tanggal_format"}),
    ],
)
def test_nik_birth_date_against_the_stated_one(check, stated, nik, expected):
    assert check(tanggal_lahir=stated, nik=nik)["codes"] == expected


def test_no_sex_comparison_without_a_stated_sex(check):
    assert check(nik="6371010507850003", jenis_kelamin=None)["codes"] == {"jk_kosong"}


def test_a_29_february_that_only_comes_after_as_of_is_an_impossible_date():
    # identity calls this nik_masa_depan; here it is nik_tanggal.
    early = RuleContext.default(date(2000, 1, 31))
    assert date(2000, 2, 29) > early.as_of
    out = nik_rules.check(pl.Series(["6371016902000001"]), early).row(0, named=True)
    assert out["nik_tanggal"] and out["nik_norm"] is None


def test_century_follows_as_of(context):
    out = nik_rules.check(pl.Series(["6303010107250001", "6303013006250001"]), context)
    assert out["nik_tanggal_lahir"].to_list() == [date(1925, 7, 1), date(2025, 6, 30)]
    assert out["nik_jenis_kelamin"].to_list() == ["L", "L"]
