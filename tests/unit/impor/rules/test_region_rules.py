"""kode_wilayah rules on whole rows."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.impor.rules import RuleContext


@pytest.mark.parametrize(
    ("written", "expected", "norm"),
    [
        ("63.71.01.1001", set(), "63.71.01.1001"),
        ("6371011001", set(), "63.71.01.1001"),
        (" 6371011001 ", set(), "63.71.01.1001"),
        ("'6371011001", set(), "63.71.01.1001"),
        ("637101", set(), "63.71.01"),
        ("6371", set(), "63.71"),
        ("63.71", set(), "63.71"),
        ("63", set(), "63"),
        ("11.01", set(), "11.01"),
        (None, {"wilayah_kosong"}, None),
        ("", {"wilayah_kosong"}, None),
        ("63.71.01.9999", {"wilayah_tidak_ada"}, None),
        ("63-71-01-1001", {"wilayah_tidak_ada"}, None),
        ("63710110", {"wilayah_tidak_ada"}, None),
        ("Banjarmasin Timur", {"wilayah_tidak_ada"}, None),
    ],
)
def test_region_rules(check, written, expected, norm):
    row = check(kode_wilayah=written)
    assert (row["codes"], row["kode_wilayah_norm"]) == (expected, norm)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("63.71.01.1001", set()),
        ("63.71", set()),
        ("6371011001", set()),
        ("63.72.02.1003", {"wilayah_luar_kabkota"}),
        ("63", {"wilayah_luar_kabkota"}),
        ("11.01", {"wilayah_luar_kabkota"}),
        ("63.71.01.9999", {"wilayah_tidak_ada"}),
        (None, {"wilayah_kosong"}),
    ],
)
def test_a_kabkota_source_stays_inside_its_kabkota(check, written, expected):
    kota = RuleContext.default(date(2025, 6, 30), source_kabkota="63.71")
    row = check(context=kota, kode_wilayah=written)
    assert row["codes"] == expected


@pytest.mark.parametrize("bad", ["6371", "63.71.01", "Banjarmasin", ""])
def test_source_kabkota_must_be_a_dotted_kabkota_code(bad):
    with pytest.raises(ValueError, match="source_kabkota"):
        RuleContext.default(date(2025, 6, 30), source_kabkota=bad)
