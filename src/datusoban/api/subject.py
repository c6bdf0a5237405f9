"""The data subject's report over the API: everything held about one NIK, and its trail."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import datetime
from pathlib import Path

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.api.schemas import ErrorOut
from datusoban.ingest.quality import write_xlsx
from datusoban.privacy.subject import subject_report

router = Router(tags=["subjek data"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refusal(request: HttpRequest, nik: str) -> Status | None:
    scope = scope_of(request.user)
    # The report spans every region and every kind of data: only roles that
    # may read the audit trail, with the whole province as their scope.
    if scope is None or not scope.role.audit or scope.wilayah != PROVINCE:
        return Status(
            403,
            {
                "kode": "tidak_berwenang",
                "pesan": "Laporan subjek data hanya untuk admin atau auditor tingkat provinsi.",
            },
        )
    if not re.fullmatch(r"\d{16}", nik):
        return Status(400, {"kode": "nik_tidak_sah", "pesan": "NIK harus 16 angka."})
    return None


def _cells(row: dict) -> dict:
    """A report row as spreadsheet cells: nested values as JSON text, times as
    local (WITA) wall-clock time, which is what Excel can show."""
    cells = {}
    for key, value in row.items():
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, datetime) and value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        cells[key] = value
    return cells


@router.get("/{nik}", response={200: dict, 400: ErrorOut, 403: ErrorOut})
def subject(request: HttpRequest, nik: str):
    """Semua data yang disimpan tentang satu NIK, dan jejak pemrosesannya."""
    refused = _refusal(request, nik)
    if refused:
        return refused
    record(request, Aksi.BACA, "laporan_subjek", [(nik, nik)])
    return Status(200, subject_report(nik))


@router.get("/{nik}/xlsx", response={400: ErrorOut, 403: ErrorOut})
def subject_xlsx(request: HttpRequest, nik: str, tujuan: str = ""):
    """Laporan subjek data sebagai XLSX; tujuan ekspor wajib diisi."""
    refused = _refusal(request, nik)
    if refused:
        return refused
    if not tujuan.strip():
        return Status(400, {"kode": "tujuan_wajib", "pesan": "Tujuan ekspor wajib diisi."})
    record(request, Aksi.EKSPOR, "laporan_subjek", [(nik, nik)], tujuan=tujuan)
    sheets = {
        name: pl.DataFrame([_cells(r) for r in rows], infer_schema_length=None)
        if rows
        else pl.DataFrame({"kosong": []})
        for name, rows in subject_report(nik).items()
    }
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(sheets, Path(folder) / f"subjek-{nik}.xlsx")
        response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="subjek-{nik}.xlsx"'
    return response
