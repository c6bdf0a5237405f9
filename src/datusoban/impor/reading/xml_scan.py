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
choke on; tests/unit/impor/reading/test_xlsx_limits.py checks both against
the reader.

This module holds what both scans share: the byte windows and their tag
search, the refusals, cell references, and the expat driver that follows the
XML exactly. The shared-strings part is scanned in ``xml_strings``, a
worksheet in ``xml_sheet``.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from datusoban.impor.reading.limits import MAX_CELL_BYTES

WINDOW_BYTES = 1 << 20
_TAIL = 32  # bytes after a tag start that the classification looks at
# A run of text with no tag for this long is one cell's text: Excel stops
# at 32,767 characters, which escaped as XML stays well under this.
_MAX_TEXT_RUN = 8 * MAX_CELL_BYTES

_LT, GT, SLASH, QUOTE, _COLON, SPACE, BANG = b'<>/": !'
_WHITESPACE = list(b" \t\r\n")


def table(choices: bytes | list[int]) -> np.ndarray:
    """A lookup table: ``table(b"ab")[array]`` is True where array holds "a" or "b"."""
    table = np.zeros(256, bool)
    table[list(choices)] = True
    return table


IS_WHITESPACE = table(_WHITESPACE)
ENDS_NAME = table(b"> /\t\r\n")  # what may follow an element name
DECLARATION = table(b"DE")  # <!DOCTYPE, <!ENTITY


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


def windows(chunks: Iterable[bytes], prefix_pattern: re.Pattern[bytes] | None = None):
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


def refuse_declarations(array: np.ndarray, tags: np.ndarray) -> None:
    bang = tags[array[tags + 1] == BANG]
    if bang.size and DECLARATION[array[bang + 2]].any():
        raise UnsafeXmlError


def prefixed(array: np.ndarray, tags: np.ndarray, first_letters: bytes) -> bool:
    """True when an element whose local name starts with one of `first_letters` has a prefix
    (``<x:c>``): the reader drops prefixes, the fast scan classifies by the bytes after "<"."""
    if tags.size == 0:
        return False
    colons = np.flatnonzero(array[: int(tags[-1])] == _COLON)
    if colons.size == 0:
        return False
    colons = colons[table(first_letters)[array[colons + 1]]]
    for colon in colons.tolist():
        start = int(tags[np.searchsorted(tags, colon) - 1])
        name = bytes(array[start + 1 : colon]).lstrip(b"/")
        if name and not any(b in name for b in b" \t\r\n>/=\"'"):
            return True
    return False


def expat(
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
    except SheetEndError:
        return
    except xml.parsers.expat.ExpatError:
        raise BrokenXmlError from None


class SheetEndError(Exception):
    """</sheetData>: the reader reads no further."""
