"""The data subject's report over the API: everything held about one NIK, and its trail.

The NIK comes in the body of a POST: an address (``/subjek/{nik}``) ends up in access
logs. The former GET routes answer 410 with the route to use instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scope_of
from datusoban.api.errors import responses
from datusoban.api.schemas import file_download
from datusoban.impor.quality import write_xlsx
from datusoban.refusal import RefusedError
from datusoban.subjek.report import may_read, report_sheets, subject_report

router = Router(tags=["subjek data"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SubjectIn(Schema):
    """The NIK whose report is asked for (16 digits)."""

    nik: Annotated[str, Field(pattern=r"^\d{16}$")]


class SubjectExportIn(SubjectIn):
    """The NIK, and the purpose of the export (required, recorded in the audit trail)."""

    tujuan: Annotated[str, Field(max_length=200)] = ""


def _refuse_unless_allowed(request: HttpRequest) -> None:
    # A NIK that is not 16 digits does not match the document (SubjectIn): 422 already.
    if not may_read(scope_of(request.user)):
        raise RefusedError(
            "tidak_berwenang",
            "Laporan subjek data hanya untuk admin atau auditor tingkat provinsi.",
            403,
        )


@router.post("/", response=responses({200: dict}, 400, 403, 422))
def subject(request: HttpRequest, body: SubjectIn):
    """Semua data yang disimpan tentang satu NIK, dan jejak pemrosesannya; NIK dalam
    badan permintaan (JSON)."""
    _refuse_unless_allowed(request)
    record(request, Aksi.BACA, "laporan_subjek", [(body.nik, body.nik)])
    return Status(200, subject_report(body.nik, scope_of(request.user).role))


@router.post("/xlsx", response=responses({}, 400, 403, 422), openapi_extra=file_download(XLSX))
def subject_xlsx(request: HttpRequest, body: SubjectExportIn):
    """Laporan subjek data sebagai XLSX; NIK dan tujuan ekspor (wajib) dalam badan
    permintaan (JSON)."""
    nik = body.nik
    _refuse_unless_allowed(request)
    if not body.tujuan.strip():
        return Status(400, {"kode": "tujuan_wajib", "pesan": "Tujuan ekspor wajib diisi."})
    record(request, Aksi.EKSPOR, "laporan_subjek", [(nik, nik)], tujuan=body.tujuan)
    sheets = report_sheets(subject_report(nik, scope_of(request.user).role))
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(sheets, Path(folder) / f"subjek-{nik}.xlsx")
        response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="subjek-{nik}.xlsx"'
    return response


def _moved(route: str) -> Status:
    return Status(
        410,
        {
            "kode": "pengenal_di_alamat",
            "pesan": "NIK tidak lagi diterima di alamat (alamat tercatat di log akses). "
            f"Gunakan {route} dengan NIK dalam badan permintaan (JSON).",
        },
    )


@router.get("/{nik}", response=responses({}, 404, 410, 422), deprecated=True)
def subject_by_address(request: HttpRequest, nik: str):
    """Diganti POST /api/v1/subjek/ (NIK dalam badan permintaan): selalu 410."""
    return _moved("POST /api/v1/subjek/")


@router.get("/{nik}/xlsx", response=responses({}, 404, 410, 422), deprecated=True)
def subject_xlsx_by_address(request: HttpRequest, nik: str):
    """Diganti POST /api/v1/subjek/xlsx (NIK dan tujuan dalam badan permintaan): selalu 410."""
    return _moved("POST /api/v1/subjek/xlsx")
