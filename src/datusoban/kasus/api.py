"""Case reports and referrals over the API (grievances: ``grievances.py``, disasters:
``disaster.py``).

Everything is found through ``kasus.access`` (out of scope: 404) and changed through the
cases services, which check the role and the workflow; a refusal is 400 (or 403 for a
role that may not act) with a stable code and a message in Bahasa Indonesia. A person is
given by id only when the registry's scoping function lets the caller see them, and every
answer naming someone is recorded in the audit trail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scoped
from datusoban.api.errors import responses
from datusoban.api.schemas import Id
from datusoban.kasus import policy, referrals, services, sla
from datusoban.kasus.access import cases_for
from datusoban.kasus.models import LaporanKasus
from datusoban.registri.models import Person

router = Router(tags=["kasus"])

Text = Annotated[str, Field(max_length=2000)]
Short = Annotated[str, Field(max_length=160)]
Code = Annotated[str, Field(max_length=24, pattern=r"^[a-z_]{1,24}$")]
RegionCode = Annotated[str, Field(max_length=13, pattern=r"^63(\.\d{2}){1,3}(\.\d{4})?$")]
Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]


def _visible_person(request: HttpRequest, person_id: int | None) -> int | None:
    if person_id is None:
        return None
    return person_id if scoped(request.user, Person.objects.filter(pk=person_id)).exists() else None


def audit(request: HttpRequest, aksi: str, objek: str, items) -> None:
    subjects = [(str(i.pk), i.person.nik) for i in items if i.person_id]
    record(request, aksi, objek, subjects or [("", None)])


class CaseIn(Schema):
    kategori: Annotated[int, Field(ge=1, le=99)]
    desa: RegionCode
    uraian: Text
    urgensi: Code
    alamat: Short = ""
    orang: Id | None = Field(None, description="id orang di registri (dalam cakupan)")
    nama_orang: Short = ""


class CaseOut(Schema):
    id: int
    kategori: int
    desa: str
    kode_kabkota: str
    urgensi: str
    status: str
    orang: int | None = Field(None, description="kosong bila di luar akses pemanggil")
    dilaporkan_pada: datetime
    batas_waktu: datetime
    ditangani_pada: datetime | None
    terlambat: bool


class StepOut(Schema):
    aksi: str
    dari: str
    ke: str
    oleh: str
    pada: datetime
    catatan: str


class ReferralOut(Schema):
    id: int
    jenis: str
    program: str | None
    nama_penerima: str
    status: str
    alasan: str
    kepesertaan: int | None
    persetujuan: int | None
    lembaga: int | None


class CaseDetailOut(CaseOut):
    uraian: str
    alamat: str
    langkah: list[StepOut]
    rujukan: list[ReferralOut]


class CasesOut(Schema):
    jumlah: int
    data: list[CaseOut]


def _case_out(request: HttpRequest, case: LaporanKasus, now: datetime) -> dict:
    return {
        "id": case.pk,
        "kategori": case.kategori_id,
        "desa": case.desa_id,
        "kode_kabkota": case.kode_kabkota,
        "urgensi": case.urgensi,
        "status": case.status,
        "orang": _visible_person(request, case.person_id),
        "dilaporkan_pada": case.dilaporkan_pada,
        "batas_waktu": case.batas_waktu,
        "ditangani_pada": case.ditangani_pada,
        "terlambat": case.status not in policy.sla_met_statuses() and case.batas_waktu < now,
    }


def _detail(request: HttpRequest, case: LaporanKasus) -> dict:
    return {
        **_case_out(request, case, timezone.now()),
        "uraian": case.uraian,
        "alamat": case.alamat,
        "langkah": [
            {
                "aksi": s.aksi,
                "dari": s.dari,
                "ke": s.ke,
                "oleh": s.oleh,
                "pada": s.pada,
                "catatan": s.catatan,
            }
            for s in case.langkah.all()
        ],
        "rujukan": [
            {
                "id": r.pk,
                "jenis": r.jenis,
                "program": r.program_id,
                "nama_penerima": r.nama_penerima,
                "status": r.status,
                "alasan": r.alasan,
                "kepesertaan": r.kepesertaan_id,
                "persetujuan": r.persetujuan_id,
                "lembaga": r.lembaga_id,
            }
            for r in case.rujukan.order_by("pk")
        ],
    }


@router.get("/", response=responses({200: CasesOut}, 422))
def list_cases(
    request: HttpRequest,
    status: Code | None = None,
    terlambat: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """Laporan kasus dalam cakupan; terlambat=true: yang lewat batas waktu SLA."""
    now = timezone.now()
    queryset = cases_for(request.user).select_related("person")
    if terlambat:
        queryset = sla.overdue_cases(queryset, now)
    else:
        queryset = queryset.order_by("-dilaporkan_pada", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    page = list(queryset[offset : offset + limit])
    audit(request, Aksi.CARI, "laporan_kasus", page)
    return Status(
        200, {"jumlah": queryset.count(), "data": [_case_out(request, c, now) for c in page]}
    )


@router.get("/ringkasan", response=responses({200: list[dict]}))
def case_summary(request: HttpRequest):
    """Per kab/kota: jumlah per status, terlambat, kepatuhan SLA (persen)."""
    rows = sla.case_summary(cases_for(request.user), timezone.now())
    return Status(200, [{k: v for k, v in r.items() if k != "per_status"} for r in rows])


@router.post("/", response=responses({201: CaseDetailOut}, 400, 403, 422))
def file_case(request: HttpRequest, body: CaseIn):
    """Laporkan kasus (tanpa foto; foto dilampirkan lewat halaman web)."""
    new = services.NewCase(
        kategori=body.kategori,
        desa=body.desa,
        uraian=body.uraian,
        urgensi=body.urgensi,
        alamat=body.alamat,
        person_id=body.orang,
        nama_orang=body.nama_orang,
    )
    case = services.file_report(request.user, new)
    audit(request, Aksi.UBAH, "laporan_kasus", [case])
    return Status(201, _detail(request, case))


@router.get("/{case_id}", response=responses({200: CaseDetailOut}, 404, 422))
def get_case(request: HttpRequest, case_id: Id):
    """Satu laporan kasus dengan langkah-langkah dan rujukannya."""
    case = services.visible_case(request.user, case_id)
    audit(request, Aksi.BACA, "laporan_kasus", [case])
    return Status(200, _detail(request, case))


class StepIn(Schema):
    aksi: Code
    catatan: Text = ""


@router.post("/{case_id}/langkah", response=responses({200: CaseDetailOut}, 400, 403, 404, 422))
def take_step(request: HttpRequest, case_id: Id, body: StepIn):
    """Ambil satu langkah alur kerja (verifikasi, asesmen, tangani, tutup, ...)."""
    case = services.take_step(request.user, case_id, body.aksi, body.catatan)
    audit(request, Aksi.UBAH, "laporan_kasus", [case])
    return Status(200, _detail(request, case))


class ConsentIn(Schema):
    nama_pemberi: Short
    hubungan: Annotated[str, Field(max_length=40)]
    cara: Literal["tertulis", "lisan", "cap_jempol"]


@router.post("/{case_id}/persetujuan", response=responses({201: dict}, 400, 403, 404, 422))
def give_consent(request: HttpRequest, case_id: Id, body: ConsentIn):
    """Catat persetujuan yang bersangkutan sebelum rujukan ke lembaga luar."""
    given = referrals.record_consent(request.user, case_id, **body.dict())
    audit(request, Aksi.UBAH, "laporan_kasus", [given.kasus])
    return Status(201, {"id": given.pk})


class ReferralIn(Schema):
    jenis: Literal["program", "lks", "uptd", "instansi"]
    program: Annotated[str, Field(max_length=20)] = ""
    lembaga: Id | None = Field(None, description="LKS/UPTD terdaftar (layanan)")
    nama_penerima: Short = ""
    catatan: Text = ""


@router.post("/{case_id}/rujukan", response=responses({201: ReferralOut}, 400, 403, 404, 422))
def refer(request: HttpRequest, case_id: Id, body: ReferralIn):
    """Rujuk kasus; ke program membuat usulan kepesertaan."""
    r = referrals.refer(request.user, case_id, **body.dict())
    audit(request, Aksi.UBAH, "laporan_kasus", [r.kasus])
    return Status(
        201,
        {
            "id": r.pk,
            "jenis": r.jenis,
            "program": r.program_id,
            "nama_penerima": r.nama_penerima,
            "status": r.status,
            "alasan": r.alasan,
            "kepesertaan": r.kepesertaan_id,
            "persetujuan": r.persetujuan_id,
            "lembaga": r.lembaga_id,
        },
    )


class DecisionIn(Schema):
    terima: bool
    alasan: Annotated[str, Field(max_length=500)] = ""


@router.post(
    "/rujukan/{referral_id}/putusan",
    response=responses({200: dict}, 400, 403, 404, 422),
)
def decide(request: HttpRequest, referral_id: Id, body: DecisionIn):
    """Penerima rujukan menerima atau menolak (dengan alasan)."""
    r = referrals.decide(request.user, referral_id, terima=body.terima, alasan=body.alasan)
    audit(request, Aksi.UBAH, "laporan_kasus", [r.kasus])
    return Status(200, {"id": r.pk, "status": r.status})
