"""No KK rules on whole rows (CLEAN's KK: kecamatan 637101, issued 1 January 2010, serial 1)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from datusoban.impor.rules import RuleContext
from datusoban.impor.rules import kk as kk_rules

KK = "6371010101100001"


@pytest.mark.parametrize(
    ("no_kk", "expected", "status", "norm"),
    [
        (KK, set(), "diterima", KK),
        (None, {"kk_kosong"}, "peringatan", None),
        (" ", {"kk_kosong"}, "peringatan", None),
        ("'" + KK, set(), "diterima", KK),
        (KK + ".0", set(), "diterima", KK),
        ("6371 0101 0110 0001", set(), "diterima", KK),
        ("6.37101E+15", {"kk_format"}, "karantina", None),
        ("637101010110000", {"kk_format"}, "karantina", None),
        ("637101010110000X", {"kk_format"}, "karantina", None),
        ("6371013201100001", {"kk_format"}, "karantina", None),
        ("6371010113100001", {"kk_format"}, "karantina", None),
        # A KK's day has no +40 for women.
        ("6371014101100001", {"kk_format"}, "karantina", None),
        ("6371010101100000", {"kk_format"}, "karantina", None),
        ("9999010101100001", {"kk_wilayah"}, "peringatan", "9999010101100001"),
        ("9999013201100001", {"kk_wilayah", "kk_format"}, "karantina", None),
    ],
)
def test_kk_rules(check, no_kk, expected, status, norm):
    row = check(no_kk=no_kk)
    assert (row["codes"], row["status"], row["no_kk_norm"]) == (expected, status, norm)


def test_an_issue_date_only_possible_after_as_of_is_malformed():
    early = RuleContext.default(date(2000, 1, 31))
    out = kk_rules.check(pl.Series(["6371012902000001", KK]), early)
    assert out["kk_format"].to_list() == [True, False]
    assert out["kk_tanggal_terbit"].to_list() == [None, date(1910, 1, 1)]
