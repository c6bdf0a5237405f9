"""Grievances (sanggahan) over the API: the list and overdue list in scope, one received,
its verification and effect on enrolment in one transaction (``sanggahan.actions``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from datusoban.accounts.audit import Aksi
from datusoban.api.errors import responses
from datusoban.api.schemas import Day, Id
from datusoban.kasus.api import Code, Limit, Offset, RegionCode, Short, Text, audit
from datusoban.sanggahan import actions as grievances
from datusoban.sanggahan import sla
from datusoban.sanggahan.access import grievances_for
from datusoban.sanggahan.models import Sanggahan

router = Router(tags=["sanggahan"])


class GrievanceIn(Schema):
    kategori: Code
    uraian: Text
    wilayah: RegionCode
    nama_pelapor: Short = ""
    kontak_pelapor: Short = ""
    orang: Id | None = None
    keluarga: Id | None = None
    program: Annotated[str, Field(max_length=20)] = ""
    diterima: Day | None = None


class GrievanceOut(Schema):
    id: int
    kategori: str
    status: str
    hasil: str
    tindak_lanjut: str
    diterima: date
    batas: date
    kode_kabkota: str
    program: str | None
    kepesertaan: int | None
    usulan: int | None
    terlambat: bool
    perubahan_registri: dict


def _grievance_out(g: Sanggahan, today: date) -> dict:
    return {
        "id": g.pk,
        "kategori": g.kategori,
        "status": g.status,
        "hasil": g.hasil,
        "tindak_lanjut": g.tindak_lanjut,
        "diterima": g.diterima,
        "batas": g.batas,
        "kode_kabkota": g.kode_kabkota,
        "program": g.program_id,
        "kepesertaan": g.kepesertaan_id,
        "usulan": g.usulan_id,
        "terlambat": g.status == "diterima" and g.batas < today,
        "perubahan_registri": g.perubahan_registri,
    }


@router.get("/", response=responses({200: list[GrievanceOut]}, 422))
def list_grievances(
    request: HttpRequest, terlambat: bool = False, limit: Limit = 100, offset: Offset = 0
):
    """Sanggahan dalam cakupan; terlambat=true: belum diverifikasi setelah batas."""
    today = timezone.localdate()
    queryset = grievances_for(request.user).select_related("person")
    queryset = sla.overdue_grievances(queryset, today) if terlambat else queryset.order_by("-pk")
    page = list(queryset[offset : offset + limit])
    audit(request, Aksi.CARI, "sanggahan", page)
    return Status(200, [_grievance_out(g, today) for g in page])


@router.post("/", response=responses({201: GrievanceOut}, 400, 403, 422))
def receive(request: HttpRequest, body: GrievanceIn):
    """Catat sanggahan yang diterima; batas verifikasi 14 hari."""
    new = grievances.NewGrievance(
        kategori=body.kategori,
        uraian=body.uraian,
        wilayah=body.wilayah,
        nama_pelapor=body.nama_pelapor,
        kontak_pelapor=body.kontak_pelapor,
        person_id=body.orang,
        household_id=body.keluarga,
        program=body.program,
        diterima=body.diterima,
    )
    g = grievances.receive(request.user, new)
    audit(request, Aksi.UBAH, "sanggahan", [g])
    return Status(201, _grievance_out(g, timezone.localdate()))


class VerifyIn(Schema):
    hasil: Code
    tindak_lanjut: Code = "tidak_ada"
    catatan: Text = ""
    alasan: Annotated[str, Field(max_length=24)] = ""
    tanggal_status: Day | None = None  # the date a person died or moved


@router.post(
    "/{grievance_id}/verifikasi",
    response=responses({200: GrievanceOut}, 400, 403, 404, 422),
)
def verify(request: HttpRequest, grievance_id: Id, body: VerifyIn):
    """Hasil verifikasi dan akibatnya pada kepesertaan, dalam satu transaksi."""
    g = grievances.verify(request.user, grievance_id, **body.dict())
    audit(request, Aksi.UBAH, "sanggahan", [g])
    return Status(200, _grievance_out(g, timezone.localdate()))
