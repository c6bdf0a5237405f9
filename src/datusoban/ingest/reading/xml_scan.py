"""What a worksheet or shared-strings part holds, scanned before a reader loads it.

The reader (calamine) builds a dense grid from the first row to the last
filled cell and from the first to the last filled column, and copies a shared
string's text into every cell that refers to it. So what one sheet costs is
known from its cells' positions and the length of their text, which this
module collects: the last filled row, the filled columns, the text bytes the
cells will hold, and where formulas are. It follows the reader's own rules:
a cell counts when it is not empty (``<c r="XFD1" s="1"/>``, formatting
only, does not), a cell's position comes from its ``r`` or else follows the
previous cell, element names count without their prefix, the sheet ends at
``</sheetData>``.

Two ways, one answer. The usual files (Excel, LibreOffice, Google Sheets,
xlsxwriter, openpyxl: every cell written as ``<c r="A1" ...>``, no text
between a cell's tag and the next) are scanned with numpy over 1 MiB windows:
every tag found by one vectorised search, cells, values and formulas
classified from the bytes around them, about 0.4 s per million cells
(decompression included; the reader itself takes about 1 s). Anything else
(cells without ``r``, prefixes other than the sheet's own, unusual markup)
makes the scan start over with expat, which follows the XML exactly, some
fifty times slower. Where the two could differ the fast way counts more,
never less (a cell holding ``<v></v>`` counts as filled), so it can only
refuse a file the reader would have read cheaply, never pass one it would
choke on; tests/unit/ingest/reading/test_xlsx_limits.py checks both against
the reader.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from datusoban.ingest.reading.limits import EXCEL_COLUMNS, MAX_CELL_BYTES, MAX_SHEET_ROWS

WINDOW_BYTES = 1 << 20
_TAIL = 32  # bytes after a tag start that the classification looks at
# A run of text with no tag for this long is one cell's text: Excel stops
# at 32,767 characters, which escaped as XML stays well under this.
_MAX_TEXT_RUN = 8 * MAX_CELL_BYTES
_FAR = MAX_SHEET_ROWS + 1  # stands for "beyond Excel's grid" (a row of 8 or more digits)

_LT, _GT, _SLASH, _QUOTE, _COLON, _SPACE, _BANG = b'<>/": !'
_WHITESPACE = list(b" \t\r\n")
_DIGIT0 = ord("0")
_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.\-]*:)?sheetData[\s>/]")
_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']*)[\"']"
)
_SST_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?sst[\s>/]")


def _table(choices: bytes | list[int]) -> np.ndarray:
    """A lookup table: ``_table(b"ab")[array]`` is True where array holds "a" or "b"."""
    table = np.zeros(256, bool)
    table[list(choices)] = True
    return table


_IS_WHITESPACE = _table(_WHITESPACE)
_ENDS_NAME = _table(b"> /\t\r\n")  # what may follow an element name
_DECLARATION = _table(b"DE")  # <!DOCTYPE, <!ENTITY


class NotCanonicalError(Exception):
    """The fast scan met markup it does not handle; the part is scanned again with expat."""


class UnsafeXmlError(Exception):
    """A document type declaration: Excel never writes one, and entities can multiply text."""


class TextRunTooLongError(Exception):
    """One piece of text longer than any cell may hold."""


class BrokenXmlError(Exception):
    """XML the reader would refuse too (not well-formed, a cell reference it cannot read)."""


def parse_ref(ref: bytes | str) -> tuple[int, int | None]:
    """("XFD1048576") -> (1048576, 16384): 1-based row and column, as the reader reads them.

    Letters may be lower case; the column is None when there are no letters.
    ValueError when the reader would refuse the reference.
    """
    text = ref.decode("ascii", "replace") if isinstance(ref, bytes) else ref
    letters = re.fullmatch(r"([A-Za-z]*)([0-9]+)", text.strip())
    if letters is None or int(letters.group(2)) == 0:
        raise ValueError(ref)
    column = 0
    for char in letters.group(1).upper():
        column = column * 26 + ord(char) - 64
    return int(letters.group(2)), column or None


def cell_name(row: int, column: int) -> str:
    """(1048576, 16384) -> "XFD1048576"."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


# --- shared strings -------------------------------------------------------------


@dataclass
class SharedStrings:
    """The workbook's unique texts: how many, and how long each one is (in bytes of XML text).

    ``short[i]`` is string i's length, 255 meaning 255 or more, with the exact
    length of those in ``long_index`` / ``long_bytes``. When some ``<si>`` is
    one the reader skips (no text in it), numbers no longer line up and every
    reference is charged the longest string (``exact`` False).
    """

    count: int = 0
    text_bytes: int = 0
    longest: int = 0
    exact: bool = True
    short: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    long_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    long_bytes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def bytes_of(self, index: np.ndarray) -> int:
        """Text bytes of the strings numbered `index` (one entry per referring cell)."""
        index = index[(index >= 0) & (index < self.count)]
        if index.size == 0:
            return 0
        if not self.exact:
            return int(index.size) * self.longest
        total = int(self.short[index].sum(dtype=np.int64))
        if self.long_index.size:
            at = np.searchsorted(self.long_index, index)
            at[at >= self.long_index.size] = 0
            hit = self.long_index[at] == index
            total += int((self.long_bytes[at[hit]] - 255).sum())
        return total


class _StringsBuilder:
    def __init__(self, check: Callable[[int], None]) -> None:
        self.check = check
        self.short: list[np.ndarray] = []
        self.long_index: list[np.ndarray] = []
        self.long_bytes: list[np.ndarray] = []
        self.count = 0
        self.text = 0
        self.longest = 0
        self.exact = True

    def add(self, lengths: np.ndarray) -> None:
        if lengths.size == 0:
            return
        lengths = np.maximum(lengths, 0)
        self.short.append(np.minimum(lengths, 255).astype(np.uint8))
        long = np.flatnonzero(lengths >= 255)
        if long.size:
            self.long_index.append(long.astype(np.int64) + self.count)
            self.long_bytes.append(lengths[long].astype(np.int64))
        self.count += int(lengths.size)
        self.text += int(lengths.sum())
        self.longest = max(self.longest, int(lengths.max()))
        self.check(self.count)

    def result(self) -> SharedStrings:
        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype)

        return SharedStrings(
            count=self.count,
            text_bytes=self.text,
            longest=self.longest,
            exact=self.exact,
            short=joined(self.short, np.uint8),
            long_index=joined(self.long_index, np.int64),
            long_bytes=joined(self.long_bytes, np.int64),
        )


def scan_shared_strings(
    chunks: Callable[[], Iterator[bytes]], check: Callable[[int], None], *, exact: bool = False
) -> SharedStrings:
    """The shared-strings part. `chunks` gives the part's bytes (called again to start over);
    `check(count)` runs as strings are counted, to refuse early. `exact`: with expat only."""
    if not exact:
        try:
            return _fast_strings(chunks(), check)
        except NotCanonicalError:
            pass
    return _expat_strings(chunks(), check)


def _windows(chunks: Iterable[bytes], prefix_pattern: re.Pattern[bytes] | None = None):
    """(bytes, the same as an array, tag starts) windows of the part.

    Every tag start has _TAIL bytes after it; the last one of a window is
    where the next window begins."""
    carry = b""
    prefix: bytes | None = None if prefix_pattern is not None else b""
    pending: list[bytes] = []
    size = 0
    for chunk in _with_end(chunks):
        if chunk:
            pending.append(chunk)
            size += len(chunk)
            if size < WINDOW_BYTES:
                continue
        buf = carry + b"".join(pending)
        pending, size = [], 0
        if prefix is None:
            found = prefix_pattern.search(buf) if prefix_pattern else None
            if found is None and chunk:
                if len(buf) > WINDOW_BYTES * 4:
                    raise NotCanonicalError
                carry = buf
                continue
            prefix = (found.group(1) or b"") if found else b""
        if prefix:
            buf = buf.replace(b"<" + prefix, b"<").replace(b"</" + prefix, b"</")
        if not chunk:  # the end: let the last tags be classified too
            buf += b"<" + b"\0" * _TAIL
        array = np.frombuffer(buf, np.uint8)
        starts = np.flatnonzero(array == _LT)
        starts = starts[starts <= array.size - _TAIL]
        if starts.size < 2:
            if len(buf) > _MAX_TEXT_RUN:
                raise TextRunTooLongError
            carry = buf
            continue
        if int(np.diff(starts).max(initial=0)) > _MAX_TEXT_RUN:
            raise TextRunTooLongError
        yield buf, array, starts
        carry = buf[int(starts[-1]) :] if chunk else b""


def _with_end(chunks: Iterable[bytes]) -> Iterator[bytes]:
    yield from chunks
    yield b""  # the end marker


def _refuse_declarations(array: np.ndarray, tags: np.ndarray) -> None:
    bang = tags[array[tags + 1] == _BANG]
    if bang.size and _DECLARATION[array[bang + 2]].any():
        raise UnsafeXmlError


def _prefixed(array: np.ndarray, tags: np.ndarray, first_letters: bytes) -> bool:
    """True when an element whose local name starts with one of `first_letters` has a prefix
    (``<x:c>``): the reader drops prefixes, the fast scan classifies by the bytes after "<"."""
    if tags.size == 0:
        return False
    colons = np.flatnonzero(array[: int(tags[-1])] == _COLON)
    if colons.size == 0:
        return False
    colons = colons[_table(first_letters)[array[colons + 1]]]
    for colon in colons.tolist():
        start = int(tags[np.searchsorted(tags, colon) - 1])
        name = bytes(array[start + 1 : colon]).lstrip(b"/")
        if name and not any(b in name for b in b" \t\r\n>/=\"'"):
            return True
    return False


def _fast_strings(chunks: Iterator[bytes], check: Callable[[int], None]) -> SharedStrings:
    built = _StringsBuilder(check)
    pending: tuple[int, bool] | None = (
        None  # the last <si> (absolute start, holds text): its end comes later
    )
    offset = 0  # absolute position of the window's first byte
    for _, array, tags in _windows(chunks, _SST_ROOT):
        _refuse_declarations(array, tags)
        if _prefixed(array, tags, b"srt"):
            raise NotCanonicalError
        cur = tags[:-1]
        n1, n2, n3 = (array[cur + i] for i in (1, 2, 3))
        opens = (n1 == ord("s")) & (n2 == ord("i"))
        if (opens & ~_ENDS_NAME[n3]).any():
            raise NotCanonicalError
        if ((n1 == ord("r")) & (n2 == ord("P")) & (n3 == ord("h"))).any():
            built.exact = False  # phonetic runs: text the reader leaves out
        texty = ((n1 == ord("t")) | (n1 == ord("r"))) & _ENDS_NAME[n2] & (n2 != _SLASH)
        starts = cur[opens] + offset
        # Each text tag belongs to the last <si> before it; a <si> with none is
        # one the reader skips, and the numbers after it no longer line up.
        owner = np.searchsorted(starts, cur[texty] + offset, side="right") - 1
        if pending is not None and (owner < 0).any():
            pending = (pending[0], True)
        if starts.size:
            holds = np.zeros(starts.size, bool)
            holds[owner[owner >= 0]] = True
            if pending is not None:
                starts = np.concatenate(([pending[0]], starts))
                holds = np.concatenate(([pending[1]], holds))
            # An element's length runs to the next one's start; 16 bytes are
            # the tags of the shortest form, <si><t>...</t></si>.
            built.add(np.diff(starts) - 16)
            if not holds[:-1].all():
                built.exact = False
            pending = (int(starts[-1]), bool(holds[-1]))
        offset += int(tags[-1])
    if pending is not None:
        if not pending[1]:
            built.exact = False
        built.add(np.array([offset - pending[0] - 16]))
    return built.result()


def _expat_strings(chunks: Iterator[bytes], check: Callable[[int], None]) -> SharedStrings:
    built = _StringsBuilder(check)
    state = {"in_si": False, "phonetic": 0, "in_t": False, "text": 0, "has": False}
    lengths: list[int] = []

    def start(name: str, attrs: dict) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            state.update(in_si=True, text=0, has=False)
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "r" and state["in_si"]:
            state["has"] = True
        elif local == "t" and state["in_si"] and not state["phonetic"]:
            state.update(in_t=True, has=True)

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            state["in_si"] = False
            if state["has"]:
                lengths.append(state["text"])
                if len(lengths) >= 65536:
                    built.add(np.array(lengths))
                    lengths.clear()
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            state["text"] += len(data.encode("utf-8"))

    _expat(chunks, start, end, text)
    built.add(np.array(lengths))
    return built.result()


def _expat(
    chunks: Iterator[bytes],
    start: Callable[[str, dict], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> None:
    parser = xml.parsers.expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise UnsafeXmlError

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _SheetEndError:
        return
    except xml.parsers.expat.ExpatError:
        raise BrokenXmlError from None


class _SheetEndError(Exception):
    """</sheetData>: the reader reads no further."""


# --- worksheets -----------------------------------------------------------------


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
_FIRST = _table(b"cvft!")
_HEAD = 24  # bytes of a tag copied out: "<c r=" + 3 letters + 8 digits + quote fits


def _fast_sheet(
    chunks: Iterator[bytes], strings: SharedStrings, check: Callable[[SheetScan], None]
) -> SheetScan:
    scan = SheetScan()
    last_cell: tuple[int, int] | None = None  # the cell the next formula tag belongs to
    started = False
    for buf, array, tags in _windows(chunks, _SHEET_DATA):
        if not started:
            _refuse_declarations(array, tags)
            opened = _SHEET_DATA.search(buf, 0, int(tags[-1]))
            if opened is None:
                raise NotCanonicalError  # sheetData not in the first window after all
            dimension = _DIMENSION.search(buf, 0, opened.start())
            scan.dimension = dimension.group(1).decode("ascii", "replace") if dimension else None
            tags = tags[tags >= opened.end() - 1]
            started = True
            if tags.size < 2:
                continue
        if _prefixed(array, tags, b"cvftirs"):
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
        # The reader stops here (the prefix, if any, is gone: see _windows).
        tags, ended = tags[tags <= closed], True
    cur, after = tags[:-1], tags[1:]
    pick = np.flatnonzero(_FIRST[array[cur + 1]])
    n1 = array[cur[pick] + 1]
    n2 = array[cur[pick] + 2]
    if ((n1 == _BANG) & _DECLARATION[n2]).any():
        raise UnsafeXmlError

    is_c = n1 == ord("c")
    if (is_c & _ENDS_NAME[n2] & (n2 != _SPACE)).any():
        raise NotCanonicalError  # <c> without attributes: positions follow the order of cells
    cell_at = pick[is_c & (n2 == _SPACE)]
    rows = cols = np.zeros(0, np.int64)
    if cell_at.size:
        cell = np.lib.stride_tricks.sliding_window_view(array, _HEAD)[cur[cell_at]]
        if not ((cell[:, 3] == ord("r")) & (cell[:, 4] == ord("=")) & (cell[:, 5] == _QUOTE)).all():
            raise NotCanonicalError  # r is not the first attribute
        # The bytes around the next tag: how this cell's tag ends, and what follows it.
        around = np.lib.stride_tricks.sliding_window_view(array, 6)[after[cell_at] - 2]
        if not (around[:, 1] == _GT).all():
            raise NotCanonicalError  # text or whitespace between a cell's tag and the next
        empty = (around[:, 0] == _SLASH) | (
            (around[:, 3] == _SLASH) & (around[:, 4] == ord("c")) & (around[:, 5] == _GT)
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
        closes = digits_block[np.arange(digits.size), digits] == _QUOTE
        far = (digits == 8) | beyond  # a row of 8 digits or more: past Excel's grid
        if not (closes | far).all() or (rows[~far] == 0).any():
            raise NotCanonicalError  # a reference the reader refuses: expat will say so
        rows = np.where(far, np.maximum(rows, _FAR), rows)
        filled = ~empty
        scan._filled(rows[filled], cols[filled])

    formula_at = pick[(n1 == ord("f")) & _ENDS_NAME[n2]]
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
    if (is_v & _IS_WHITESPACE[n2]).any():
        raise NotCanonicalError
    value_at = pick[is_v & (n2 == _GT)]
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
    text_at = pick[(n1 == ord("t")) & ((n2 == _GT) | (n2 == _SPACE))]
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
            raise _SheetEndError
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

    _expat(chunks, start, end, text)
    flush()
    return scan


__all__ = [
    "BrokenXmlError",
    "NotCanonicalError",
    "SharedStrings",
    "SheetScan",
    "TextRunTooLongError",
    "UnsafeXmlError",
    "cell_name",
    "parse_ref",
    "scan_shared_strings",
    "scan_sheet",
]
