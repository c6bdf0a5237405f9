"""Which row holds the column names, and what the columns are called."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

_SPACING = re.compile(r"[\s_]+")

# A header names most of the columns the data uses; a title row ("DAFTAR KPM
# PKH KAB. BANJAR 2025") or a date line fills one or two cells.
_FILLED_SHARE = 0.6


def _key(text: str) -> str:
    """Case, space and underscore do not matter: "Tanggal Lahir" is "tanggal_lahir"."""
    return _SPACING.sub("", text).casefold()


def _filled(row: Sequence[str | None]) -> list[str]:
    return [cell for cell in row if cell is not None and cell.strip()]


def find_header_row(
    rows: Sequence[Sequence[str | None]],
    hint: Collection[str] = (),
    *,
    single_column: bool = False,
) -> int | None:
    """Index of the header among `rows` (the first rows of a file or sheet), or None.

    The first row naming at least two of the `hint` columns wins; otherwise
    the first row filling at least max(2, 60%) as many cells as the fullest
    row. No row fills two cells: None, unless `single_column` allows a
    one-column table, whose header is then its first filled row (a cover
    sheet of notes is one column too, which is why the XLSX reader asks for
    that only when no sheet has a proper header).
    """
    wanted = {_key(name) for name in hint}
    if len(wanted) >= 2:
        for index, row in enumerate(rows):
            if len(wanted & {_key(cell) for cell in _filled(row)}) >= 2:
                return index
    counts = [len(_filled(row)) for row in rows]
    widest = max(counts, default=0)
    if widest == 0 or (widest == 1 and not single_column):
        return None
    needed = max(2.0, _FILLED_SHARE * widest) if widest >= 2 else 1
    return next(index for index, count in enumerate(counts) if count >= needed)


def column_names(cells: Sequence[str | None]) -> list[str]:
    """Header cells as unique names: stripped, "kolom_<n>" when empty, " (2)" when repeated."""
    names: list[str] = []
    taken: set[str] = set()
    for position, cell in enumerate(cells, start=1):
        base = (cell or "").strip() or f"kolom_{position}"
        name, copy = base, 1
        while name in taken:
            copy += 1
            name = f"{base} ({copy})"
        taken.add(name)
        names.append(name)
    return names
