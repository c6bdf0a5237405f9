"""Exact duplicates: every canonical column equal (nulls too); `_row` and extra columns ignored."""

from __future__ import annotations

import polars as pl

from datusoban.ingest.rules import validate
from datusoban.ingest.rules.validate import validate_slices


def test_copies_point_at_the_first_row_whatever_their_errors(frame_of, context):
    same = {"record_id": "X", "nama": None}
    frame = frame_of(same, {}, same, same)
    out = validate(frame, context)
    assert out["duplicate_of"].to_list() == [None, None, 2, 2]
    assert out["status"].to_list() == ["karantina", "diterima", "duplikat", "duplikat"]
    assert out["errors"].to_list()[2] == ["nama_kosong"]


def test_nulls_are_equal_and_whitespace_is_not(frame_of, context):
    frame = frame_of(
        {"record_id": "X", "nik": None},
        {"record_id": "X", "nik": None},
        {"record_id": "X", "nik": None, "alamat": "JL. A. YANI KM 2 NO. 5 "},
    )
    out = validate(frame, context)
    assert out["duplicate_of"].to_list() == [None, 2, None]
    assert out["status"].to_list() == ["peringatan", "duplikat", "karantina"]
    assert out["errors"].to_list()[2] == ["record_id_ganda"]


def test_row_numbers_and_extra_columns_do_not_count(frame_of, context):
    frame = frame_of({"record_id": "X"}, {"record_id": "X"}).with_columns(
        _row=pl.Series([40, 7]), tahun_data=pl.Series(["2024", "2025"])
    )
    out = validate(frame, context)
    assert out["duplicate_of"].to_list() == [None, 40]


def test_the_first_row_is_first_in_file_order(frame_of, context):
    frame = frame_of({"record_id": "X"}, {"record_id": "X"}).with_columns(_row=pl.Series([9, 3]))
    assert validate(frame, context)["duplicate_of"].to_list() == [None, 9]


def test_slices_see_copies_and_reused_ids_across_their_boundaries(frame_of, context):
    same = {"record_id": "X", "nama": "ANI"}
    frame = frame_of(same, {"record_id": "Y"}, same, {"record_id": "X", "nama": "BUDI"}, same)
    whole = validate(frame, context)
    parts = list(validate_slices(frame, context, size=2))
    assert [p.height for p in parts] == [2, 2, 1]
    assert pl.concat(parts).equals(whole)
    assert whole["duplicate_of"].to_list() == [None, None, 2, None, 2]
    assert whole["errors"].to_list()[3] == ["record_id_ganda"]
