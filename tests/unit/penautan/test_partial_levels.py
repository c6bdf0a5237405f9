"""Comparison levels for what registers really differ in, with the shipped model.

A date one digit off or with day and month swapped is partial agreement; a
kab/kota-only code agrees with a full desa code of that kab/kota as far as it
goes; a foreign name is not pushed away from its variants by the
old-spelling rules.
"""

from __future__ import annotations

import pytest
from tests.unit.penautan.conftest import person, records

from datusoban.penautan import link_records
from datusoban.penautan.model import load_model

BASE = {
    "nik": "6371011403610001", "nama": "ROBERT FISCHER", "jenis_kelamin": "L",
    "tanggal_lahir": "1961-03-14", "nama_ibu_kandung": "MARIA", "alamat": "JL. MELATI 5",
}  # fmt: skip


def _pair_levels(other: dict[str, str]) -> dict[str, object]:
    rows = [person("a", "1", **BASE), person("b", "1", **{**BASE, **other})]
    pairs = link_records(records(rows)).pairs
    assert pairs.height == 1, "the same NIK, name and mother always score high"
    return pairs.row(0, named=True)


@pytest.mark.parametrize("written", ["1961-03-15", "1961-08-14", "1961-03-24", "1969-03-14"])
def test_a_date_one_digit_off_is_partial_agreement(written):
    row = _pair_levels({"tanggal_lahir": written})
    assert row["level_tgl"] == "one typo or day and month swapped"
    assert row["mw_tgl"] > 2


def test_day_and_month_swapped_is_partial_agreement():
    rows = [
        person("a", "1", **{**BASE, "tanggal_lahir": "1961-03-04"}),
        person("b", "1", **{**BASE, "tanggal_lahir": "1961-04-03"}),
    ]
    row = link_records(records(rows)).pairs.row(0, named=True)
    assert row["level_tgl"] == "one typo or day and month swapped"
    assert row["mw_tgl"] > 2


def test_kab_kota_only_code_agrees_with_a_desa_code_there():
    row = _pair_levels({"kode_wilayah": "63.71"})
    assert row["level_wilayah"] == "same kecamatan"
    assert row["mw_wilayah"] > -1


def test_a_foreign_name_keeps_its_one_typo_level():
    # FISCHER respelled is FISKHER: two edits from FISHER, one as written.
    row = _pair_levels({"nama": "ROBERT FISHER"})
    assert row["level_nama"] == "one typo"


def test_level_floors_hold_for_the_shipped_model():
    model = load_model()
    assert model.levels["tgl"]["one typo or day and month swapped"].weight > 2
