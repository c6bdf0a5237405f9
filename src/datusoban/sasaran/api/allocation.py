"""Budget allocation, targeting accuracy and the ranking's summary over the API.

Aggregates first: a kab/kota (or kecamatan) user's allocation runs over the
units of their kab/kota only, and stored runs, accuracy and the ranking show the
province totals and the rows of the kab/kota in scope. Where a household or a
person appears (the first unit left out, the proposals of a run), it is found
through the one scoping function, its identifiers masked as the role says, and
its reading recorded in the audit trail. Proposing enrolments changes data: only
roles that may write (``tulis``), at province or kab/kota level.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import PROVINCE, Scope, required_scope
from datusoban.api.errors import responses
from datusoban.api.schemas import Day, Id
from datusoban.refusal import RefusedError
from datusoban.sasaran.allocation import AllocationError
from datusoban.sasaran.allocation_services import (
    compute_allocation,
    kabkota_codes,
    policy,
    store_allocation,
    summary,
)
from datusoban.sasaran.disclosed import next_unit
from datusoban.sasaran.eligibility_services import programme_rules
from datusoban.sasaran.models import AlokasiAnggaran, KetepatanSasaran
from datusoban.sasaran.proposals import proposals_in_scope
from datusoban.sasaran.quota import from_mapping
from datusoban.sasaran.ranking_summary import ranking_summary

router = Router(tags=["alokasi"])
accuracy_router = Router(tags=["ketepatan"])
ranking_router = Router(tags=["peringkat"])

Rupiah = Annotated[int, Field(ge=0, le=10**15)]
Limit = Annotated[int, Field(ge=1, le=100)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]


class QuotaIn(Schema):
    jenis: Literal["porsi", "rupiah", "jumlah"]
    nilai: dict[Annotated[str, Field(max_length=10)], Annotated[float, Field(ge=0, le=10**15)]]
    redistribusi: bool | None = None


class AllocationIn(Schema):
    """Anggaran rupiah, atau jumlah penerima untuk program tanpa nominal; salah satu."""

    program: str = Field(pattern=r"^[A-Za-z_]{2,20}$")
    anggaran: Rupiah | None = None
    jumlah: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    kuota: QuotaIn | None = None
    banding: list[Rupiah] = Field(default_factory=list, max_length=10)
    peserta: Literal["lanjut", "kecualikan", "bersaing"] | None = None
    tambahan: Rupiah | None = None
    tanggal: Day | None = None


class RunIn(AllocationIn):
    usulkan: bool = Field(False, description="usulkan penerima baru sebagai kepesertaan")


class NextOut(Schema):
    unit: int | None = Field(None, description="keluarga/orang; kosong di luar cakupan")
    keluarga: int | None = None
    kode_kabkota: str
    urutan: int
    desil: int | None
    biaya: int
    tersedia: int
    kurang: int
    alasan: str


class AllocationOut(Schema):
    alokasi: int | None
    program: str
    sasaran: str
    wilayah: str
    satuan: str
    versi_aturan: str
    katalog: str
    versi_peringkat: str | None
    tanggal_acuan: date
    peserta: str
    kuota: dict[str, Any] | None
    anggaran: int
    layak: int
    sudah_terdaftar: int
    dipilih: int
    dipilih_lanjut: int
    dipilih_baru: int
    tersisih: int
    orang: int
    biaya: int
    manfaat_per_tahun: int | None
    sisa: int
    berikutnya: NextOut | None
    tambahan: dict[str, int] | None
    banding: list[dict[str, Any]]
    per_kabkota: dict[str, dict[str, Any]]
    diusulkan: int
    dihitung_oleh: str | None = None
    dihitung_pada: datetime | None = None


class ProposalOut(Schema):
    kepesertaan: int
    status: str
    keluarga: int | None
    no_kk: str | None
    orang: int | None
    nik: str | None
    nama: str | None
    kode_wilayah: str | None


class ProposalsOut(Schema):
    jumlah: int
    data: list[ProposalOut]


class AccuracyOut(Schema):
    program: str
    ketepatan: int
    sasaran: str
    versi_aturan: str
    versi_peringkat: str | None
    tanggal_acuan: date
    batas_desil: int | None
    provinsi: dict[str, Any]
    per_kabkota: dict[str, dict[str, Any]]


class RankingOut(Schema):
    versi: str
    selisih_beda: int
    provinsi: dict[str, Any]
    per_kabkota: dict[str, dict[str, Any]]


def _kabkota(scope: Scope) -> str | None:
    """The kab/kota an allocation is limited to; None for the province."""
    return None if scope.wilayah == PROVINCE else scope.wilayah[:5]


def _rows_in_scope(rows: dict[str, Any], scope: Scope) -> dict[str, Any]:
    own = _kabkota(scope)
    return {k: v for k, v in rows.items() if own is None or k == own}


def _options(body: AllocationIn, scope: Scope) -> dict[str, Any]:
    quota = None
    if body.kuota is not None:
        spread = body.kuota.redistribusi
        quota = from_mapping(
            body.kuota.jenis, dict(body.kuota.nilai), kabkota_codes(),
            redistribusi=policy()["redistribusi"] if spread is None else spread,
        )  # fmt: skip
    return {
        "as_of": body.tanggal or date.today(),
        "anggaran": body.anggaran,
        "jumlah": body.jumlah,
        "kuota": quota,
        "banding": body.banding,
        "peserta": body.peserta,
        "tambahan": body.tambahan,
        "kabkota": _kabkota(scope),
    }


@router.post("/pratinjau", response=responses({200: AllocationOut}, 400, 403, 422))
def preview(request: HttpRequest, body: AllocationIn):
    """Pratinjau alokasi anggaran menurut kebutuhan, tanpa menyimpan apa pun; pengguna
    kab/kota hanya atas unit kab/kotanya."""
    scope = required_scope(request.user)
    try:
        result = compute_allocation(body.program, **_options(body, scope))
    except AllocationError as error:
        raise RefusedError(error.kode, error.pesan, 400) from error
    out = summary(result)
    out["berikutnya"] = next_unit(request, out["berikutnya"], result.rules.sasaran)
    return Status(200, out)


@router.post("/", response=responses({200: AllocationOut}, 400, 403, 422))
def allocate(request: HttpRequest, body: RunIn):
    """Jalankan dan simpan alokasi anggaran; dengan usulkan, penerima baru diusulkan sebagai
    kepesertaan dalam satu transaksi. Hanya peran yang boleh mengubah data."""
    scope = required_scope(request.user)
    if not scope.role.tulis or scope.wilayah.count(".") > 1:
        raise RefusedError(
            "tanpa_izin",
            "Alokasi disimpan oleh peran yang boleh mengubah data, di tingkat provinsi atau "
            "kab/kota.",
            403,
        )
    try:
        result = compute_allocation(body.program, **_options(body, scope))
        run = store_allocation(result, user=request.user.get_username(), usulkan=body.usulkan)
    except AllocationError as error:
        raise RefusedError(error.kode, error.pesan, 400) from error
    record(
        request, Aksi.UBAH if body.usulkan else Aksi.BACA, "alokasi", [(str(run.pk), None)],
        rincian={"program": run.program_id, "dipilih": run.dipilih, "diusulkan": run.diusulkan},
    )  # fmt: skip
    out = summary(result, run)
    out["berikutnya"] = next_unit(request, out["berikutnya"], result.rules.sasaran)
    return Status(200, out)


def _stored(run: AlokasiAnggaran, request: HttpRequest, scope: Scope) -> dict[str, Any]:
    fields = (
        "program_id", "wilayah", "satuan", "anggaran", "kuota", "peserta", "versi_aturan",
        "katalog", "versi_peringkat", "tanggal_acuan", "sasaran", "layak", "sudah_terdaftar",
        "dipilih", "dipilih_lanjut", "dipilih_baru", "tersisih", "orang", "biaya",
        "manfaat_per_tahun", "sisa", "tambahan", "banding", "diusulkan", "dihitung_oleh",
        "dihitung_pada",
    )  # fmt: skip
    out = {f.removesuffix("_id"): getattr(run, f) for f in fields}
    out["alokasi"] = run.pk
    out["per_kabkota"] = _rows_in_scope(run.per_kabkota, scope)
    out["berikutnya"] = next_unit(request, run.berikutnya, run.sasaran)
    return out


def _runs_in_scope(scope: Scope):
    own = _kabkota(scope)
    runs = AlokasiAnggaran.objects.order_by("-dihitung_pada", "-pk")
    return runs if own is None else runs.filter(wilayah__in=[PROVINCE, own])


@router.get("/", response=responses({200: list[AllocationOut]}, 403, 422))
def runs(
    request: HttpRequest,
    program: str | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
):
    """Alokasi yang tersimpan, terbaru dulu: provinsi dan kab/kota dalam cakupan."""
    scope = required_scope(request.user)
    found = _runs_in_scope(scope)
    if program:
        found = found.filter(program_id=program.upper()[:20])
    return [_stored(run, request, scope) for run in found[offset : offset + limit]]


@router.get("/{run_id}", response=responses({200: AllocationOut}, 403, 404, 422))
def run_detail(request: HttpRequest, run_id: Id):
    """Satu alokasi tersimpan."""
    scope = required_scope(request.user)
    run = _runs_in_scope(scope).filter(pk=run_id).first()
    if run is None:
        raise RefusedError("tidak_ditemukan", "Alokasi tidak ditemukan.", 404)
    return Status(200, _stored(run, request, scope))


@router.get("/{run_id}/usulan", response=responses({200: ProposalsOut}, 403, 404, 422))
def proposals(request: HttpRequest, run_id: Id, limit: Limit = 20, offset: Offset = 0):
    """Kepesertaan yang diusulkan satu alokasi, dalam cakupan pengguna; NIK dan No KK
    disamarkan menurut peran; tiap orang/keluarga yang ditampilkan tercatat di jejak audit."""
    scope = required_scope(request.user)
    run = _runs_in_scope(scope).filter(pk=run_id).first()
    if run is None:
        raise RefusedError("tidak_ditemukan", "Alokasi tidak ditemukan.", 404)
    family = run.sasaran == "keluarga"
    rows = proposals_in_scope(run, request.user)
    total = rows.count()
    page = list(
        rows.order_by("pk").values(
            "pk", "status", "household_id", "household__no_kk", "household__wilayah_id",
            "person_id", "person__nik", "person__nama", "person__household__wilayah_id",
        )[offset : offset + limit]
    )  # fmt: skip
    role = scope.role
    data = [
        {
            "kepesertaan": r["pk"],
            "status": r["status"],
            "keluarga": r["household_id"],
            "no_kk": identifier_for(role, r["household__no_kk"]),
            "orang": r["person_id"],
            "nik": identifier_for(role, r["person__nik"]),
            "nama": r["person__nama"],
            "kode_wilayah": r["household__wilayah_id"] or r["person__household__wilayah_id"],
        }
        for r in page
    ]
    subjects = [
        (f"keluarga/{r['household_id']}", None) if family
        else (f"orang/{r['person_id']}", r["person__nik"])
        for r in page
    ] or [(f"alokasi/{run.pk}", None)]  # fmt: skip
    record(request, Aksi.BACA, "usulan_alokasi", subjects, rincian={"alokasi": run.pk})
    return Status(200, {"jumlah": total, "data": data})


def _accuracy(run: KetepatanSasaran, scope: Scope) -> dict[str, Any]:
    return {
        "program": run.program_id,
        "ketepatan": run.pk,
        "sasaran": run.sasaran,
        "versi_aturan": run.versi_aturan,
        "versi_peringkat": run.versi_peringkat,
        "tanggal_acuan": run.tanggal_acuan,
        "batas_desil": run.batas_desil,
        "provinsi": run.provinsi,
        "per_kabkota": _rows_in_scope(run.per_kabkota, scope),
    }


def _latest_accuracy(program: str) -> KetepatanSasaran | None:
    return KetepatanSasaran.objects.filter(program_id=program).order_by("-dihitung_pada").first()


@accuracy_router.get("/", response=responses({200: list[AccuracyOut]}, 403))
def accuracy_all(request: HttpRequest):
    """Ketepatan sasaran terbaru tiap program (galat inklusi dan eksklusi): total provinsi dan
    per kab/kota dalam cakupan (jalankan `datusoban ketepatan`)."""
    scope = required_scope(request.user)
    found = [_latest_accuracy(code) for code in sorted(programme_rules())]
    return [_accuracy(run, scope) for run in found if run is not None]


@accuracy_router.get("/{program}", response=responses({200: AccuracyOut}, 403, 404, 422))
def accuracy_one(request: HttpRequest, program: str):
    """Ketepatan sasaran terbaru satu program."""
    scope = required_scope(request.user)
    code = program.upper()
    if code not in programme_rules():
        raise RefusedError(
            "program_tidak_dikenal", f"Program {program[:40]!r} tidak punya aturan.", 404
        )
    run = _latest_accuracy(code)
    if run is None:
        raise RefusedError("belum_diukur", f"Ketepatan {code} belum diukur.", 404)
    return Status(200, _accuracy(run, scope))


@ranking_router.get("/", response=responses({200: RankingOut}, 403, 404, 422))
def ranking(request: HttpRequest, versi: Annotated[str, Field(max_length=20)] | None = None):
    """Ringkasan peringkat kesejahteraan: sebaran desil per kab/kota dan jumlah keluarga yang
    desil DTSEN-nya berbeda 2 desil atau lebih dari desil kita (`datusoban rank`)."""
    scope = required_scope(request.user)
    found = ranking_summary(versi)
    if found is None or found["provinsi"]["keluarga"] == 0:
        raise RefusedError("belum_diperingkat", "Belum ada peringkat kesejahteraan.", 404)
    found["per_kabkota"] = _rows_in_scope(found["per_kabkota"], scope)
    return Status(200, found)
