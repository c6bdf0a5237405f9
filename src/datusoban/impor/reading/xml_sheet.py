"""A worksheet scanned before the reader loads it: last row, filled columns, text, formulas.

Two ways, one answer, as ``xml_scan`` tells: numpy over byte windows for the usual files,
expat for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from datusoban.impor.reading.limits import EXCEL_COLUMNS, MAX_SHEET_ROWS
from datusoban.impor.reading.xml_scan import (
    BANG,
    DECLARATION,
    ENDS_NAME,
    GT,
    IS_WHITESPACE,
    QUOTE,
    SLASH,
    SPACE,
    BrokenXmlError,
    NotCanonicalError,
    SheetEndError,
    UnsafeXmlError,
    expat,
    parse_ref,
    prefixed,
    refuse_declarations,
    table,
    windows,
)
from datusoban.impor.reading.xml_strings import SharedStrings

_FAR = MAX_SHEET_ROWS + 1  # stands for "beyond Excel's grid" (a row of 8 or more digits)
_DIGIT0 = ord("0")
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.\-]*:)?sheetData[\s>/]")
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']*)[\"']"
)


@dataclass
class SheetScan:
    """What one worksheet holds, as the reader will see it (rows and columns 1-based)."""

    dimension: str | None = None
    rows: int = 0  # the last filled row
    first_column: int = 0
    last_column: int = 0
    cells: int = 0  # filled cells
    text_bytes: int = 0  # text the filled cells will hold
    last_row_cell: tuple[int, int] | None = None  # a filled cell on the last filled row
    last_column_cell: tuple[int, int] | None = None  # a filled cell in the last filled column
    formulas: list[np.ndarray] = field(default_factory=list)  # (n, 2) int64 arrays of (row, col)
    exact: bool = False  # scanned with expat

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1 if self.last_column else 0

    def formula_cells(self) -> np.ndarray:
        """Every cell holding a formula, (row, column), one row each."""
        if not self.formulas:
            return np.zeros((0, 2), np.int64)
        return np.concatenate(self.formulas)

    def _filled(self, rows: np.ndarray, cols: np.ndarray) -> None:
        if rows.size == 0:
            return
        self.cells += int(rows.size)
        top = int(rows.argmax())
        if rows[top] > self.rows:
            self.rows = int(rows[top])
            self.last_row_cell = (int(rows[top]), int(cols[top]))
        right = int(cols.argmax())
        if cols[right] > self.last_column:
            self.last_column = int(cols[right])
            self.last_column_cell = (int(rows[right]), int(cols[right]))
        low = int(cols.min())
        self.first_column = low if not self.first_column else min(self.first_column, low)


def scan_sheet(
    chunks: Callable[[], Iterator[bytes]],
    strings: SharedStrings,
    check: Callable[[SheetScan], None],
    *,
    exact: bool = False,
) -> SheetScan:
    """Scan one worksheet part; `check(scan)` runs after every window (and at the end) so
    that a sheet over a limit is refused as soon as that is known. `exact`: with expat
    only, as for unusual markup (the tests compare the two ways)."""
    if not exact:
        try:
            return _fast_sheet(chunks(), strings, check)
        except NotCanonicalError:
            pass
    return _expat_sheet(chunks(), strings, check)


def _letter(values: np.ndarray) -> np.ndarray:
    upper = values & 0xDF
    return (upper >= ord("A")) & (upper <= ord("Z"))


def _numbers(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The decimal number at the start of each row of `block` (bytes): (value, digit count)."""
    digits = block - np.uint8(_DIGIT0)  # wraps around below "0": not a digit either
    is_digit = digits < 10
    width = block.shape[1]
    count = np.where(is_digit.all(axis=1), width, is_digit.argmin(axis=1))
    value = np.zeros(block.shape[0], np.int64)
    for j in range(width):
        going = count > j
        if not going.any():
            break
        value = np.where(going, value * 10 + digits[:, j], value)
    return value, count


# First bytes after "<" that the window classification looks at: a cell, a
# value, a formula, inline text, a declaration.
_FIRST = table(b"cvft!")
_HEAD = 24  # bytes of a tag copied out: "<c r=" + 3 letters + 8 digits + quote fits


def _fast_sheet(
    chunks: Iterator[bytes], strings: SharedStrings, check: Callable[[SheetScan], None]
) -> SheetScan:
    scan = SheetScan()
    last_cell: tuple[int, int] | None = None  # the cell the next formula tag belongs to
    started = False
    for buf, array, tags in windows(chunks, _SHEET_DATA):
        if not started:
            refuse_declarations(array, tags)
            opened = _SHEET_DATA.search(buf, 0, int(tags[-1]))
            if opened is None:
                raise NotCanonicalError  # sheetData not in the first window after all
            dimension = _DIMENSION.search(buf, 0, opened.start())
            scan.dimension = dimension.group(1).decode("ascii", "replace") if dimension else None
            tags = tags[tags >= opened.end() - 1]
            started = True
            if tags.size < 2:
                continue
        if prefixed(array, tags, b"cvftirs"):
            raise NotCanonicalError
        last_cell, ended = _fast_window(buf, array, tags, strings, scan, last_cell)
        check(scan)
        if ended:
            break
    check(scan)
    return scan


def _fast_window(
    buf: bytes,
    array: np.ndarray,
    tags: np.ndarray,
    strings: SharedStrings,
    scan: SheetScan,
    last_cell: tuple[int, int] | None,
) -> tuple[tuple[int, int] | None, bool]:
    """Classify one window's tags into `scan`; (the last cell seen, whether </sheetData> came).

    The tags that matter are copied out as rows of _HEAD bytes (one gather
    through a sliding view, far cheaper than indexing byte by byte), and
    read column by column.
    """
    ended = False
    closed = buf.find(b"</sheetData", int(tags[0]), int(tags[-1]))
    if closed >= 0:
        # The reader stops here (the prefix, if any, is gone: see windows).
        tags, ended = tags[tags <= closed], True
    cur, after = tags[:-1], tags[1:]
    pick = np.flatnonzero(_FIRST[array[cur + 1]])
    n1 = array[cur[pick] + 1]
    n2 = array[cur[pick] + 2]
    if ((n1 == BANG) & DECLARATION[n2]).any():
        raise UnsafeXmlError

    is_c = n1 == ord("c")
    if (is_c & ENDS_NAME[n2] & (n2 != SPACE)).any():
        raise NotCanonicalError  # <c> without attributes: positions follow the order of cells
    cell_at = pick[is_c & (n2 == SPACE)]
    rows = cols = np.zeros(0, np.int64)
    if cell_at.size:
        cell = np.lib.stride_tricks.sliding_window_view(array, _HEAD)[cur[cell_at]]
        if not ((cell[:, 3] == ord("r")) & (cell[:, 4] == ord("=")) & (cell[:, 5] == QUOTE)).all():
            raise NotCanonicalError  # r is not the first attribute
        # The bytes around the next tag: how this cell's tag ends, and what follows it.
        around = np.lib.stride_tricks.sliding_window_view(array, 6)[after[cell_at] - 2]
        if not (around[:, 1] == GT).all():
            raise NotCanonicalError  # text or whitespace between a cell's tag and the next
        empty = (around[:, 0] == SLASH) | (
            (around[:, 3] == SLASH) & (around[:, 4] == ord("c")) & (around[:, 5] == GT)
        )
        if not _letter(cell[:, 6]).all():
            raise NotCanonicalError
        two = _letter(cell[:, 7])
        three = two & _letter(cell[:, 8])
        beyond = three & _letter(cell[:, 9])  # four letters: past column XFD
        up = [(cell[:, k] & 0xDF).astype(np.int64) - 64 for k in (6, 7, 8)]
        cols = np.where(
            three, up[0] * 676 + up[1] * 26 + up[2], np.where(two, up[0] * 26 + up[1], up[0])
        )
        cols = np.where(beyond, EXCEL_COLUMNS + 1, cols)
        # The digits start after the letters: line them up (most columns have one letter).
        digits_block = cell[:, 7:16].copy()
        if two.any():
            digits_block[two] = cell[two, 8:17]
        if three.any():
            digits_block[three] = cell[three, 9:18]
        rows, digits = _numbers(digits_block[:, :8])
        closes = digits_block[np.arange(digits.size), digits] == QUOTE
        far = (digits == 8) | beyond  # a row of 8 digits or more: past Excel's grid
        if not (closes | far).all() or (rows[~far] == 0).any():
            raise NotCanonicalError  # a reference the reader refuses: expat will say so
        rows = np.where(far, np.maximum(rows, _FAR), rows)
        filled = ~empty
        scan._filled(rows[filled], cols[filled])

    formula_at = pick[(n1 == ord("f")) & ENDS_NAME[n2]]
    if formula_at.size:
        owner = np.searchsorted(cell_at, formula_at, side="right") - 1
        found = np.zeros((owner.size, 2), np.int64)
        if cell_at.size:
            found[:, 0] = rows[np.maximum(owner, 0)]
            found[:, 1] = cols[np.maximum(owner, 0)]
        before = owner < 0  # inside the cell the previous window ended in
        if before.any():
            if last_cell is None:
                found = found[~before]
            else:
                found[before] = last_cell
        if found.size:
            scan.formulas.append(np.unique(found, axis=0))

    # Text the cells will hold: a value's own bytes, or the shared string it names.
    is_v = n1 == ord("v")
    if (is_v & IS_WHITESPACE[n2]).any():
        raise NotCanonicalError
    value_at = pick[is_v & (n2 == GT)]
    if value_at.size:
        starts = cur[value_at] + 3
        length = after[value_at] - starts
        # An index has at most 8 digits (MAX_SHARED_STRINGS is below 10^8).
        number, digits = _numbers(np.lib.stride_tricks.sliding_window_view(array, 8)[starts])
        # A number that may name a shared string is charged that string (a
        # number cell, though, holds its own digits: more, never less).
        index = (digits == length) & (length >= 1) & (number < strings.count)
        scan.text_bytes += int(length[~index].sum()) + strings.bytes_of(number[index])
        padded = np.flatnonzero(~index & (length > 8) & (array[starts] == _DIGIT0))
        for at in padded.tolist():  # "000000001": the reader reads string 1
            raw = buf[int(starts[at]) : int(starts[at] + length[at])]
            if raw.isdigit():
                scan.text_bytes += strings.bytes_of(np.array([int(raw)]))
    text_at = pick[(n1 == ord("t")) & ((n2 == GT) | (n2 == SPACE))]
    scan.text_bytes += int((after[text_at] - cur[text_at] - 3).sum())

    if cell_at.size:
        last_cell = (int(rows[-1]), int(cols[-1]))
    return last_cell, ended


def _expat_sheet(
    chunks: Iterator[bytes], strings: SharedStrings, check: Callable[[SheetScan], None]
) -> SheetScan:
    scan = SheetScan(exact=True)
    st = {
        "row": 1, "col": 1, "data": False, "cell": None, "filled": False, "formula": False,
        "in_v": False, "v": [], "v_len": 0, "in_t": 0,
    }  # fmt: skip
    found_rows: list[int] = []
    found_cols: list[int] = []
    formulas: list[tuple[int, int]] = []

    def flush() -> None:
        scan._filled(np.array(found_rows, np.int64), np.array(found_cols, np.int64))
        found_rows.clear()
        found_cols.clear()
        if formulas:
            scan.formulas.append(np.array(formulas, np.int64))
            formulas.clear()
        check(scan)

    def start(name: str, attrs: dict) -> None:
        local = name.rpartition(":")[2]
        if not st["data"]:
            if local == "dimension" and scan.dimension is None and "ref" in attrs:
                scan.dimension = attrs["ref"]
            elif local == "sheetData":
                st["data"] = True
            return
        if local == "row":
            if "r" in attrs:
                try:
                    st["row"] = parse_ref(attrs["r"])[0]
                except ValueError:
                    raise BrokenXmlError from None
        elif local == "c":
            if "r" in attrs:
                try:
                    row, col = parse_ref(attrs["r"])
                except ValueError:
                    raise BrokenXmlError from None
                if col is None:
                    raise BrokenXmlError
                st["col"] = col
                st["cell"] = (row, col)
            else:
                st["cell"] = (st["row"], st["col"])
            st.update(filled=False, formula=False)
        elif st["cell"] is not None:
            if local == "v":
                st.update(in_v=True, v=[], v_len=0)
            elif local == "is":
                st["filled"] = True
            elif local == "t":
                st["in_t"] += 1
            elif local == "f":
                st["formula"] = True

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if not st["data"]:
            return
        if local == "sheetData":
            raise SheetEndError
        if local == "row":
            st["row"] += 1
            st["col"] = 1
        elif local == "c" and st["cell"] is not None:
            if st["filled"]:
                found_rows.append(st["cell"][0])
                found_cols.append(st["cell"][1])
            if st["formula"]:
                formulas.append(st["cell"])
            st["cell"] = None
            st["col"] += 1
            if len(found_rows) >= 65536:
                flush()
        elif local == "v" and st["in_v"]:
            st["in_v"] = False
            raw = "".join(st["v"])
            if st["v_len"]:
                st["filled"] = True
                if raw.isdigit() and raw.isascii():
                    scan.text_bytes += strings.bytes_of(np.array([int(raw)])) or st["v_len"]
                else:
                    scan.text_bytes += st["v_len"]
        elif local == "t" and st["in_t"]:
            st["in_t"] -= 1

    def text(data: str) -> None:
        if st["in_v"]:
            st["v_len"] += len(data.encode("utf-8"))
            if len(st["v"]) < 4:
                st["v"].append(data)
        elif st["in_t"]:
            scan.text_bytes += len(data.encode("utf-8"))

    expat(chunks, start, end, text)
    flush()
    return scan
