"""Import a file; read a batch with its quality report; source and kab/kota reports."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from datusoban.api.schemas import ErrorOut, Id
from datusoban.ingest import quality
from datusoban.ingest.mapping import MissingColumnsError
from datusoban.ingest.profiles import UnknownProfileError
from datusoban.ingest.reading import ReadError
from datusoban.ingest.services import import_file
from datusoban.ingest.sources import SourceError
from datusoban.ingest.tasks import new_upload_path
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


@router.post("/", response={200: ImportOut, 400: ErrorOut, 403: ErrorOut})
def import_upload(
    request: HttpRequest,
    berkas: File[UploadedFile],
    profil: Form[str],
    sumber: Form[str | None] = None,
):
    """Impor satu berkas CSV/XLSX dengan profil pemetaan; hasilnya dihitung per baris."""
    if not request.user.has_perm(IMPORT_PERMISSION):
        return Status(403, ErrorOut(kode="tanpa_izin", pesan="Anda tidak berhak mengimpor data."))
    suffix = Path(berkas.name or "berkas").suffix.lower()
    # Kept where web uploads wait, not in /tmp: a process that dies leaves
    # it there, and the next worker start removes it (ingest/workers.py).
    path = new_upload_path(suffix, read_here=True)
    name = Path(berkas.name or f"berkas{suffix}").name  # messages and the batch name it
    try:
        with path.open("wb") as out:
            shutil.copyfileobj(berkas.file, out, length=1 << 20)
        result = import_file(
            path,
            profile=profil,
            user=request.user.get_username(),
            source=sumber,
            file_name=name,
        )
    except (ReadError, MissingColumnsError, SourceError, UnknownProfileError) as exc:
        code = getattr(exc, "code", type(exc).__name__)
        return Status(400, ErrorOut(kode=str(code), pesan=str(exc).replace(path.name, name)))
    finally:
        path.unlink(missing_ok=True)
    return Status(200, ImportOut(**result.as_json()))


@router.get("/{batch_id}", response=BatchOut)
def batch_detail(request: HttpRequest, batch_id: Id):
    """Satu batch impor dengan laporan mutunya."""
    return _batch_out(get_object_or_404(ImportBatch.objects.select_related("source"), pk=batch_id))


@router.get("/mutu/sumber/{kode}", response=dict)
def source_quality(request: HttpRequest, kode: str):
    """Laporan mutu semua data dari satu sumber."""
    return quality.source_report(get_object_or_404(Source, kode=kode))


@router.get("/mutu/kabkota", response=list[dict])
def kabkota_quality(request: HttpRequest):
    """Kelengkapan data per kabupaten/kota."""
    return quality.kabkota_report()
