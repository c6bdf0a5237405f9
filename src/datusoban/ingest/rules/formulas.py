"""rumus_sel: a cell a spreadsheet would run as a formula (CSV/formula injection).

A cell is suspect when, after leading whitespace, it starts with "=" or "@",
or with "+" or "-" followed by a letter or "(": "=HYPERLINK(...)", "@SUM(A1)",
"+A1", "-(1+1)". "+62 812..." and "-5" are plain text. The pattern is the
reader's (``reading.formula_mask``): one definition for import and export.
"""

from __future__ import annotations

import polars as pl

from datusoban.ingest.reading import formula_mask


def check(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """rumus_sel: true where any of `columns` holds a formula-like cell."""
    text = frame.select(pl.col(columns).cast(pl.Utf8))
    return text.select(rumus_sel=pl.any_horizontal(formula_mask(c) for c in columns))
