"""Characters that show nothing yet change a text: removed from every cell and header on the way in.

Zero-width spaces and joiners (U+200B-U+200D), direction marks (U+200E,
U+200F), bidirectional embeddings and overrides (U+202A-U+202E), invisible
operators and the word joiner (U+2060-U+2064), bidirectional isolates
(U+2066-U+2069) and a byte-order mark inside text (U+FEFF). Pasted from
chat apps and web pages, or planted on purpose, they make "SITI" and
"SI\u200bTI" two different names, hide a NIK's digits from matching, and
turn a displayed name around (U+202E). None belongs in a register.
"""

from __future__ import annotations

import polars as pl

INVISIBLE = "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
_INVISIBLE_CHARS = frozenset(
    chr(c)
    for span in ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069))
    for c in range(span[0], span[1] + 1)
) | {"\ufeff"}


def without_invisible(text: str) -> str:
    return "".join(char for char in text if char not in _INVISIBLE_CHARS)


def strip_invisible(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """`frame` with the invisible characters removed from `columns` (text columns).

    Only a column holding some non-ASCII text can hold one: most columns
    (NIK, dates, codes, most names) are pure ASCII and are left untouched.
    """
    if not columns:
        return frame
    return frame.with_columns(pl.col(c).str.replace_all(INVISIBLE, "") for c in columns)
