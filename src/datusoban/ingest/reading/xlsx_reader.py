"""XLSX through fastexcel (calamine): every cell as text, the header found like a CSV's.

Cells come back as text: a date cell as "1985-07-05" (fastexcel writes
"1985-07-05 00:00:00"; the midnight is dropped, any other time kept) and a
number as fastexcel formats it, a trailing ".0" dropped (fastexcel 0.21
already writes 40.0 as "40"; the rule also turns a text cell "40.0" into
"40", the same number). A NIK typed into a number cell is already damaged in
the workbook itself: Excel keeps only 15 significant digits, so
6371014507850003 is stored as 6371014507850000 and shown as 6.37101E+15.
The reader leaves such text as it comes; the identity layer recognises and
reports it.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import fastexcel
import polars as pl

from datusoban.ingest.reading.detect import ZIP_MAGIC
from datusoban.ingest.reading.errors import ReadError
from datusoban.ingest.reading.header import find_header_row
from datusoban.ingest.reading.limits import HEADER_SEARCH_ROWS
from datusoban.ingest.reading.table import RawTable, assemble

_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"
_INTEGRAL_FLOAT = r"^(-?\d+)\.0$"


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old .xls, or an .xlsx encrypted with a password


def _broken(name: str, magic: bytes = ZIP_MAGIC) -> ReadError:
    if magic == _OLE_MAGIC:
        what = "berkas Excel .xls lama atau .xlsx yang dilindungi kata sandi"
        fix = "buka di Excel, hapus kata sandinya bila ada, lalu simpan ulang sebagai .xlsx"
    else:
        what = "rusak, atau berkas jenis lain yang diberi ekstensi .xlsx"
        fix = "buka di Excel lalu simpan ulang sebagai .xlsx atau sebagai CSV UTF-8"
    return ReadError(
        "xlsx_rusak", f"Berkas {name} bukan berkas Excel .xlsx yang utuh ({what}); {fix}."
    )


def open_workbook(path: Path) -> fastexcel.ExcelReader:
    """The workbook, or `xlsx_rusak` when the file is not a readable .xlsx."""
    with path.open("rb") as handle:
        magic = handle.read(len(ZIP_MAGIC))
    if magic != ZIP_MAGIC:
        raise _broken(path.name, magic)
    try:
        return fastexcel.read_excel(path)
    except fastexcel.FastExcelError:
        raise _broken(path.name) from None


def _load(reader: fastexcel.ExcelReader, name: str, sheet: str) -> tuple[pl.DataFrame, bool]:
    """The whole sheet as text, frame row i being Excel row i + 1, and whether it is visible."""
    try:
        # skip_rows=0 keeps the empty rows above the first filled cell, so
        # the frame's row index maps to the Excel row number.
        loaded = reader.load_sheet(sheet, header_row=None, dtypes="string", skip_rows=0)
        frame = loaded.to_polars()
    except fastexcel.FastExcelError:
        raise _broken(name) from None
    frame = frame.with_columns(
        pl.col(column)
        .str.replace(_MIDNIGHT, "${1}")
        .str.replace(_INTEGRAL_FLOAT, "${1}")
        .alias(column)
        for column in frame.columns
    )
    return frame, loaded.visible == "visible"


def _table(frame: pl.DataFrame, index: int, name: str, sheet: str) -> RawTable:
    return assemble(
        frame.slice(index + 1),
        frame.row(index),
        pl.int_range(index + 2, frame.height + 1, eager=True),
        file_name=name,
        header_row=index + 1,
        file_format="xlsx",
        sheet=sheet,
    )


def read_xlsx(path: Path, sheet: str | None, header_hint: Collection[str]) -> RawTable:
    """The chosen sheet, or else the first visible sheet with a header and a data row.

    A one-column sheet is read only when chosen, or when no sheet has a
    header of two or more columns: a cover sheet of notes is one column too.
    """
    name = path.name
    reader = open_workbook(path)
    names = list(reader.sheet_names)
    if sheet is not None and sheet not in names:
        raise ReadError(
            "lembar_tidak_ada",
            f"Lembar {sheet!r} tidak ada di berkas {name}; lembar yang ada: "
            f"{', '.join(repr(n) for n in names)}.",
        )
    header_only: ReadError | None = None
    one_column: tuple[pl.DataFrame, int, str] | None = None
    for candidate in [sheet] if sheet is not None else names:
        frame, visible = _load(reader, name, candidate)
        if sheet is None and not visible:
            continue  # hidden sheets hold drop-down lists and lookups, not the data
        head = frame.head(HEADER_SEARCH_ROWS).rows()
        index = find_header_row(head, header_hint)
        if index is None:
            single = find_header_row(head, header_hint, single_column=True)
            if single is not None and (sheet is not None or one_column is None):
                one_column = (frame, single, candidate)
            continue
        try:
            return _table(frame, index, name, candidate)
        except ReadError as err:
            if err.code != "tanpa_baris_data" or sheet is not None:
                raise
            header_only = header_only or err
    if one_column is not None:
        try:
            return _table(*one_column[:2], name, one_column[2])
        except ReadError as err:
            if err.code != "tanpa_baris_data" or sheet is not None:
                raise
            header_only = header_only or err
    if header_only is not None:
        raise header_only
    where = f"lembar {sheet!r}" if sheet is not None else "semua lembar"
    raise ReadError(
        "berkas_kosong",
        f"Berkas {name}: {where} kosong; periksa apakah berkas yang benar sudah dipilih.",
    )


def list_sheets(path: Path) -> list[str]:
    return list(open_workbook(path).sheet_names)
