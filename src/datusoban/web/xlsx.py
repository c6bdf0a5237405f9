"""A workbook as a download: tables written by ``impor.quality.write_xlsx``, which
neutralises every text cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
from django.http import HttpResponse

from datusoban.impor.quality import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(sheets: dict[str, pl.DataFrame], filename: str) -> HttpResponse:
    """``sheets`` (name → table) as an XLSX attachment called ``filename``."""
    with tempfile.TemporaryDirectory(prefix="datusoban-xlsx-") as folder:
        content = write_xlsx(sheets, Path(folder) / "laporan.xlsx").read_bytes()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
