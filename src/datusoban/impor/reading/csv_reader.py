"""CSV: bytes to UTF-8, line checks, delimiter and header from a sample, then one polars read.

Python looks only at the first records (to sniff the delimiter and find the
header); every data row is parsed by polars. Rows with more fields than the
header, and files the line scan and polars disagree about, take a slower
path through the csv module, only to name the right line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

import numpy as np
import polars as pl

from datusoban.impor.reading.detect import (
    FieldTooLongError,
    csv_failure,
    delimiter_name,
    refuse_binary,
    sniff_delimiter,
    to_utf8,
)
from datusoban.impor.reading.errors import ReadError, number
from datusoban.impor.reading.header import find_header_row
from datusoban.impor.reading.limits import (
    HEADER_SEARCH_ROWS,
    MAX_CELL_BYTES,
    MAX_COLUMNS,
    MAX_LINE_BYTES,
)
from datusoban.impor.reading.lines import Lines, scan
from datusoban.impor.reading.table import RawTable, assemble

_SAMPLE_RECORDS = 50  # records the delimiter is sniffed from
_SAMPLE_MAX_BYTES = 8 << 20  # even when a stray quote makes "50 records" the whole file
_NOT_SPACE = re.compile(rb"\S")
_BOM_BYTES = 3


def read_csv(path: Path, data: bytes, header_hint: Collection[str]) -> RawTable:
    """Read CSV bytes (already checked for size) as a RawTable."""
    try:
        return _read(path.name, data, header_hint)
    except FieldTooLongError as err:
        raise ReadError(
            "sel_terlalu_panjang",
            f"Berkas {path.name}: baris {err.line} berisi sel yang lebih panjang dari "
            f"{MAX_CELL_BYTES // 1024} KiB; Excel sendiri berhenti pada 32.767 karakter per "
            'sel. Periksa baris itu; sel sepanjang ini biasanya akibat tanda kutip (") yang '
            "tidak ditutup, sehingga banyak baris tergabung menjadi satu sel.",
            row=err.line,
        ) from None


def _read(name: str, data: bytes, header_hint: Collection[str]) -> RawTable:
    refuse_binary(name, data)
    data, encoding = to_utf8(name, data)
    if not _NOT_SPACE.search(data, _BOM_BYTES if encoding == "utf-8-sig" else 0):
        raise ReadError(
            "berkas_kosong",
            f"Berkas {name} kosong (hanya berisi spasi atau baris kosong); "
            "periksa apakah berkas yang benar sudah dipilih.",
        )
    data = _line_ends(data)
    lines = scan(data)
    too_long = lines.first_longer_than(MAX_LINE_BYTES)
    if too_long is not None:
        line, length = too_long
        raise ReadError(
            "baris_terlalu_panjang",
            f"Berkas {name}: baris {line} panjangnya {number(length / 2**20, 1)} MiB, melebihi "
            f"batas {MAX_LINE_BYTES // 2**20} MiB per baris; berkas tampaknya bukan CSV biasa. "
            "Simpan ulang sebagai CSV UTF-8 atau XLSX.",
            row=line,
        )
    records = lines.record_lines()
    end = lines.start(int(records[_SAMPLE_RECORDS])) if records.size > _SAMPLE_RECORDS else None
    sample = data[: min(end or lines.size, _SAMPLE_MAX_BYTES)]
    sample_text = sample.decode("utf-8-sig", errors="replace")
    delimiter = sniff_delimiter(sample_text)

    head = _first_records(name, sample_text, delimiter)
    index = find_header_row([cells for _, _, cells in head], header_hint, single_column=True)
    if index is None:
        raise ReadError(
            "berkas_kosong",
            f"Berkas {name} tidak berisi data (semua sel kosong); "
            "periksa apakah berkas yang benar sudah dipilih.",
        )
    header_line, header_last_line, header_cells = head[index]
    data_line = header_last_line + 1
    width = _width(name, header_cells)
    body = _parse(name, data, lines, delimiter, data_line, width, header_line)
    row_numbers = _row_numbers(records, data, lines, delimiter, data_line, body.height)
    return assemble(
        body,
        header_cells,
        row_numbers,
        file_name=name,
        header_row=header_line,
        file_format="csv",
        encoding=encoding,
        delimiter=delimiter,
    )


def _line_ends(data: bytes) -> bytes:
    """`data` with line feeds ending its lines, also when it was written with bare CRs.

    Old Mac programs end each line with a CR alone (and may add an LF at the
    very end, or inside a quoted cell). When CRs that are not part of a CR LF
    and not inside quotes outnumber the LFs outside quotes, they are the line
    ends and become LFs; otherwise a bare CR is cell text and stays.
    """
    if b"\r" not in data:
        return data
    array = np.frombuffer(data, np.uint8)
    quotes = np.flatnonzero(array == ord('"'))
    cr = np.flatnonzero(array == ord("\r"))
    cr = cr[(cr + 1 >= array.size) | (array[np.minimum(cr + 1, array.size - 1)] != ord("\n"))]
    bare = cr[np.searchsorted(quotes, cr) % 2 == 0]
    if bare.size == 0:
        return data
    lf = np.flatnonzero(array == ord("\n"))
    if bare.size <= int((np.searchsorted(quotes, lf) % 2 == 0).sum()):
        return data
    fixed = array.copy()
    fixed[bare] = ord("\n")
    return fixed.tobytes()


def _records(
    text: str, delimiter: str, first_line: int = 1
) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each record of `text`, which starts at `first_line`
    of the file; lines counted from 1 relative to `text`. A field over the csv module's
    limit raises FieldTooLongError with the file's line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    before = 0
    try:
        for cells in reader:
            yield before + 1, reader.line_num, cells
            before = reader.line_num
    except csv.Error as err:
        raise csv_failure(err, first_line + before) from None


def _first_records(name: str, sample: str, delimiter: str) -> list[tuple[int, int, list[str]]]:
    head: list[tuple[int, int, list[str]]] = []
    try:
        for record in _records(sample, delimiter):
            head.append(record)
            if len(head) == HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        line = head[-1][1] + 1 if head else 1
        raise _unreadable(name, line) from None
    return head


def _width(name: str, header_cells: Sequence[str]) -> int:
    """Columns to read: the whole header, or only its named part when that alone fits."""
    named = max((i + 1 for i, cell in enumerate(header_cells) if cell.strip()), default=0)
    if named > MAX_COLUMNS:
        raise ReadError(
            "kolom_terlalu_banyak",
            f"Berkas {name} memiliki {named} kolom; batas {MAX_COLUMNS}. "
            "Hapus kolom yang tidak diperlukan lalu unggah ulang.",
        )
    # A header row ending in hundreds of empty cells (rows formatted to the
    # sheet's edge before export): read the named columns, and let the
    # ragged-row check make sure nothing was written past them.
    return len(header_cells) if len(header_cells) <= MAX_COLUMNS else named


def _polars(data: bytes, delimiter: str, skip: int, width: int, truncate: bool) -> pl.DataFrame:
    return pl.read_csv(
        data,
        has_header=False,
        separator=delimiter,
        quote_char='"',
        skip_lines=skip,
        schema={f"c{i}": pl.String for i in range(width)},
        infer_schema=False,
        raise_if_empty=False,
        # polars takes the width from the first row it reads: a short (or
        # blank) first row must not shorten the schema, and a long one may
        # only be cut when truncating.
        missing_columns="insert",
        truncate_ragged_lines=truncate,
        extra_columns="ignore" if truncate else "raise",
    )


def _parse(
    name: str,
    data: bytes,
    lines: Lines,
    delimiter: str,
    data_line: int,
    width: int,
    header_line: int,
) -> pl.DataFrame:
    try:
        return _polars(data, delimiter, data_line - 1, width, truncate=False)
    except pl.exceptions.PolarsError as err:
        # "n_extra": the first row read is wider than the schema; "more
        # fields": a later one is. Anything else is a broken file.
        if "n_extra" not in str(err) and "more fields" not in str(err):
            raise _malformed(name, lines) from None
    # Some record has more fields than the header: refuse it if any surplus
    # field holds text; surplus empty fields (a trailing delimiter) are harmless.
    text = data[lines.start(data_line) :].decode("utf-8")
    try:
        for first, _, cells in _records(text, delimiter, data_line):
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                line = data_line + first - 1
                used = max(i for i, cell in enumerate(cells) if cell.strip()) + 1
                raise ReadError(
                    "baris_tidak_rata",
                    f"Berkas {name}: baris {line} berisi {used} kolom, sedangkan judul "
                    f"kolom di baris {header_line} hanya {width} kolom; periksa pemisah "
                    f"({delimiter_name(delimiter)}) dan tanda kutip di baris itu: teks yang memuat "
                    "pemisah harus diapit tanda kutip.",
                    row=line,
                )
    except csv.Error:
        raise _malformed(name, lines) from None
    try:
        return _polars(data, delimiter, data_line - 1, width, truncate=True)
    except pl.exceptions.PolarsError:
        raise _malformed(name, lines) from None


def _row_numbers(
    records: np.ndarray, data: bytes, lines: Lines, delimiter: str, data_line: int, height: int
) -> pl.Series:
    """Line number of each parsed row: from the line scan, or, if it miscounted, the csv module."""
    found = records[records >= data_line]
    if found.size != height:
        # A stray quote inside an unquoted field fooled the quote count.
        text = data[lines.start(data_line) :].decode("utf-8")
        try:
            records = _records(text, delimiter, data_line)
            starts = [data_line + first - 1 for first, _, _ in records]
        except csv.Error:
            starts = []
        found = np.asarray(starts, dtype=np.int64)
        if found.size != height:  # parsers disagree: number the rows one per line
            found = np.arange(data_line, data_line + height, dtype=np.int64)
    # Through a list, not the array itself: Polars' NumPy path imports numpy.ma (0.04 s of
    # every import command), and a list of even a million numbers takes less.
    return pl.Series("baris", found.tolist(), dtype=pl.Int64)


def _unreadable(name: str, line: int) -> ReadError:
    return ReadError(
        "csv_rusak",
        f'Berkas {name}: baris {line} tidak dapat dibaca sebagai CSV; periksa tanda kutip (") '
        "di baris itu lalu simpan ulang sebagai CSV UTF-8.",
        row=line,
    )


def _malformed(name: str, lines: Lines) -> ReadError:
    if lines.ends_inside_quotes:
        line = int(lines.record_lines()[-1])
        return ReadError(
            "csv_rusak",
            f'Berkas {name}: tanda kutip (") yang dibuka di baris {line} tidak pernah ditutup; '
            "perbaiki baris itu lalu simpan ulang sebagai CSV UTF-8.",
            row=line,
        )
    return ReadError(
        "csv_rusak",
        f'Berkas {name} tidak dapat dibaca sebagai CSV; periksa tanda kutip (") dan pemisah '
        "kolom, lalu simpan ulang sebagai CSV UTF-8.",
    )
