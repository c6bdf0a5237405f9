"""The delivery network over the API: coverage, caseloads, workers, training, LKS, UPTD.

Every answer follows the user's region (``layanan.regions``); a field worker
gets their own caseload only. Persons (overlapping LKS clients, UPTD residents)
are found through ``accounts.scope.scoped``, their NIK masked as the role says,
and each person returned is recorded in the audit trail. Moving families between
pendamping changes data: roles that may write (``tulis``) only.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import Scope, required_scope
from datusoban.api.errors import responses
from datusoban.api.schemas import Day, Id
from datusoban.layanan import caseload, coverage, panti, staff, training
from datusoban.layanan import lembaga as lks
from datusoban.layanan.models import Lembaga, Pilar
from datusoban.layanan.regions import regional
from datusoban.layanan.shown import workers_shown
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person

router = Router(tags=["layanan"])

Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]
Code = Annotated[str, Field(max_length=20, pattern=r"^[0-9A-Za-z._:-]+$")]


class CoverageKabkotaOut(Schema):
    kode: str
    nama: str
    kecamatan: int
    kecamatan_tanpa_tksk: int
    tksk: int
    pendamping: int
    psm: int
    tagana: int
    lks: int
    lkks: int
    tanpa_lkks: bool


class GapOut(Schema):
    kode: str
    nama: str
    kode_kabkota: str


class CoverageOut(Schema):
    kabkota: list[CoverageKabkotaOut]
    kecamatan_tanpa_tksk: list[GapOut]


@router.get("/cakupan", response=responses({200: CoverageOut}, 403))
def coverage_view(request: HttpRequest):
    scope = required_scope(request.user)
    rows = coverage.kabkota_coverage(scope)
    return Status(
        200,
        {
            "kabkota": [{**r.__dict__, "tanpa_lkks": r.tanpa_lkks} for r in rows],
            "kecamatan_tanpa_tksk": [g.__dict__ for g in coverage.kecamatan_gaps(scope)],
        },
    )


class CaseloadOut(Schema):
    pendamping: str
    nama: str
    kode_kecamatan: str
    kpm: int
    rasio: float
    di_atas_norma: bool


class SuggestionSchema(Schema):
    kode_kecamatan: Code
    dari: Code
    ke: Code
    jumlah: Annotated[int, Field(ge=1, le=100_000)]


class CaseloadsOut(Schema):
    norma: int
    pendamping: list[CaseloadOut]
    usulan: list[SuggestionSchema]


@router.get("/beban", response=responses({200: CaseloadsOut}, 403, 422))
def caseloads(request: HttpRequest, kecamatan: Code | None = None):
    scope = required_scope(request.user)
    rows = caseload.caseloads(request.user, kecamatan)
    own = scope.role.kode == caseload.FIELD_WORKER
    moves = [] if own else caseload.suggestions(request.user, kecamatan)
    return Status(
        200,
        {
            "norma": caseload.caseload_norm(),
            "pendamping": [
                {**c.__dict__, "rasio": c.rasio, "di_atas_norma": c.di_atas_norma} for c in rows
            ],
            "usulan": [m.__dict__ for m in moves],
        },
    )


class MovedOut(Schema):
    dipindahkan: int


@router.post("/beban/pindah", response=responses({200: MovedOut}, 400, 403, 422))
def move(request: HttpRequest, body: SuggestionSchema):
    scope = required_scope(request.user)
    if not scope.role.tulis:
        raise RefusedError("tanpa_izin", "Peran Anda tidak boleh mengubah data.", 403)
    suggestion = caseload.Suggestion(body.kode_kecamatan, body.dari, body.ke, body.jumlah)
    moved = caseload.apply(suggestion, user=request.user, role=scope.role)
    record(
        request, Aksi.UBAH, "pendamping_kpm", [(f"{body.dari}->{body.ke}", None)],
        rincian={"kecamatan": body.kode_kecamatan, "jumlah": moved},
    )  # fmt: skip
    return Status(200, {"dipindahkan": moved})


class PilarOut(Schema):
    id: int
    peran: str
    jenis_psks: int | None
    nama: str
    nik: str | None
    wilayah: str
    kode_kabkota: str
    status: str
    telepon: str
    email: str


class PilarPage(Schema):
    jumlah: int
    data: list[PilarOut]


@router.get("/pilar", response=responses({200: PilarPage}, 403, 422))
def workers(
    request: HttpRequest,
    peran: Annotated[str, Field(max_length=20)] | None = None,
    status: Annotated[str, Field(max_length=10)] | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    scope = required_scope(request.user)
    rows = regional(request.user, Pilar.objects.all())
    if peran:
        rows = rows.filter(peran=peran)
    if status:
        rows = rows.filter(status=status)
    shown = list(rows.order_by("pk")[offset : offset + limit])
    data = [
        {"id": p.pk, "peran": p.peran, "jenis_psks": p.jenis_id, "nama": p.nama,
         "nik": identifier_for(scope.role, p.nik), "wilayah": p.wilayah_id,
         "kode_kabkota": p.kode_kabkota, "status": p.status, "telepon": p.telepon,
         "email": p.email}
        for p in shown
    ]  # fmt: skip
    workers_shown(request, shown)
    return Status(200, {"jumlah": rows.count(), "data": data})


class DueOut(Schema):
    pilar: int
    nama: str
    peran: str
    kode_kabkota: str
    berlaku_sampai: date | None
    alasan: str


@router.get("/pelatihan/perlu", response=responses({200: list[DueOut]}, 403, 422))
def due(request: HttpRequest, tanggal: Day | None = None):
    required_scope(request.user)
    found = training.due_for_training(
        regional(request.user, Pilar.objects.all()), tanggal or date.today()
    )
    workers_shown(request, [d.pilar for d in found])
    return Status(
        200,
        [
            {"pilar": d.pilar.pk, "nama": d.pilar.nama, "peran": d.pilar.peran,
             "kode_kabkota": d.pilar.kode_kabkota, "berlaku_sampai": d.berlaku_sampai,
             "alasan": d.alasan}
            for d in found
        ],
    )  # fmt: skip


class LembagaOut(Schema):
    id: int
    jenis: str
    kode: str
    nama: str
    kode_kabkota: str
    akreditasi: str
    kapasitas: int | None
    terisi: int
    okupansi_persen: float | None
    layanan: list[str]


def _institutions(rows) -> list[dict]:
    return [
        {"id": x.pk, "jenis": x.jenis, "kode": x.kode, "nama": x.nama,
         "kode_kabkota": x.kode_kabkota, "akreditasi": x.akreditasi, "kapasitas": x.kapasitas,
         "terisi": x.terisi, "okupansi_persen": lks.occupancy_percent(x.terisi, x.kapasitas),
         "layanan": x.layanan}
        for x in lks.with_occupancy(rows).order_by("kode_kabkota", "nama")
    ]  # fmt: skip


@router.get("/lks", response=responses({200: list[LembagaOut]}, 403))
def lks_list(request: HttpRequest):
    required_scope(request.user)
    return Status(200, _institutions(regional(request.user, Lembaga.objects.filter(jenis="lks"))))


class LkksOut(Schema):
    kode_kabkota: str
    lkks: str | None
    lks: int
    kapasitas: int
    terisi: int
    terakreditasi: int
    tumpang_tindih: int


def _clients(request: HttpRequest):
    return staff.clients(request.user)


@router.get("/lkks", response=responses({200: list[LkksOut]}, 403))
def lkks(request: HttpRequest):
    required_scope(request.user)
    rows = lks.lkks_view(regional(request.user, Lembaga.objects.all()), _clients(request))
    return Status(200, [r.__dict__ for r in rows])


class OverlapOut(Schema):
    person: int
    nik: str | None
    kebutuhan: str
    lembaga: list[str]
    kode_kabkota: str


def _masked(request: HttpRequest, scope: Scope, ids: set[int], objek: str) -> dict[int, str | None]:
    niks = dict(Person.objects.filter(pk__in=ids).values_list("pk", "nik"))
    if niks:
        record(request, Aksi.BACA, objek, [(str(pk), nik) for pk, nik in niks.items()])
    return {pk: identifier_for(scope.role, nik) for pk, nik in niks.items()}


@router.get("/lks/tumpang-tindih", response=responses({200: list[OverlapOut]}, 403))
def overlaps(request: HttpRequest):
    scope = required_scope(request.user)
    found = lks.overlaps(_clients(request))
    nik = _masked(request, scope, {o.person_id for o in found}, "klien_lembaga")
    return Status(
        200,
        [
            {"person": o.person_id, "nik": nik.get(o.person_id), "kebutuhan": o.kebutuhan,
             "lembaga": list(o.lembaga), "kode_kabkota": o.kode_kabkota}
            for o in found
        ],
    )  # fmt: skip


@router.get("/uptd", response=responses({200: list[LembagaOut]}, 403))
def uptd_list(request: HttpRequest):
    required_scope(request.user)
    return Status(200, _institutions(Lembaga.objects.filter(jenis="uptd")))


class KemandirianOut(Schema):
    kode_kabkota: str
    tahun: int
    dipulangkan: int
    mandiri: int
    belum: int
    menunggu: int
    persen: float | None


def _residents(request: HttpRequest):
    return staff.residents(request.user)


@router.get("/uptd/kemandirian", response=responses({200: list[KemandirianOut]}, 403, 422))
def kemandirian(request: HttpRequest, tanggal: Day | None = None):
    required_scope(request.user)
    return Status(200, panti.kemandirian(_residents(request), tanggal).to_dicts())


class WargaOut(Schema):
    id: int
    person: int
    nik: str | None
    masuk: date
    keluar: date | None
    alasan_keluar: str | None
    layanan: list[str]
    kunjungan_terakhir: str | None


@router.get("/uptd/{uptd_id}/warga", response=responses({200: list[WargaOut]}, 403, 404, 422))
def residents(request: HttpRequest, uptd_id: Id, limit: Limit = 100, offset: Offset = 0):
    scope = required_scope(request.user)
    if not Lembaga.objects.filter(pk=uptd_id, jenis="uptd").exists():
        raise RefusedError("tidak_ditemukan", "UPTD tidak ditemukan.", 404)
    rows = list(
        _residents(request)
        .filter(uptd_id=uptd_id)
        .prefetch_related("layanan", "kunjungan")
        .order_by("pk")[offset : offset + limit]
    )
    nik = _masked(request, scope, {w.person_id for w in rows}, "warga_binaan")
    return Status(
        200,
        [
            {"id": w.pk, "person": w.person_id, "nik": nik.get(w.person_id), "masuk": w.masuk,
             "keluar": w.keluar, "alasan_keluar": w.alasan_keluar,
             "layanan": [s.komponen for s in w.layanan.all()],
             "kunjungan_terakhir": ([k.hasil for k in w.kunjungan.all()] or [None])[-1]}
            for w in rows
        ],
    )  # fmt: skip
