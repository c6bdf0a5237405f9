"""The linkage review queue, golden records with provenance, merge, split and undo."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import scope_of, scoped
from datusoban.api.errors import responses
from datusoban.api.schemas import ErrorOut, Id
from datusoban.impor.received import received_values
from datusoban.penautan import review_access
from datusoban.penautan.decisions import (
    DecisionError,
    decide_pair,
    merge_persons,
    split_records,
    undo,
)
from datusoban.penautan.models import Decision, LinkRun, ReviewPair
from datusoban.penautan.review_access import (
    DECIDE_PERMISSION,
    VIEW_PERMISSION,
    Refusal,
    disclosed_snapshot,
    record_decision_read,
)
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person, SourceRecord

router = Router(tags=["penautan"])
# Paging bounds, checked before any query (a negative slice is not a page).
Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=10_000_000)]


def _refuse(refused: Refusal | None) -> None:
    """A refusal of the shared review rules (penautan.review_access), raised: the API answers
    it in one place (api/errors.py), as it answers every other."""
    if refused is not None:
        raise RefusedError(refused.kode, refused.pesan, refused.status)


def _refusal(request: HttpRequest, permission: str) -> None:
    _refuse(review_access.refusal(request.user, permission))


def _pair_refusal(request: HttpRequest, pair_id: int) -> None:
    _refuse(review_access.pair_refusal(request.user, pair_id))


def _persons_refusal(request: HttpRequest, person_ids: list[int]) -> None:
    _refuse(review_access.persons_refusal(request.user, person_ids))


class RecordOut(Schema):
    id: int
    batch_id: int
    sumber: str
    record_id: str
    orang_id: int | None
    nik: str | None
    no_kk: str | None
    nama: str
    jenis_kelamin: str
    tanggal_lahir: date | None
    kode_wilayah: str
    data: dict


class PairOut(Schema):
    id: int
    run_id: int
    rekaman_l: int
    rekaman_r: int
    match_probability: float
    match_weight: float
    alasan: str
    status: str
    diputus_oleh: str
    diputus_pada: datetime | None


class EvidenceOut(Schema):
    bobot: float
    tingkat: str | None


class PairDetailOut(PairOut):
    bukti: dict[str, EvidenceOut]
    kiri: RecordOut
    kanan: RecordOut


class DecisionOut(Schema):
    id: int
    jenis: str
    oleh: str
    pada: datetime
    alasan: str
    rincian: dict
    sebelum: dict
    sesudah: dict
    membatalkan: int | None
    dibatalkan_oleh: int | None


class PassedValueOut(Schema):
    rekaman: int = Field(description="id rekaman sumber yang nilainya dilewati")
    tanda: list[str] = Field(
        description="tanda mutu nilai itu (mis. tanggal_perkiraan, nik_berulang)"
    )


class FieldOriginOut(Schema):
    rekaman: int = Field(description="id rekaman sumber yang nilainya dipakai")
    aturan: str = Field(description="aturan survivorship bidang ini (rules.toml)")
    tanda: list[str] | None = Field(
        None,
        description="tanda mutu nilai yang dipakai; hanya ada bila semua nilai yang "
        "tersedia bertanda",
    )
    dilewati: list[PassedValueOut] | None = Field(
        None,
        description="nilai bertanda yang menurut aturan saja akan menang, tetapi "
        "dilewati karena ada nilai tanpa tanda",
    )


class GoldenPersonOut(Schema):
    id: int
    nik: str | None
    nama: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: date | None
    nama_ibu_kandung: str
    hubungan_keluarga: str
    household_id: int | None
    asal_data: dict[str, FieldOriginOut] | None = Field(
        None, description="per bidang golden: rekaman asal nilainya dan mengapa nilai itu menang"
    )
    rekaman: list[RecordOut]


class RunOut(Schema):
    id: int
    mulai: datetime
    selesai: datetime | None
    dijalankan_oleh: str
    mesin: str
    versi_model: str
    ambang: dict
    batch: list
    rekaman_baru: int
    rekaman_pembanding: int
    orang_baru: int
    rekaman_ke_orang_lama: int
    rekaman_ke_orang_baru: int
    rekaman_ditahan: int
    pasangan_tinjauan: int
    keluarga_baru: int


class DecideIn(Schema):
    alasan: str = ""


class MergeIn(Schema):
    tetap: Id
    digabungkan: Id
    alasan: str = ""


class SplitIn(Schema):
    orang: Id
    rekaman: list[Id]
    alasan: str = ""


def _record_out(record: SourceRecord, role: Role) -> RecordOut:
    # The row as received, as the role may see it (ingest.received: identifiers masked,
    # health columns hidden), the same rule as the review and person pages.
    mapping = (record.batch.laporan or {}).get("kolom_dipakai")
    return RecordOut(
        id=record.pk, batch_id=record.batch_id, sumber=record.batch.source.nama,
        record_id=record.record_id, orang_id=record.person_id,
        nik=identifier_for(role, record.nik), no_kk=identifier_for(role, record.no_kk),
        nama=record.nama, jenis_kelamin=record.jenis_kelamin,
        tanggal_lahir=record.tanggal_lahir, kode_wilayah=record.kode_wilayah,
        data=dict(received_values(role, record.data, mapping)),
    )  # fmt: skip


def _pair_out(pair: ReviewPair) -> dict:
    return {
        "id": pair.pk, "run_id": pair.run_id, "rekaman_l": pair.rekaman_l_id,
        "rekaman_r": pair.rekaman_r_id, "match_probability": pair.match_probability,
        "match_weight": pair.match_weight, "alasan": pair.alasan, "status": pair.status,
        "diputus_oleh": pair.diputus_oleh, "diputus_pada": pair.diputus_pada,
    }  # fmt: skip


def _decision_out(decision: Decision, user) -> DecisionOut:
    undone = Decision.objects.filter(membatalkan=decision).values_list("pk", flat=True).first()
    return DecisionOut(
        id=decision.pk, jenis=decision.jenis, oleh=decision.oleh, pada=decision.pada,
        alasan=decision.alasan, rincian=decision.rincian,
        sebelum=disclosed_snapshot(user, decision.sebelum),
        sesudah=disclosed_snapshot(user, decision.sesudah),
        membatalkan=decision.membatalkan_id, dibatalkan_oleh=undone,
    )  # fmt: skip


def _decided(request: HttpRequest, take) -> Status:
    try:
        decision = review_access.decided(request, take)
    except DecisionError as exc:
        return Status(409, ErrorOut(kode=exc.code, pesan=str(exc)))
    return Status(200, _decision_out(decision, request.user))


_DECISION = responses({200: DecisionOut}, 400, 403, 404, 409, 422)
_RECORDS = SourceRecord.objects.select_related("batch__source")


@router.get("/proses", response=responses({200: list[RunOut]}, 403, 422))
def runs(request: HttpRequest, limit: Limit = 50):
    """Proses penautan terakhir: kapan, oleh siapa, mesin, model, ambang dan hasilnya."""
    _refusal(request, VIEW_PERMISSION)
    return Status(200, list(LinkRun.objects.order_by("-pk")[:limit]))


@router.get("/tinjauan", response=responses({200: list[PairOut]}, 403, 422))
def review_queue(
    request: HttpRequest,
    status: str = ReviewPair.Status.MENUNGGU,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Antrean tinjauan: pasangan rekaman yang mungkin orang yang sama, paling meragukan dulu."""
    _refusal(request, VIEW_PERMISSION)
    pairs = review_access.visible_pairs(request.user, status)
    return Status(200, [_pair_out(p) for p in pairs[offset : offset + limit]])


@router.get("/tinjauan/{pair_id}", response=responses({200: PairDetailOut}, 403, 404, 422))
def review_pair(request: HttpRequest, pair_id: Id):
    """Satu pasangan dengan bukti per kolom (bobot dan tingkat kecocokan) dan kedua rekamannya."""
    _refusal(request, VIEW_PERMISSION)
    pair = review_access.visible_pair(request.user, pair_id)
    if pair is None:
        _refuse(review_access.not_found("Pasangan"))
    left, right = _RECORDS.get(pk=pair.rekaman_l_id), _RECORDS.get(pk=pair.rekaman_r_id)
    review_access.record_pair_read(request, (left, right))
    role = scope_of(request.user).role
    return Status(
        200,
        PairDetailOut(
            **_pair_out(pair),
            bukti=pair.bukti,
            kiri=_record_out(left, role),
            kanan=_record_out(right, role),
        ),
    )


@router.post("/tinjauan/{pair_id}/terima", response=_DECISION)
def accept_pair(request: HttpRequest, pair_id: Id, body: DecideIn):
    """Terima: kedua rekaman orang yang sama (orangnya digabungkan)."""
    _refusal(request, DECIDE_PERMISSION)
    _pair_refusal(request, pair_id)
    return _decided(
        request,
        lambda: decide_pair(
            pair_id, accept=True, user=request.user.get_username(), alasan=body.alasan
        ),
    )


@router.post("/tinjauan/{pair_id}/tolak", response=_DECISION)
def reject_pair(request: HttpRequest, pair_id: Id, body: DecideIn):
    """Tolak: kedua rekaman orang yang berbeda."""
    _refusal(request, DECIDE_PERMISSION)
    _pair_refusal(request, pair_id)
    return _decided(
        request,
        lambda: decide_pair(
            pair_id, accept=False, user=request.user.get_username(), alasan=body.alasan
        ),
    )


@router.post("/gabung", response=_DECISION)
def merge(request: HttpRequest, body: MergeIn):
    """Gabungkan dua orang: semua rekaman orang `digabungkan` pindah ke orang `tetap`."""
    _refusal(request, DECIDE_PERMISSION)
    _persons_refusal(request, [body.tetap, body.digabungkan])
    return _decided(
        request,
        lambda: merge_persons(
            body.tetap, body.digabungkan, user=request.user.get_username(), alasan=body.alasan
        ),
    )


@router.post("/pisah", response=_DECISION)
def split(request: HttpRequest, body: SplitIn):
    """Pisahkan rekaman dari seorang orang menjadi orang baru."""
    _refusal(request, DECIDE_PERMISSION)
    _persons_refusal(request, [body.orang])
    return _decided(
        request,
        lambda: split_records(
            body.orang, body.rekaman, user=request.user.get_username(), alasan=body.alasan
        ),
    )


@router.get("/keputusan", response=responses({200: list[DecisionOut]}, 403, 422))
def decisions(request: HttpRequest, limit: Limit = 50, offset: Offset = 0):
    """Log keputusan penautan: siapa, kapan, apa, data sebelum dan sesudah."""
    _refusal(request, VIEW_PERMISSION)
    rows = list(Decision.objects.all()[offset : offset + limit])
    record_decision_read(request, rows)
    return Status(200, [_decision_out(d, request.user) for d in rows])


@router.post(
    "/keputusan/{decision_id}/batal",
    response=_DECISION,
)
def undo_decision(request: HttpRequest, decision_id: Id, body: DecideIn):
    """Batalkan satu keputusan: data kembali persis seperti sebelum keputusan itu."""
    _refuse(review_access.undo_refusal(request.user))
    return _decided(
        request,
        lambda: undo(decision_id, user=request.user.get_username(), alasan=body.alasan),
    )


@router.get("/orang/{person_id}", response=responses({200: GoldenPersonOut}, 403, 404, 422))
def person(request: HttpRequest, person_id: Id):
    """Rekaman emas seseorang: tiap kolom dengan asalnya (rekaman dan aturan), dan rekamannya."""
    _refusal(request, VIEW_PERMISSION)
    found = scoped(request.user, Person.objects.filter(pk=person_id)).first()
    if found is None:
        _refuse(review_access.not_found("Orang"))
    records = _RECORDS.filter(person_id=found.pk).order_by("pk")
    record(request, Aksi.BACA, "orang", [(str(found.pk), found.nik)])
    role = scope_of(request.user).role
    return Status(
        200,
        GoldenPersonOut(
            id=found.pk,
            nik=identifier_for(role, found.nik),
            nama=found.nama,
            jenis_kelamin=found.jenis_kelamin,
            tempat_lahir=found.tempat_lahir,
            tanggal_lahir=found.tanggal_lahir,
            nama_ibu_kandung=found.nama_ibu_kandung,
            hubungan_keluarga=found.hubungan_keluarga,
            household_id=found.household_id,
            asal_data=found.asal_data,
            rekaman=[_record_out(r, role) for r in records],
        ),
    )
