"""RawTable: a file read as text, before any profile gives its columns meaning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from datusoban.ingest.reading.errors import ReadError
from datusoban.ingest.reading.header import column_names
from datusoban.ingest.reading.limits import MAX_COLUMNS

# The formula cells of a table that has none (every CSV).
FORMULAS_NONE = pl.DataFrame(schema={"baris": pl.Int64, "kolom": pl.Utf8})


# eq=False: comparing two tables would compare DataFrames element-wise, which
# has no single truth value; a table is equal only to itself.
@dataclass(frozen=True, eq=False)
class RawTable:
    """A table of text as the operator wrote it, with the row numbers they see.

    `frame` has one pl.Utf8 column per header name (stripped; an empty name
    becomes "kolom_<n>", a repeated one "<name> (2)"); blank cells are null.
    `row_numbers[i]` is the line (CSV) or Excel row of `frame` row i, so a
    message can say "baris 17". `formulas` lists the cells that hold a
    formula in the workbook (XLSX only; their text is the value Excel last
    computed, or nothing): one row per cell, its "baris" and its "kolom" (the
    column name in `frame`).
    """

    frame: pl.DataFrame
    row_numbers: pl.Series
    file_name: str
    file_format: str  # "csv" or "xlsx"
    encoding: str | None  # "utf-8", "utf-8-sig" or "cp1252"; CSV only
    delimiter: str | None  # CSV only
    sheet: str | None  # XLSX only
    header_row: int  # 1-based line or Excel row of the header
    formulas: pl.DataFrame = field(default_factory=lambda: FORMULAS_NONE)


def _blank_to_null(column: str) -> pl.Expr:
    # strip_chars() strips Unicode whitespace too (NBSP, ideographic space).
    return pl.when(pl.col(column).str.strip_chars() != "").then(pl.col(column)).alias(column)


def assemble(
    body: pl.DataFrame,
    header_cells: Sequence[str | None],
    row_numbers: pl.Series,
    *,
    file_name: str,
    header_row: int,
    file_format: str,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> RawTable:
    """The rows under a header as a RawTable: blank cells null, empty rows and columns gone.

    `body` holds the data rows (every column Utf8, in file order) and
    `row_numbers` their line or Excel row numbers. Raises ReadError when too
    many columns remain or no data row does.
    """
    body = body.with_columns(_blank_to_null(column) for column in body.columns)
    cells = list(header_cells[: body.width]) + [None] * (body.width - len(header_cells))
    nulls = body.null_count().row(0) if body.width else ()
    keep = body.width
    while keep and not (cells[keep - 1] or "").strip() and nulls[keep - 1] == body.height:
        keep -= 1
    if keep > MAX_COLUMNS:
        raise ReadError(
            "kolom_terlalu_banyak",
            f"Berkas {file_name} memiliki {keep} kolom; batas {MAX_COLUMNS}. "
            "Hapus kolom yang tidak diperlukan lalu unggah ulang.",
        )
    frame = body.select(body.columns[:keep])
    frame.columns = column_names(cells[:keep])
    filled = frame.select(pl.any_horizontal(pl.all().is_not_null())).to_series()
    if not filled.all():
        frame, row_numbers = frame.filter(filled), row_numbers.filter(filled)
    if frame.height == 0:
        where = f"Lembar {sheet!r} di berkas {file_name}" if sheet else f"Berkas {file_name}"
        raise ReadError(
            "tanpa_baris_data",
            f"{where} hanya berisi judul kolom (baris {header_row}) tanpa baris data; "
            "periksa apakah berkas atau lembar yang benar sudah dipilih.",
            row=header_row,
        )
    return RawTable(
        frame=frame,
        row_numbers=row_numbers.cast(pl.Int64).alias("baris"),
        file_name=file_name,
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        header_row=header_row,
    )
