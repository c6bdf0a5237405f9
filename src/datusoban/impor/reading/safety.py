"""Spreadsheet formulas in cell text: recognising them on the way in, defusing them on the way out.

A cell starting with "=" becomes a live formula when the file is opened in
Excel or LibreOffice, which can leak data (=HYPERLINK) or run commands (DDE:
=cmd|' /C calc'!A0). See OWASP, "CSV Injection":
https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import polars as pl

# "=" or "@" anywhere; "+" or "-" only before a letter or "(" so that a
# minus sign, a negative number or a phone number (+62812…) is not flagged. A
# leading apostrophe is how our own exports neutralise a formula: a cell sent
# back unchanged from such an export is still a formula, not a name.
_FORMULA = r"^\s*'?(?:[=@]|[+\-][\p{L}(])"

# OWASP's list for exports: any cell starting with one of these is prefixed
# with an apostrophe, which spreadsheets show as text and do not evaluate.
_RISKY_START = r"^[=+\-@\t\r]"


def formula_mask(column: str) -> pl.Expr:
    """True where the cell text in `column` is a formula or injection payload; null cells False."""
    return pl.col(column).str.contains(_FORMULA).fill_null(False).alias(column)


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` safe for spreadsheets: text cells at risk get a leading "'", others stay."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_RISKY_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )
