"""Import a file; read a batch with its quality report; source and kab/kota reports."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.api.errors import responses
from datusoban.api.schemas import ErrorOut, Id
from datusoban.impor import quality
from datusoban.impor.authority import (
    ImportNotAllowedError,
    check_import,
    narrowed_to,
    source_region,
    visible_batches,
    visible_sources,
)
from datusoban.impor.mapping import MissingColumnsError
from datusoban.impor.profiles import UnknownProfileError
from datusoban.impor.reading import ReadError
from datusoban.impor.services import import_file
from datusoban.impor.sources import SourceError
from datusoban.impor.tasks import error_code, new_upload_path
from datusoban.impor.withdrawal import WithdrawalRefusedError, check_withdraw, withdraw_batch
from datusoban.refusal import RefusedError
from datusoban.registri.models import ImportBatch

router = Router(tags=["impor"])


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
    # Who may import, and under which source: authority.check_import, asked here before
    # the file is stored and again by the import where the source is resolved.
    try:
        check_import(request.user)
    except ImportNotAllowedError as exc:
        return Status(403, ErrorOut(kode=exc.code, pesan=str(exc)))
    suffix = Path(berkas.name or "berkas").suffix.lower()
    # Kept where web uploads wait, not in /tmp: a process that dies leaves
    # it there, and the next worker start removes it (ingest/workers.py).
    path = new_upload_path(suffix, read_here=True)
    name = Path(berkas.name or f"berkas{suffix}").name  # messages and the batch name it
    try:
        with path.open("wb") as out:
            shutil.copyfileobj(berkas.file, out, length=1 << 20)
        result = import_file(
            path, profile=profil, user=request.user.get_username(), source=sumber,
            importer=request.user, file_name=name,
        )  # fmt: skip
    except ImportNotAllowedError as exc:
        return Status(403, ErrorOut(kode=exc.code, pesan=str(exc)))
    except (ReadError, MissingColumnsError, SourceError, UnknownProfileError) as exc:
        pesan = str(exc).replace(path.name, name)
        return Status(400, ErrorOut(kode=error_code(exc), pesan=pesan))
    finally:
        path.unlink(missing_ok=True)
    return Status(200, ImportOut(**result.as_json()))


# Import metadata is scoped like the rest (authority.py): a batch or source of another
# kab/kota is not found; a province-wide one's figures are narrowed to the user's region
# where they count rows.
def _not_found(what: str) -> RefusedError:
    return RefusedError("tidak_ditemukan", f"{what} tidak ditemukan.", 404)


@router.get("/{batch_id}", response=responses({200: BatchOut}, 404, 422))
def batch_detail(request: HttpRequest, batch_id: Id):
    """Satu batch impor dengan laporan mutunya."""
    batch = visible_batches(request.user, ImportBatch.objects.select_related("source"))
    found = batch.filter(pk=batch_id).first()
    if found is None:
        raise _not_found("Batch impor")
    return Status(200, _batch_out(found))


class WithdrawIn(Schema):
    alasan: Annotated[str, Field(min_length=1, max_length=500)]


class WithdrawOut(Schema):
    batch_id: int
    rekaman: int
    karantina: int
    duplikat: int
    karantina_dibuka_lagi: int
    rincian: dict


@router.post("/{batch_id}/tarik", response=responses({200: WithdrawOut}, 400, 403, 404, 409, 422))
def batch_withdraw(request: HttpRequest, batch_id: Id, body: WithdrawIn):
    """Tarik batch (mis. diimpor dengan profil atau sumber yang salah): semua barisnya dihapus
    sekaligus atau tidak sama sekali, dan dicatat di jejak audit."""
    batch = visible_batches(request.user, ImportBatch.objects.select_related("source"))
    found = batch.filter(pk=batch_id).first()
    if found is None:
        raise _not_found("Batch impor")
    try:
        check_withdraw(request.user, found)
        done = withdraw_batch(found, by=request.user, reason=body.alasan, request=request)
    except ImportNotAllowedError as exc:
        return Status(403, ErrorOut(kode=exc.code, pesan=str(exc)))
    except WithdrawalRefusedError as exc:
        return Status(409, ErrorOut(kode=exc.code, pesan=str(exc)))
    return Status(200, WithdrawOut(
        batch_id=done.batch_id, rekaman=done.records, karantina=done.quarantined,
        duplikat=done.duplicates, karantina_dibuka_lagi=done.reopened, rincian=done.undone,
    ))  # fmt: skip


@router.get("/mutu/sumber/{kode}", response=responses({200: dict}, 404, 422))
def source_quality(request: HttpRequest, kode: str):
    """Laporan mutu semua data dari satu sumber (dalam wilayah Anda)."""
    source = visible_sources(request.user).filter(kode=kode).first()
    if source is None:
        raise _not_found("Sumber")
    within = narrowed_to(scope_of(request.user), source_region(source))
    return Status(200, quality.source_report(source, within))


@router.get("/mutu/kabkota", response=responses({200: list[dict]}, 403))
def kabkota_quality(request: HttpRequest):
    """Kelengkapan data per kabupaten/kota (dalam wilayah Anda)."""
    scope = scope_of(request.user)
    if scope is None:
        raise RefusedError("tidak_berwenang", "Akun Anda belum diberi peran dan wilayah.", 403)
    return Status(200, quality.kabkota_report(narrowed_to(scope, PROVINCE)))
