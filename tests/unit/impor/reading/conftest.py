"""Real files written to tmp_path: the reader is tested on bytes, never on mocks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write `content` (str as UTF-8) to tmp_path/`name` and return the path."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write


@pytest.fixture
def workbook(tmp_path: Path) -> Callable[..., Path]:
    """Write an .xlsx: {sheet name: {(row, col) 0-based: value}}; hidden names hidden.

    A value is written with xlsxwriter's write(): numbers as number cells,
    datetimes as date cells (with a date format), text as text.
    """

    def _workbook(
        sheets: dict[str, dict[tuple[int, int], Any]],
        name: str = "data.xlsx",
        hidden: Sequence[str] = (),
    ) -> Path:
        path = tmp_path / name
        with xlsxwriter.Workbook(path) as book:
            date = book.add_format({"num_format": "dd/mm/yyyy"})
            for title, cells in sheets.items():
                sheet = book.add_worksheet(title)
                for (row, col), value in cells.items():
                    if hasattr(value, "year"):
                        sheet.write_datetime(row, col, value, date)
                    else:
                        sheet.write(row, col, value)
                if title in hidden:
                    sheet.hide()
            # Excel will not hide the active sheet: make the first visible one active.
            visible = [s for s in book.worksheets() if s.name not in hidden]
            if visible:
                visible[0].activate()
        return path

    return _workbook
