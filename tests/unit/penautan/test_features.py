"""Features: what the model compares, computed set-based and in agreement with identity."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from tests.unit.penautan.conftest import person, records

from datusoban.identity import parse_nik
from datusoban.penautan.features import prepare
from datusoban.penautan.nik_features import clean_nik

AS_OF = date(2025, 6, 30)


def features(**fields: str) -> dict:
    return prepare(records([person("s", "1", **fields)]), as_of=AS_OF).row(0, named=True)


@pytest.mark.parametrize(
    "nik",
    ["6371011506490001", "6371014408540001", "6301060101000001", "6371015102240003"],
)
def test_nik_decoding_agrees_with_identity(nik):
    decoded = parse_nik(nik, as_of=AS_OF)
    row = features(nik=nik)
    assert row["nik"] == nik
    assert row["tgl"] == decoded.birth_date.isoformat()  # no stated date: the NIK's
    assert row["jk"] == decoded.sex
    assert row["nik_ok"] is True


def test_nik_that_does_not_fit_its_record():
    # The mother's NIK (a woman born 1974) on her son's row (born 2010).
    row = features(nik="6371014408740001", tanggal_lahir="2010-05-21", jenis_kelamin="L")
    assert row["nik_ok"] is False
    assert row["tgl"] == "2010-05-21"  # the stated date wins


def test_placeholder_date_fits_a_nik_of_the_same_year():
    row = features(nik="6371014107600002", tanggal_lahir="01-07-1960")
    assert row["nik_ok"] is True
    assert row["tgl_weak"] is True


def test_spreadsheet_damage_is_cleaned_or_dropped():
    cleaned = clean_nik(pl.Series([" 6371011506490001 ", "'6371011506490001", "6,37101E+15", None]))
    assert cleaned.to_list() == ["6371011506490001", "6371011506490001", None, None]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("1995-03-12", "1995-03-12"), ("12-03-1995", "1995-03-12"), ("12/03/1995", "1995-03-12"),
     ("31/02/1995", None), ("kemarin", None)],
)  # fmt: skip
def test_date_formats(written, expected):
    assert features(tanggal_lahir=written)["tgl"] == expected


@pytest.mark.parametrize(("written", "sex"), [("L", "L"), ("LAKI-LAKI", "L"), ("perempuan", "P")])
def test_sex_written_out(written, sex):
    assert features(jenis_kelamin=written)["jk"] == sex


def test_names_and_region_hierarchy():
    row = features(nama="H. Moh. Rizky, S.Pd", nama_ibu_kandung="Siti Noorhayati")
    assert row["nama_key"] == "MUHAMMAD RIZKI"
    assert row["nama_given"] == "RIZKI"
    assert row["ibu_key"] == "SITI NUR HAYATI"
    assert (row["desa"], row["kec"], row["kab"]) == ("6371011012", "637101", "6371")
    coarse = features(kode_wilayah="63.71.01")
    assert (coarse["desa"], coarse["kec"]) == (None, "637101")


def _blocked_together(a: dict, b: dict) -> bool:
    from datusoban.penautan.blocking import RULES

    rows = prepare(records([person("s", "1", **a), person("s", "2", **b)]), as_of=AS_OF)
    left, right = rows.row(0, named=True), rows.row(1, named=True)
    return any(all(left[c] is not None and left[c] == right[c] for c in r) for r in RULES)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("5701396", "5701369"),  # two digits swapped
        ("3790868", "3790888"),  # one digit mistyped (an id that is no NIK)
        ("6371011203800001", "6371011203800010"),  # a NIK's serial swapped
    ],
)
def test_typed_identifiers_meet_despite_a_typo_whatever_else_differs(first, second):
    a = {"nik": first, "nama": "Amber Blackwell", "tanggal_lahir": "1986-03-25"}
    b = {"nik": second, "nama": "Rysn Callum", "tanggal_lahir": "1916-02-11"}
    assert _blocked_together(a, b)


def test_strangers_with_different_ids_names_and_dates_are_not_compared():
    a = {"nik": "5701396", "nama": "Amber Blackwell", "tanggal_lahir": "1986-03-25"}
    b = {"nik": "2206097", "nama": "Rysn Callum", "tanggal_lahir": "1916-02-11"}
    assert not _blocked_together(a, b)
