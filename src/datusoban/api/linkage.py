"""The linkage review queue, golden records with provenance, merge, split and undo."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from datusoban.linkage.decisions import (
    DecisionError,
    decide_pair,
    merge_persons,
    split_records,
    undo,
)
from datusoban.linkage.models import Decision, LinkRun, ReviewPair
from datusoban.registry.models import Person, SourceRecord

router = Router(tags=["penautan"])

# Reading the queue shows personal data of two records; deciding changes who
# is who in the registry. The one place these permissions are checked.
VIEW_PERMISSION = "linkage.view_reviewpair"
DECIDE_PERMISSION = "linkage.add_decision"


class ErrorOut(Schema):
    kode: str
    pesan: str


def _refusal(request: HttpRequest, permission: str) -> Status | None:
    if request.user.has_perm(permission):
        return None
    what = "mengambil keputusan penautan" if permission == DECIDE_PERMISSION else "melihat data ini"
    return Status(403, ErrorOut(kode="tanpa_izin", pesan=f"Anda tidak berhak {what}."))


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


class PersonOut(Schema):
    id: int
    nik: str | None
    nama: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: date | None
    nama_ibu_kandung: str
    hubungan_keluarga: str
    household_id: int | None
    asal_data: dict | None
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
    tetap: int
    digabungkan: int
    alasan: str = ""


class SplitIn(Schema):
    orang: int
    rekaman: list[int]
    alasan: str = ""


def _record_out(record: SourceRecord) -> RecordOut:
    return RecordOut(
        id=record.pk, batch_id=record.batch_id, sumber=record.batch.source.nama,
        record_id=record.record_id, orang_id=record.person_id, nik=record.nik,
        no_kk=record.no_kk, nama=record.nama, jenis_kelamin=record.jenis_kelamin,
        tanggal_lahir=record.tanggal_lahir, kode_wilayah=record.kode_wilayah, data=record.data,
    )  # fmt: skip


def _pair_out(pair: ReviewPair) -> dict:
    return {
        "id": pair.pk, "run_id": pair.run_id, "rekaman_l": pair.rekaman_l_id,
        "rekaman_r": pair.rekaman_r_id, "match_probability": pair.match_probability,
        "match_weight": pair.match_weight, "alasan": pair.alasan, "status": pair.status,
        "diputus_oleh": pair.diputus_oleh, "diputus_pada": pair.diputus_pada,
    }  # fmt: skip


def _decision_out(decision: Decision) -> DecisionOut:
    undone = Decision.objects.filter(membatalkan=decision).values_list("pk", flat=True).first()
    return DecisionOut(
        id=decision.pk, jenis=decision.jenis, oleh=decision.oleh, pada=decision.pada,
        alasan=decision.alasan, rincian=decision.rincian, sebelum=decision.sebelum,
        sesudah=decision.sesudah, membatalkan=decision.membatalkan_id, dibatalkan_oleh=undone,
    )  # fmt: skip


def _decided(take) -> Status:
    try:
        return Status(200, _decision_out(take()))
    except DecisionError as exc:
        return Status(409, ErrorOut(kode=exc.code, pesan=str(exc)))


_DECISION = {200: DecisionOut, 403: ErrorOut, 409: ErrorOut}
_RECORDS = SourceRecord.objects.select_related("batch__source")


@router.get("/proses", response={200: list[RunOut], 403: ErrorOut})
def runs(request: HttpRequest, limit: int = 50):
    """Proses penautan terakhir: kapan, oleh siapa, mesin, model, ambang dan hasilnya."""
    return _refusal(request, VIEW_PERMISSION) or Status(
        200, list(LinkRun.objects.order_by("-pk")[: min(limit, 500)])
    )


@router.get("/tinjauan", response={200: list[PairOut], 403: ErrorOut})
def review_queue(
    request: HttpRequest, status: str = ReviewPair.Status.MENUNGGU, limit: int = 50, offset: int = 0
):
    """Antrean tinjauan: pasangan rekaman yang mungkin orang yang sama, paling meragukan dulu."""
    refused = _refusal(request, VIEW_PERMISSION)
    if refused:
        return refused
    pairs = ReviewPair.objects.filter(status=status).order_by("-match_probability", "pk")
    return Status(200, [_pair_out(p) for p in pairs[offset : offset + min(limit, 500)]])


@router.get("/tinjauan/{pair_id}", response={200: PairDetailOut, 403: ErrorOut})
def review_pair(request: HttpRequest, pair_id: int):
    """Satu pasangan dengan bukti per kolom (bobot dan tingkat kecocokan) dan kedua rekamannya."""
    refused = _refusal(request, VIEW_PERMISSION)
    if refused:
        return refused
    pair = get_object_or_404(ReviewPair, pk=pair_id)
    return Status(
        200,
        PairDetailOut(
            **_pair_out(pair),
            bukti=pair.bukti,
            kiri=_record_out(_RECORDS.get(pk=pair.rekaman_l_id)),
            kanan=_record_out(_RECORDS.get(pk=pair.rekaman_r_id)),
        ),
    )


@router.post("/tinjauan/{pair_id}/terima", response=_DECISION)
def accept_pair(request: HttpRequest, pair_id: int, body: DecideIn):
    """Terima: kedua rekaman orang yang sama (orangnya digabungkan)."""
    return _refusal(request, DECIDE_PERMISSION) or _decided(
        lambda: decide_pair(
            pair_id, accept=True, user=request.user.get_username(), alasan=body.alasan
        )
    )


@router.post("/tinjauan/{pair_id}/tolak", response=_DECISION)
def reject_pair(request: HttpRequest, pair_id: int, body: DecideIn):
    """Tolak: kedua rekaman orang yang berbeda."""
    return _refusal(request, DECIDE_PERMISSION) or _decided(
        lambda: decide_pair(
            pair_id, accept=False, user=request.user.get_username(), alasan=body.alasan
        )
    )


@router.post("/gabung", response=_DECISION)
def merge(request: HttpRequest, body: MergeIn):
    """Gabungkan dua orang: semua rekaman orang `digabungkan` pindah ke orang `tetap`."""
    return _refusal(request, DECIDE_PERMISSION) or _decided(
        lambda: merge_persons(
            body.tetap, body.digabungkan, user=request.user.get_username(), alasan=body.alasan
        )
    )


@router.post("/pisah", response=_DECISION)
def split(request: HttpRequest, body: SplitIn):
    """Pisahkan rekaman dari seorang orang menjadi orang baru."""
    return _refusal(request, DECIDE_PERMISSION) or _decided(
        lambda: split_records(
            body.orang, body.rekaman, user=request.user.get_username(), alasan=body.alasan
        )
    )


@router.get("/keputusan", response={200: list[DecisionOut], 403: ErrorOut})
def decisions(request: HttpRequest, limit: int = 50, offset: int = 0):
    """Log keputusan penautan: siapa, kapan, apa, data sebelum dan sesudah."""
    refused = _refusal(request, VIEW_PERMISSION)
    if refused:
        return refused
    rows = Decision.objects.all()[offset : offset + min(limit, 500)]
    return Status(200, [_decision_out(d) for d in rows])


@router.post("/keputusan/{decision_id}/batal", response=_DECISION)
def undo_decision(request: HttpRequest, decision_id: int, body: DecideIn):
    """Batalkan satu keputusan: data kembali persis seperti sebelum keputusan itu."""
    return _refusal(request, DECIDE_PERMISSION) or _decided(
        lambda: undo(decision_id, user=request.user.get_username(), alasan=body.alasan)
    )


@router.get("/orang/{person_id}", response={200: PersonOut, 403: ErrorOut})
def person(request: HttpRequest, person_id: int):
    """Rekaman emas seseorang: tiap kolom dengan asalnya (rekaman dan aturan), dan rekamannya."""
    refused = _refusal(request, VIEW_PERMISSION)
    if refused:
        return refused
    found = get_object_or_404(Person, pk=person_id)
    records = _RECORDS.filter(person_id=found.pk).order_by("pk")
    return Status(
        200,
        PersonOut(
            id=found.pk,
            nik=found.nik,
            nama=found.nama,
            jenis_kelamin=found.jenis_kelamin,
            tempat_lahir=found.tempat_lahir,
            tanggal_lahir=found.tanggal_lahir,
            nama_ibu_kandung=found.nama_ibu_kandung,
            hubungan_keluarga=found.hubungan_keluarga,
            household_id=found.household_id,
            asal_data=found.asal_data,
            rekaman=[_record_out(r) for r in records],
        ),
    )
