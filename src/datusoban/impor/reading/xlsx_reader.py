"""XLSX through fastexcel (calamine): every cell as text, the header found like a CSV's.

Before the reader opens the workbook, the archive and its shared strings are
checked, and each sheet is scanned before it is loaded (workbook.py): a file
that would make the reader allocate past the limits is refused, naming the
sheet and the cell. The scan also finds the cells that hold formulas, which
the table carries (RawTable.formulas) so that the import can refuse to take
a computed value as data.

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

import dataclasses
from collections.abc import Collection
from pathlib import Path

import fastexcel
import numpy as np
import polars as pl

from datusoban.impor.reading.detect import ZIP_MAGIC
from datusoban.impor.reading.errors import ReadError
from datusoban.impor.reading.header import find_header_row
from datusoban.impor.reading.limits import HEADER_SEARCH_ROWS
from datusoban.impor.reading.table import RawTable, assemble
from datusoban.impor.reading.workbook import CheckedWorkbook
from datusoban.impor.reading.xml_sheet import SheetScan

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


def _checked(path: Path) -> CheckedWorkbook:
    """The workbook's archive and shared strings checked; `xlsx_rusak` when it is no .xlsx."""
    with path.open("rb") as handle:
        magic = handle.read(len(ZIP_MAGIC))
    if magic != ZIP_MAGIC:
        raise _broken(path.name, magic)
    return CheckedWorkbook(path)


def _open(path: Path) -> fastexcel.ExcelReader:
    try:
        return fastexcel.read_excel(path)
    except fastexcel.FastExcelError:
        raise _broken(path.name) from None


def _load(reader: fastexcel.ExcelReader, name: str, sheet: str) -> tuple[pl.DataFrame, list[int]]:
    """The whole sheet as text, frame row i being Excel row i + 1, and the Excel column
    (1-based) of each frame column."""
    try:
        # skip_rows=0 keeps the empty rows above the first filled cell, so
        # the frame's row index maps to the Excel row number.
        loaded = reader.load_sheet(sheet, header_row=None, dtypes="string", skip_rows=0)
        frame = loaded.to_polars()
        columns = [column.absolute_index + 1 for column in loaded.available_columns()]
    except fastexcel.FastExcelError:
        raise _broken(name) from None
    frame = frame.with_columns(
        pl.col(column)
        .str.replace(_MIDNIGHT, "${1}")
        .str.replace(_INTEGRAL_FLOAT, "${1}")
        .alias(column)
        for column in frame.columns
    )
    return frame, columns


def _formulas(scan: SheetScan, table: RawTable, columns: list[int]) -> pl.DataFrame:
    """The formula cells of the scan that fall in the table: (Excel row, column name)."""
    cells = scan.formula_cells()
    if cells.shape[0] == 0:
        return table.formulas
    names = dict(zip(columns, table.frame.columns, strict=False))
    keep = np.isin(cells[:, 1], list(names)) & (cells[:, 0] > table.header_row)
    cells = cells[keep]
    return pl.DataFrame(
        {
            "baris": pl.Series(cells[:, 0], dtype=pl.Int64),
            "kolom": pl.Series([names[int(c)] for c in cells[:, 1]], dtype=pl.Utf8),
        }
    )


def _table(
    frame: pl.DataFrame, index: int, name: str, sheet: str, columns: list[int], scan: SheetScan
) -> RawTable:
    table = assemble(
        frame.slice(index + 1),
        frame.row(index),
        pl.int_range(index + 2, frame.height + 1, eager=True),
        file_name=name,
        header_row=index + 1,
        file_format="xlsx",
        sheet=sheet,
    )
    return dataclasses.replace(table, formulas=_formulas(scan, table, columns))


def read_xlsx(path: Path, sheet: str | None, header_hint: Collection[str]) -> RawTable:
    """The chosen sheet, or else the first visible sheet with a header and a data row.

    A one-column sheet is read only when chosen, or when no sheet has a
    header of two or more columns: a cover sheet of notes is one column too.
    """
    name = path.name
    with _checked(path) as book:
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise ReadError(
                "lembar_tidak_ada",
                f"Lembar {sheet!r} tidak ada di berkas {name}; lembar yang ada: "
                f"{', '.join(repr(n) for n in names)}.",
            )
        reader = _open(path)
        header_only: ReadError | None = None
        one_column: tuple[pl.DataFrame, int, str, list[int], SheetScan] | None = None
        for candidate in [sheet] if sheet is not None else names:
            if sheet is None and not book.visible(candidate):
                continue  # hidden sheets hold drop-down lists and lookups, not the data
            scan = book.check_sheet(candidate)
            frame, columns = _load(reader, name, candidate)
            head = frame.head(HEADER_SEARCH_ROWS).rows()
            index = find_header_row(head, header_hint)
            if index is None:
                single = find_header_row(head, header_hint, single_column=True)
                if single is not None and (sheet is not None or one_column is None):
                    one_column = (frame, single, candidate, columns, scan)
                continue
            try:
                return _table(frame, index, name, candidate, columns, scan)
            except ReadError as err:
                if err.code != "tanpa_baris_data" or sheet is not None:
                    raise
                header_only = header_only or err
        if one_column is not None:
            frame, single, chosen, columns, scan = one_column
            try:
                return _table(frame, single, name, chosen, columns, scan)
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
    with _checked(path) as book:
        return book.sheet_names
