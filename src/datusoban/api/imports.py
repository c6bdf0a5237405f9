"""Import a file; read a batch with its quality report; source and kab/kota reports."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from datusoban.api.errors import responses
from datusoban.api.schemas import ErrorOut, Id
from datusoban.ingest import quality
from datusoban.ingest.mapping import MissingColumnsError
from datusoban.ingest.profiles import UnknownProfileError
from datusoban.ingest.reading import ReadError
from datusoban.ingest.services import import_file
from datusoban.ingest.sources import SourceError
from datusoban.registry.models import ImportBatch, Source

router = Router(tags=["impor"])
# Importing writes personal data: only users allowed to add import batches may.
IMPORT_PERMISSION = "registry.add_importbatch"


class ImportOut(Schema):
    batch_id: int
    rows: int
    accepted: int
    warnings: int
    quarantined: int
    duplicates: int
    already_imported: bool
    resubmitted: int


class BatchOut(Schema):
    id: int
    sumber: str
    nama_berkas: str
    profil: str
    diimpor_oleh: str
    mulai: datetime
    selesai: datetime | None
    status: str
    jumlah_baris: int
    diterima: int
    peringatan: int
    karantina: int
    duplikat: int
    laporan: dict


def _batch_out(batch: ImportBatch) -> BatchOut:
    return BatchOut(
        id=batch.pk, sumber=batch.source.nama, nama_berkas=batch.nama_berkas, profil=batch.profil,
        diimpor_oleh=batch.diimpor_oleh, mulai=batch.mulai, selesai=batch.selesai,
        status=batch.status, jumlah_baris=batch.jumlah_baris, diterima=batch.diterima,
        peringatan=batch.peringatan, karantina=batch.karantina, duplikat=batch.duplikat,
        laporan=batch.laporan,
    )  # fmt: skip


@router.post("/", response=responses({200: ImportOut}, 400, 403, 422))
def import_upload(
    request: HttpRequest,
    berkas: File[UploadedFile],
    profil: Annotated[str, Form(min_length=1)],
    sumber: Form[str | None] = None,
):
    """Impor satu berkas CSV/XLSX dengan profil pemetaan; hasilnya dihitung per baris."""
    if not request.user.has_perm(IMPORT_PERMISSION):
        return Status(403, ErrorOut(kode="tanpa_izin", pesan="Anda tidak berhak mengimpor data."))
    suffix = Path(berkas.name or "berkas").suffix.lower()
    with tempfile.TemporaryDirectory(prefix="datusoban-upload-") as folder:
        # Keep the operator's file name: messages and the batch record name it.
        path = Path(folder) / Path(berkas.name or f"berkas{suffix}").name
        with path.open("wb") as out:
            shutil.copyfileobj(berkas.file, out, length=1 << 20)
        try:
            result = import_file(
                path, profile=profil, user=request.user.get_username(), source=sumber
            )
        except (ReadError, MissingColumnsError, SourceError, UnknownProfileError) as exc:
            code = getattr(exc, "code", type(exc).__name__)
            return Status(400, ErrorOut(kode=str(code), pesan=str(exc)))
    return Status(200, ImportOut(**result.as_json()))


@router.get("/{batch_id}", response=responses({200: BatchOut}, 404, 422))
def batch_detail(request: HttpRequest, batch_id: Id):
    """Satu batch impor dengan laporan mutunya."""
    return _batch_out(get_object_or_404(ImportBatch.objects.select_related("source"), pk=batch_id))


@router.get("/mutu/sumber/{kode}", response=responses({200: dict}, 404, 422))
def source_quality(request: HttpRequest, kode: str):
    """Laporan mutu semua data dari satu sumber."""
    return quality.source_report(get_object_or_404(Source, kode=kode))


@router.get("/mutu/kabkota", response=responses({200: list[dict]}))
def kabkota_quality(request: HttpRequest):
    """Kelengkapan data per kabupaten/kota."""
    return quality.kabkota_report()
