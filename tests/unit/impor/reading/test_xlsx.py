"""XLSX workbooks as offices send them: cover sheets, title rows, numbers and dates in cells."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl
import pytest

from datusoban.impor.reading import ReadError, read_table, sheet_names

HEADER = ["nik", "nama", "tanggal_lahir"]
COVER = {(0, 0): "Daftar penerima bantuan", (1, 0): "Sumber: Dinas Sosial Kab. Banjar"}


def grid(lines: Sequence[Sequence[Any]], top: int = 0) -> dict[tuple[int, int], Any]:
    """Rows of values (None = no cell) from 0-based row `top` as workbook cells."""
    return {
        (top + r, c): value
        for r, line in enumerate(lines)
        for c, value in enumerate(line)
        if value is not None
    }


def test_cover_sheet_then_data_sheet(workbook):
    path = workbook({"Keterangan": COVER, "Data": grid([HEADER, ["1", "Siti", "05-07-1985"]])})
    table = read_table(path)
    assert (table.file_format, table.sheet, table.encoding, table.delimiter) == (
        "xlsx",
        "Data",
        None,
        None,
    )
    assert table.frame.columns == HEADER
    assert table.frame.rows() == [("1", "Siti", "05-07-1985")]
    assert table.row_numbers.to_list() == [2]
    assert sheet_names(path) == ["Keterangan", "Data"]


def test_title_rows_above_the_header(workbook):
    cells = grid(
        [
            ["DAFTAR KPM PKH KAB. BANJAR 2025"],
            [],
            ["Keadaan Juni 2025"],
            HEADER,
            ["1", "Siti", "x"],
            [None, "  ", None],
            ["2", "Ani", None],
        ],
        top=2,
    )
    table = read_table(workbook({"Sheet1": cells}))
    assert table.header_row == 6  # Excel row numbers, counted from the top of the sheet
    assert table.frame.rows() == [("1", "Siti", "x"), ("2", "Ani", None)]
    assert table.row_numbers.to_list() == [7, 9]
    assert all(dtype == pl.String for dtype in table.frame.dtypes)


def test_numeric_nik_cells(workbook):
    lines = [
        ["nik", "umur", "berat"],
        [6371014507850003, 40, 55.5],
        [6.37101450785e15, 41.0, -3],  # as Excel keeps it: 15 significant digits
        ["6371014507850004", "40", "0812"],
    ]
    table = read_table(workbook({"Data": grid(lines)}))
    assert table.frame.rows() == [
        ("6371014507850003", "40", "55.5"),
        ("6371014507850000", "41", "-3"),  # precision lost in the workbook itself
        ("6371014507850004", "40", "0812"),
    ]


def test_date_cells(workbook):
    lines = [
        ["nama", "tanggal_lahir", "dicatat"],
        ["Siti", datetime(1985, 7, 5), datetime(2025, 6, 30, 13, 45)],
    ]
    table = read_table(workbook({"Data": grid(lines)}))
    assert table.frame.row(0) == ("Siti", "1985-07-05", "2025-06-30 13:45:00")


def test_sheet_chooses(workbook):
    path = workbook(
        {
            "Keterangan": COVER,
            "PKH": grid([HEADER, ["1", "Siti", "x"]]),
            "BPNT": grid([HEADER, ["2", "Ani", "y"], ["3", "Budi", "z"]]),
        }
    )
    assert read_table(path).sheet == "PKH"
    bpnt = read_table(path, sheet="BPNT")
    assert (bpnt.sheet, bpnt.frame.height) == ("BPNT", 2)
    cover = read_table(path, sheet="Keterangan")  # one column, but asked for
    assert cover.frame.columns == ["Daftar penerima bantuan"]


def test_unknown_sheet(workbook):
    path = workbook({"Keterangan": COVER, "Data": grid([HEADER, ["1", "Siti", "x"]])})
    with pytest.raises(ReadError) as caught:
        read_table(path, sheet="Lembar1")
    assert caught.value.code == "lembar_tidak_ada"
    assert "'Lembar1'" in caught.value.message
    assert "'Keterangan', 'Data'" in caught.value.message


def test_hidden_sheets_are_passed_over(workbook):
    path = workbook(
        {
            "Pilihan": grid([["kode", "nama"], ["L", "Laki-laki"]]),
            "Data": grid([HEADER, [1, 2, 3]]),
        },
        hidden=["Pilihan"],
    )
    assert read_table(path).sheet == "Data"
    assert read_table(path, sheet="Pilihan").frame.height == 1


def test_header_only_sheet_is_passed_over_but_reported(workbook):
    path = workbook({"Template": grid([HEADER]), "Data": grid([HEADER, ["1", "Siti", "x"]])})
    assert read_table(path).sheet == "Data"
    with pytest.raises(ReadError) as caught:
        read_table(workbook({"Template": grid([HEADER])}, name="template.xlsx"))
    assert caught.value.code == "tanpa_baris_data"
    assert caught.value.row == 1
    assert "'Template'" in caught.value.message


def test_empty_workbook(workbook):
    with pytest.raises(ReadError) as caught:
        read_table(workbook({"Sheet1": {}, "Sheet2": {(3, 3): "  "}}))
    assert caught.value.code == "berkas_kosong"


def test_one_column_workbook_when_nothing_else(workbook):
    table = read_table(workbook({"Data": grid([["nik"], ["6371014507850003"]])}))
    assert table.frame.columns == ["nik"]


def test_too_many_columns(workbook):
    cells = grid([[f"k{i}" for i in range(250)], list(range(250))])
    with pytest.raises(ReadError) as caught:
        read_table(workbook({"Data": cells}))
    assert caught.value.code == "kolom_terlalu_banyak"
    assert "memiliki 250 kolom; batas 200" in caught.value.message
