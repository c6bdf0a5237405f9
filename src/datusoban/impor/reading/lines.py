"""Where a CSV's lines and records begin, found with numpy rather than a Python loop.

A record usually is one line, but a quoted field may hold line breaks (an
address typed with Alt+Enter in Excel). A line break is taken to end a
record when an even number of quote characters comes before it: exact for
CSV written by Excel, LibreOffice or any program that quotes whole fields and
doubles quotes inside them. A stray quote inside an unquoted field (`5"`)
breaks that count. polars then usually refuses the file too, and the
message names the line where the unpaired quote opens; when polars reads it
anyway, the record counts differ and the row numbers come from the csv
module instead (see csv_reader._row_numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_LF = ord("\n")
_QUOTE = ord('"')
_CHUNK = 1 << 26  # scan 64 MiB at a time so the temporary masks stay small


@dataclass(frozen=True)
class Lines:
    """The line structure of one file's bytes."""

    newlines: np.ndarray  # byte offset of every "\n"
    quoted: np.ndarray  # per newline: True when it falls inside a quoted field
    size: int
    quotes: int  # number of quote characters in the file

    @property
    def count(self) -> int:
        """Number of lines; a final line break does not start another line."""
        ends_with_newline = self.newlines.size > 0 and self.newlines[-1] == self.size - 1
        return int(self.newlines.size) + (0 if ends_with_newline or self.size == 0 else 1)

    def start(self, line: int) -> int:
        """Byte offset where 1-based `line` starts (the file size past the end)."""
        if line <= 1:
            return 0
        if line - 2 >= self.newlines.size:
            return self.size
        return int(self.newlines[line - 2]) + 1

    def first_longer_than(self, limit: int) -> tuple[int, int] | None:
        """(line, length in bytes) of the first line longer than `limit`, if any."""
        starts = np.concatenate(([0], self.newlines + 1))
        ends = np.concatenate((self.newlines, [self.size]))
        too_long = np.flatnonzero(ends - starts > limit)
        if too_long.size == 0:
            return None
        first = int(too_long[0])
        return first + 1, int(ends[first] - starts[first])

    def record_lines(self) -> np.ndarray:
        """1-based line numbers where records start (int64), blank lines included."""
        starts = np.concatenate(([True], ~self.quoted))[: self.count]
        return np.flatnonzero(starts).astype(np.int64) + 1

    @property
    def ends_inside_quotes(self) -> bool:
        """True when the quote characters do not pair up."""
        return self.quotes % 2 == 1


def scan(data: bytes) -> Lines:
    """Every newline's offset, and whether it lies inside quotes."""
    array = np.frombuffer(data, dtype=np.uint8)
    newlines: list[np.ndarray] = []
    quoted: list[np.ndarray] = []
    quotes_before = 0
    for start in range(0, array.size, _CHUNK):
        chunk = array[start : start + _CHUNK]
        lf = np.flatnonzero(chunk == _LF)
        quotes = np.flatnonzero(chunk == _QUOTE)
        if quotes.size:
            quoted.append((np.searchsorted(quotes, lf) + quotes_before) % 2 == 1)
        else:
            quoted.append(np.full(lf.size, quotes_before % 2 == 1))
        newlines.append(lf + start)
        quotes_before += int(quotes.size)
    empty = np.empty(0, dtype=np.int64)
    return Lines(
        newlines=np.concatenate(newlines) if newlines else empty,
        quoted=np.concatenate(quoted) if quoted else np.empty(0, dtype=bool),
        size=int(array.size),
        quotes=quotes_before,
    )
