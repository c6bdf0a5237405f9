"""The one exception the reading layer raises for a file it cannot accept."""

from __future__ import annotations

from datusoban.formatting import angka


class ReadError(Exception):
    """A file that cannot be read as a table, with the reason an operator can act on.

    `code` is stable and meant for machines (counts, tests, translations);
    `message` is a Bahasa Indonesia sentence naming the file, the row (line)
    and the column when known, and what to do; `row` is that row number.
    """

    code: str
    message: str
    row: int | None

    def __init__(self, code: str, message: str, row: int | None = None) -> None:
        # All three go into args so the error pickles (worker processes).
        super().__init__(code, message, row)
        self.code = code
        self.message = message
        self.row = row

    def __str__(self) -> str:
        return self.message


def number(value: float, decimals: int = 0) -> str:
    """1048576 -> "1.048.576", (5.94, 1) -> "5,9": numbers as messages in Indonesian write them."""
    return angka(value, decimals)
