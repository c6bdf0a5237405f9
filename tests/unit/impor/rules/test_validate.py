"""validate(): the frame it returns, and one status per row that adds up."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datusoban.impor.rules import CANONICAL, RULES, STATUSES, validate

OUTPUT_SCHEMA = {
    "nik_norm": pl.Utf8,
    "no_kk_norm": pl.Utf8,
    "jenis_kelamin_norm": pl.Utf8,
    "tanggal_lahir_norm": pl.Date,
    "tanggal_lahir_perkiraan": pl.Boolean,
    "kode_wilayah_norm": pl.Utf8,
    "ppks_norm": pl.List(pl.Int8),
    "errors": pl.List(pl.Utf8),
    "warnings": pl.List(pl.Utf8),
    "duplicate_of": pl.Int64,
    "status": pl.Utf8,
}


def test_a_clean_row_is_accepted_with_its_normal_forms(check, clean_row):
    row = check(kode_wilayah="6371011001", ppks="24", jenis_kelamin="perempuan")
    assert row["status"] == "diterima"
    assert (row["errors"], row["warnings"], row["duplicate_of"]) == ([], [], None)
    assert row["nik_norm"] == clean_row["nik"]
    assert row["no_kk_norm"] == clean_row["no_kk"]
    assert row["jenis_kelamin_norm"] == "P"
    assert row["tanggal_lahir_norm"] == date(1985, 7, 5)
    assert row["tanggal_lahir_perkiraan"] is False
    assert row["kode_wilayah_norm"] == "63.71.01.1001"
    assert row["ppks_norm"] == [24]


def test_input_passes_through_and_outputs_follow(frame_of, context):
    frame = frame_of({}, {"nik": None}).with_columns(
        tahun_data=pl.Series([2024, 2025]), desil=pl.Series(["1", None])
    )
    out = validate(frame, context)
    assert out.columns == [*frame.columns, *OUTPUT_SCHEMA]
    assert out.select(frame.columns).equals(frame)
    assert dict(out.select(*OUTPUT_SCHEMA).schema) == OUTPUT_SCHEMA


def test_codes_are_sorted_and_split_by_severity(check):
    row = check(nama=None, record_id=None, nik="123", no_kk=None, jenis_kelamin=None)
    assert row["errors"] == ["nama_kosong", "nik_format", "record_id_kosong"]
    assert row["warnings"] == ["jk_kosong", "kk_kosong"]
    assert all(RULES[c].severity == "error" for c in row["errors"])
    assert all(RULES[c].severity == "warning" for c in row["warnings"])


def test_a_column_the_source_lacks_counts_as_empty(frame_of, context):
    frame = frame_of({}).drop("no_kk", "ppks", "tempat_lahir")
    out = validate(frame, context)
    assert out.columns == [*frame.columns, *OUTPUT_SCHEMA]
    assert out.row(0, named=True)["warnings"] == ["kk_kosong"]


def test_an_empty_frame(frame_of, context):
    out = validate(frame_of({}).clear(), context)
    assert out.height == 0
    assert dict(out.select(*OUTPUT_SCHEMA).schema) == OUTPUT_SCHEMA


def test_null_typed_columns_are_read_as_empty(context):
    frame = pl.DataFrame({c: [None] for c in CANONICAL} | {"_row": [2]})
    row = validate(frame, context).row(0, named=True)
    assert row["status"] == "karantina"
    assert row["errors"] == ["nama_kosong", "record_id_kosong"]


def test_row_numbers_are_required(frame_of, context):
    with pytest.raises(ValueError, match="_row"):
        validate(frame_of({}).drop("_row"), context)


def test_output_names_may_not_be_taken(frame_of, context):
    with pytest.raises(ValueError, match="status"):
        validate(frame_of({}).with_columns(status=pl.lit("baru")), context)


# Values that trip every rule now and then, and often pass.
POOL = {
    "record_id": ["R-1", "R-2", "R-3", None, " "],
    "nik": ["6371014507850003", "6371010507850003", "'6371014507850003", "6.37101E+15",
            "637101450785000", "6371014513850003", "6371014507850000", "9999014507850003", None],
    "no_kk": ["6371010101100001", "6371013201100001", "9999010101100001", None],
    "nama": ["SITI AMINAH", "BUDI", "=1+1", None],
    "jenis_kelamin": ["P", "L", "Laki-laki", "X", None],
    "tempat_lahir": ["BANJARMASIN", None],
    "tanggal_lahir": ["1985-07-05", "01-07-1985", "2010-03-04", "2030-01-01", "1985-02-30",
                      "1850-01-02", None],
    "nama_ibu_kandung": ["FATIMAH", None],
    "hubungan_keluarga": ["Istri", "Anak"],
    "alamat": ["JL. A. YANI", "@x"],
    "rt": ["001"],
    "rw": ["002"],
    "kode_wilayah": ["63.71.01.1001", "6371", "63.99", None],
    "ppks": [None, "24", "1", "8,23", "99"],
}  # fmt: skip


@st.composite
def frames(draw) -> pl.DataFrame:
    rows = draw(
        st.lists(
            st.fixed_dictionaries({c: st.sampled_from(v) for c, v in POOL.items()}), max_size=25
        )
    )
    # Copies of earlier rows, so duplicates and reused ids are common.
    copies = draw(st.lists(st.integers(0, max(len(rows) - 1, 0)), max_size=5)) if rows else []
    rows = rows + [rows[i] for i in copies]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(CANONICAL, pl.Utf8))
    order = draw(st.permutations(range(frame.height)))
    return frame[list(order)].with_columns(_row=pl.int_range(2, frame.height + 2, dtype=pl.Int64))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames())
def test_statuses_reconcile(frame, context):
    out = validate(frame, context)
    assert out.height == frame.height
    counts = dict(out.group_by("status").len().iter_rows())
    assert set(counts) <= set(STATUSES)
    assert sum(counts.values()) == frame.height
    assert out["status"].null_count() == 0
    for row in out.iter_rows(named=True):
        if row["duplicate_of"] is not None:
            expected = "duplikat"
        elif row["errors"]:
            expected = "karantina"
        elif row["warnings"]:
            expected = "peringatan"
        else:
            expected = "diterima"
        assert row["status"] == expected
        assert row["errors"] == sorted(set(row["errors"]))
        assert row["warnings"] == sorted(set(row["warnings"]))
    # Duplicates point at an earlier, identical row that is not itself a duplicate.
    first = {r["_row"]: r for r in out.iter_rows(named=True)}
    for row in out.filter(pl.col("duplicate_of").is_not_null()).iter_rows(named=True):
        original = first[row["duplicate_of"]]
        assert original["duplicate_of"] is None
        assert all(original[c] == row[c] for c in CANONICAL)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames())
def test_rows_are_judged_as_if_alone_except_for_the_cross_row_rules(frame, context):
    """The set-based run gives each row what a one-row run gives it (record_id_ganda,
    nik_berulang and duplicates aside): no result lands on the wrong row."""
    together = validate(frame, context).drop("duplicate_of", "status")
    for i in range(frame.height):
        alone = validate(frame[i], context).drop("duplicate_of", "status").row(0, named=True)
        row = together.row(i, named=True)
        row["errors"] = [c for c in row["errors"] if c != "record_id_ganda"]
        row["warnings"] = [c for c in row["warnings"] if c != "nik_berulang"]
        assert row == alone
