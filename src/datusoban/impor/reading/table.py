"""RawTable: a file read as text, before any profile gives its columns meaning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from datusoban.impor.reading.errors import ReadError, number
from datusoban.impor.reading.header import column_names
from datusoban.impor.reading.invisible import strip_invisible, without_invisible
from datusoban.impor.reading.limits import MAX_CELL_BYTES, MAX_COLUMNS

# The formula cells of a table that has none (every CSV).
FORMULAS_NONE = pl.DataFrame(schema={"baris": pl.Int64, "kolom": pl.Utf8})


# eq=False: comparing two tables would compare DataFrames element-wise, which
# has no single truth value; a table is equal only to itself.
@dataclass(frozen=True, eq=False)
class RawTable:
    """A table of text as the operator wrote it, with the row numbers they see.

    `frame` has one pl.Utf8 column per header name (stripped; an empty name
    becomes "kolom_<n>", a repeated one "<name> (2)"); blank cells are null.
    `headers` are the header cells as written (stripped), one per column, so
    that a repeated name can be told from a column really called "nama (2)".
    Invisible characters (invisible.py) are gone from cells and headers.
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
    headers: tuple[str, ...] = ()
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
    many columns remain, a cell is longer than MAX_CELL_BYTES or no data row
    remains.
    """
    body = _checked_text(body, row_numbers, header_cells, file_name)
    body = body.with_columns(_blank_to_null(column) for column in body.columns)
    cells = [without_invisible(cell) if cell else cell for cell in header_cells[: body.width]]
    cells += [None] * (body.width - len(cells))
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
    headers = tuple((cell or "").strip() for cell in cells[:keep])
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
        headers=headers,
    )


def _checked_text(
    body: pl.DataFrame,
    row_numbers: pl.Series,
    header_cells: Sequence[str | None],
    file_name: str,
) -> pl.DataFrame:
    """`body` without invisible characters; ReadError for a cell over MAX_CELL_BYTES.

    One pass of byte and character lengths per column tells both: a cell's
    length, and whether the column holds any non-ASCII text at all.
    """
    if not body.width or not body.height:
        return body
    lengths = body.select(
        *(pl.col(c).str.len_bytes().max().alias(f"max{i}") for i, c in enumerate(body.columns)),
        *(
            (pl.col(c).str.len_bytes().sum() - pl.col(c).str.len_chars().sum()).alias(f"wide{i}")
            for i, c in enumerate(body.columns)
        ),
    ).row(0)
    width = body.width
    for i, longest in enumerate(lengths[:width]):
        if longest is not None and longest > MAX_CELL_BYTES:
            at = body[body.columns[i]].str.len_bytes().gt(MAX_CELL_BYTES).arg_true()[0]
            line = int(row_numbers[at])
            named = header_cells[i] if i < len(header_cells) and header_cells[i] else f"ke-{i + 1}"
            raise ReadError(
                "sel_terlalu_panjang",
                f"Berkas {file_name}: baris {line}, kolom {named!r} berisi teks sepanjang "
                f"{number(longest / 1024)} KiB; batas satu sel {MAX_CELL_BYTES // 1024} KiB "
                "(Excel sendiri berhenti pada 32.767 karakter). Periksa sel itu; sel sepanjang "
                'ini biasanya akibat tanda kutip (") yang tidak ditutup, sehingga banyak baris '
                "tergabung menjadi satu sel.",
                row=line,
            )
    wide = [c for c, extra in zip(body.columns, lengths[width:], strict=True) if extra]
    return strip_invisible(body, wide)
