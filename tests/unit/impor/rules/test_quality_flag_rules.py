"""Warnings that doubt an accepted value, and the flags per field they leave on a record."""

from __future__ import annotations

import json

import polars as pl
import pytest

from datusoban.impor.rules import validate
from datusoban.impor.rules.field_flags import FIELD_FLAGS, flags_json, load_field_flags


def _warnings(frame, context) -> list[list[str]]:
    return validate(frame, context)["warnings"].to_list()


def test_a_nik_on_rows_of_different_people_is_flagged_on_each(frame_of, context):
    frame = frame_of(
        {},  # Siti, born 1985-07-05
        {"nama": "AHMAD HAIKAL", "jenis_kelamin": "L", "tanggal_lahir": "2014-12-31"},
        {"nik": "6371011203800001", "nama": "MOH. RIZKY", "tanggal_lahir": "1980-03-12",
         "jenis_kelamin": "L"},
    )  # fmt: skip
    flagged = ["nik_berulang" in w for w in _warnings(frame, context)]
    assert flagged == [True, True, False]


def test_one_person_written_two_ways_is_not_flagged(frame_of, context):
    # Another spelling of the name, or the same date in another layout: the same person.
    frame = frame_of({}, {"nama": "Siti  Aminah."}, {"tanggal_lahir": "05-07-1985"})
    assert not any("nik_berulang" in w for w in _warnings(frame, context))


def test_an_age_over_110_is_accepted_with_a_warning(check):
    # AS_OF is 2025-06-30.
    row = check(tanggal_lahir="1915-06-29", nik="6371016906150003")
    assert row["status"] == "peringatan" and "tanggal_usia_tidak_wajar" in row["warnings"]
    assert "tanggal_usia_tidak_wajar" not in check(tanggal_lahir="1915-07-01")["codes"]


def test_flags_name_the_fields_each_warning_doubts():
    warnings = pl.Series(
        [["tanggal_perkiraan", "kk_kosong", "nik_tanggal_beda"], [], None, ["nik_kosong"]],
        dtype=pl.List(pl.Utf8),
    )
    text = pl.select(flags_json(pl.lit(warnings))).to_series().to_list()
    assert [json.loads(t) for t in text] == [
        {"nik": ["nik_tanggal_beda"], "tanggal_lahir": ["nik_tanggal_beda", "tanggal_perkiraan"]},
        {},
        {},
        {},  # an empty value is not flagged: it never wins anyway
    ]


def test_every_flag_is_a_warning_with_a_label():
    assert {c for codes in FIELD_FLAGS.by_field.values() for c in codes} == set(FIELD_FLAGS.labels)
    assert FIELD_FLAGS.label("tanggal_perkiraan") == "tanggal perkiraan"


@pytest.mark.parametrize(
    ("toml", "complaint"),
    [
        ('[tanda_mutu]\nnik_format = { bidang = ["nik"], label = "x" }', "not a warning"),
        ('[tanda_mutu]\ntidak_ada = { bidang = ["nik"], label = "x" }', "not a warning"),
        ('[tanda_mutu]\nnik_wilayah = { bidang = ["umur"], label = "x" }', "unknown fields"),
        ('[tanda_mutu]\nnik_wilayah = ["nik"]', "bidang and label"),
    ],
)
def test_a_broken_flag_table_is_refused(toml, complaint):
    with pytest.raises(ValueError, match=complaint):
        load_field_flags(toml)


def test_flags_of_many_combinations_are_each_fields_doubting_codes_in_order():
    flagging = sorted({c for codes in FIELD_FLAGS.by_field.values() for c in codes})
    pool = [*flagging, "kk_kosong", "nik_kosong"]
    combos = [sorted(pool[j] for j in range(len(pool)) if i >> j & 1) for i in range(0, 1024, 7)]
    combos += [list(reversed(combos[-1])), None]
    warnings = pl.Series(combos, dtype=pl.List(pl.Utf8))
    text = pl.select(flags_json(pl.lit(warnings))).to_series().to_list()
    for combo, flags in zip(combos, text, strict=True):
        expected = {
            field: sorted(set(codes) & set(combo))
            for field, codes in FIELD_FLAGS.by_field.items()
            if combo and set(codes) & set(combo)
        }
        assert json.loads(flags) == expected
