"""What the mapping refuses or flags: a header written twice, and formula cells in used columns."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from datusoban.impor.mapping import map_table
from datusoban.impor.profiles import shipped_profiles
from datusoban.impor.reading import RawTable, ReadError
from datusoban.impor.rules import RuleContext, validate

ROW = {
    "record_id": "R-1",
    "nik": "6371014507850003",
    "nama": "SITI AMINAH",
    "jenis_kelamin": "P",
    "tanggal_lahir": "1985-07-05",
    "kode_wilayah": "63.71.01.1001",
}


def raw(
    columns: dict[str, list[str | None]],
    formulas: list[tuple[int, str]] = (),
    headers: tuple[str, ...] | None = None,
) -> RawTable:
    frame = pl.DataFrame(columns, schema={name: pl.Utf8 for name in columns})
    return RawTable(
        frame=frame,
        row_numbers=pl.Series("baris", range(2, frame.height + 2), dtype=pl.Int64),
        file_name="data.xlsx",
        file_format="xlsx",
        encoding=None,
        delimiter=None,
        sheet="Data",
        header_row=1,
        headers=headers if headers is not None else tuple(columns),
        formulas=pl.DataFrame(
            {"baris": [b for b, _ in formulas], "kolom": [k for _, k in formulas]},
            schema={"baris": pl.Int64, "kolom": pl.Utf8},
        ),
    )


def codes(table: RawTable, profile: str = "interchange") -> list[list[str]]:
    mapped = map_table(table, shipped_profiles()[profile])
    checked = validate(mapped.frame, RuleContext.default(date(2025, 6, 30)))
    return checked["errors"].to_list()


def two_rows(**extra: list[str | None]) -> dict[str, list[str | None]]:
    second = {**ROW, "record_id": "R-2", "nik": "6371010101900001", "nama": "BUDI",
              "jenis_kelamin": "L", "tanggal_lahir": "1990-01-01"}  # fmt: skip
    return {k: [ROW[k], second[k]] for k in ROW} | extra


def test_a_formula_in_a_used_column_quarantines_its_row_naming_the_column():
    table = raw(two_rows(), formulas=[(3, "nama"), (2, "nik")])
    assert codes(table) == [["rumus_excel_nik"], ["rumus_excel_nama"]]


def test_a_formula_in_a_column_the_profile_does_not_use_is_left_alone():
    table = raw(two_rows(umur=["40", "35"]), formulas=[(2, "umur"), (3, "umur")])
    assert codes(table) == [[], []]


def test_a_formula_in_a_region_name_column_counts_for_the_region_code():
    columns = {
        "nik": ["6371014507850003"], "nama": ["SITI"], "provinsi": ["KALIMANTAN SELATAN"],
        "kabupaten_kota": ["KOTA BANJARMASIN"], "kecamatan": ["BANJARMASIN UTARA"],
        "desa_kelurahan": ["ALALAK UTARA"], "id_art": ["A-1"],
    }  # fmt: skip
    table = raw(columns, formulas=[(2, "desa_kelurahan")])
    assert "rumus_excel_kode_wilayah" in codes(table, "siks-ng")[0]


def test_a_formula_in_an_extra_column_of_the_profile_has_its_own_code():
    table = raw(two_rows(desil=["1", "2"]), formulas=[(3, "desil")])
    assert codes(table, "dtsen") == [[], ["rumus_excel_lain"]]


@pytest.mark.parametrize("second", ["nama", "NAMA", "Nama "])
def test_a_used_header_written_twice_is_refused(second):
    columns = two_rows() | {"nama (2)": ["X", "Y"]}
    headers = (*ROW, second)
    with pytest.raises(ReadError) as caught:
        map_table(raw(columns, headers=headers), shipped_profiles()["interchange"])
    assert caught.value.code == "kolom_ganda"
    assert "'nama' ada 2 kali (kolom ke-3, ke-7)" in caught.value.message


def test_an_unused_header_written_twice_is_kept_as_received():
    columns = two_rows() | {"catatan": ["a", "b"], "catatan (2)": ["c", "d"]}
    mapped = map_table(
        raw(columns, headers=(*ROW, "catatan", "catatan")), shipped_profiles()["interchange"]
    )
    assert mapped.unmapped == ["catatan", "catatan (2)"]
