"""rumus_sel: a cell a spreadsheet would run as a formula (CSV/formula injection).

A cell is suspect when, after leading whitespace, it starts with "=" or "@",
or with "+" or "-" followed by a letter or "(": "=HYPERLINK(...)", "@SUM(A1)",
"+A1", "-(1+1)". "+62 812..." and "-5" are plain text.
"""

from __future__ import annotations

import polars as pl

FORMULA = r"^\s*(?:[=@]|[+\-][\p{L}(])"


def check(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """rumus_sel: true where any of `columns` holds a formula-like cell."""
    return frame.select(
        rumus_sel=pl.any_horizontal(
            pl.col(c).cast(pl.Utf8).str.contains(FORMULA).fill_null(False) for c in columns
        )
    )
