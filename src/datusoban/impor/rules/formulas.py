"""Formulas: cell text a spreadsheet would run, and XLSX cells that hold a formula.

rumus_sel: a cell is suspect when, after leading whitespace, it starts with
"=" or "@", or with "+" or "-" followed by a letter or "(": "=HYPERLINK(...)",
"@SUM(A1)", "+A1", "-(1+1)". "+62 812..." and "-5" are plain text. The
pattern is the reader's (``reading.formula_mask``): one definition for import
and export.

rumus_excel_<column>: the XLSX cell behind the value holds a formula, found by
the reader in the workbook itself (``RawTable.formulas``, carried here by the
mapping as FORMULAS: the fields of the row whose cell holds one). Its text is
what Excel last computed, or nothing, never what someone typed:
=HYPERLINK("http://…","Nama Palsu") shows a name; a NIK built by a formula
is not the NIK on the card. Such a row is quarantined, naming the column.
"""

from __future__ import annotations

import polars as pl

from datusoban.impor.reading import formula_mask

FORMULAS = "_rumus"  # per row: the fields whose XLSX cell holds a formula (list, or null)
OTHER = "lain"  # the profile's extra fields (desil, komponen, ...): one code for them all


def code(field: str) -> str:
    return f"rumus_excel_{field}"


def check(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """rumus_sel: true where any of `columns` holds formula-like text; rumus_excel_<c> for
    each of `columns` (and rumus_excel_lain): true where the FORMULAS column names it."""
    text = frame.with_columns(pl.col(columns).cast(pl.Utf8))
    held = pl.col(FORMULAS) if FORMULAS in frame.columns else pl.lit(None, pl.List(pl.Utf8))
    flags = {"rumus_sel": pl.any_horizontal(formula_mask(c) for c in columns)}
    for field in (*columns, OTHER):
        flags[code(field)] = held.list.contains(field).fill_null(False)
    return text.select(**flags)
