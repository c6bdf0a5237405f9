"""The data subject's report over the API: everything held about one NIK, and its trail."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scope_of
from datusoban.api.errors import responses
from datusoban.api.schemas import file_download
from datusoban.ingest.quality import write_xlsx
from datusoban.privacy.subject import may_read, report_sheets, subject_report

router = Router(tags=["subjek data"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refusal(request: HttpRequest, nik: str) -> Status | None:
    if not may_read(scope_of(request.user)):
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


@router.get("/{nik}", response=responses({200: dict}, 400, 403, 404, 422))
def subject(request: HttpRequest, nik: str):
    """Semua data yang disimpan tentang satu NIK, dan jejak pemrosesannya."""
    refused = _refusal(request, nik)
    if refused:
        return refused
    record(request, Aksi.BACA, "laporan_subjek", [(nik, nik)])
    return Status(200, subject_report(nik, scope_of(request.user).role))


@router.get(
    "/{nik}/xlsx",
    response=responses({}, 400, 403, 404, 422),
    openapi_extra=file_download(XLSX),
)
def subject_xlsx(request: HttpRequest, nik: str, tujuan: str = ""):
    """Laporan subjek data sebagai XLSX; tujuan ekspor wajib diisi."""
    refused = _refusal(request, nik)
    if refused:
        return refused
    if not tujuan.strip():
        return Status(400, {"kode": "tujuan_wajib", "pesan": "Tujuan ekspor wajib diisi."})
    record(request, Aksi.EKSPOR, "laporan_subjek", [(nik, nik)], tujuan=tujuan)
    sheets = report_sheets(subject_report(nik, scope_of(request.user).role))
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(sheets, Path(folder) / f"subjek-{nik}.xlsx")
        response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="subjek-{nik}.xlsx"'
    return response
