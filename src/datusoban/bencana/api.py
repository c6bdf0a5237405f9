"""Disaster response over the API: events in scope, their situation report (counts only),
the dashboard per kab/kota, victims registered in bulk from a post's system, an item given
to a victim's family; an event's next step, a victim corrected or removed and stock
corrected, each with its reason."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from datusoban.accounts.audit import Aksi, record
from datusoban.api.errors import responses
from datusoban.api.schemas import Id
from datusoban.bencana import actions as disaster
from datusoban.bencana import corrections as disaster_changes
from datusoban.bencana.access import disasters_for, victims_for
from datusoban.bencana.dashboard import dashboard
from datusoban.bencana.sitrep import sitrep
from datusoban.kasus.api import RegionCode, Short

router = Router(tags=["bencana"])
Digits = Annotated[str, Field(max_length=16, pattern=r"^(\d{16})?$")]


class EventOut(Schema):
    id: int
    nama: str
    jenis: str
    tanggal: date
    status: str
    kode_kabkota: str
    desa: list[str]


@router.get("/", response=responses({200: list[EventOut]}))
def list_events(request: HttpRequest):
    """Kejadian bencana yang menyentuh wilayah pemanggil."""
    events = disasters_for(request.user).prefetch_related("desa").order_by("-tanggal", "-pk")
    return Status(
        200,
        [
            {
                "id": e.pk,
                "nama": e.nama,
                "jenis": e.jenis,
                "tanggal": e.tanggal,
                "status": e.status,
                "kode_kabkota": e.kode_kabkota,
                "desa": sorted(d.kode for d in e.desa.all()),
            }
            for e in events
        ],
    )


@router.get("/dasbor", response=responses({200: list[dict]}))
def disaster_dashboard(request: HttpRequest):
    """Dasbor per kab/kota: kejadian per jenis dan status, korban per kondisi, keluarga
    dilayani dan belum per barang, Tagana, sisa stok (hitungan saja)."""
    return Status(200, dashboard(request.user, timezone.localdate()))


@router.get("/{event_id}/sitrep", response=responses({200: dict}, 404, 422))
def event_sitrep(request: HttpRequest, event_id: Id):
    """Laporan situasi: korban per kondisi dan desa, keluarga dilayani per barang, sisa stok."""
    event = disaster.visible_event(request.user, event_id)
    return Status(200, sitrep(event, victims_for(request.user, event)))


class VictimIn(Schema):
    nama: Short
    desa: RegionCode
    kondisi: Annotated[str, Field(max_length=24)]
    nik: Digits = ""
    no_kk: Digits = ""


class VictimsIn(Schema):
    korban: list[VictimIn] = Field(max_length=5000)


class RefusedVictimOut(Schema):
    baris: int | None = Field(description="nomor urut korban dalam permintaan (mulai 1)")
    alasan: str


class RegisteredOut(Schema):
    jumlah: int
    tertaut: int
    # Objects, not [baris, alasan] pairs: a tuple needs JSON Schema's prefixItems,
    # which many OpenAPI tools cannot read.
    ditolak: list[RefusedVictimOut]


@router.post("/{event_id}/korban", response=responses({201: RegisteredOut}, 400, 403, 404, 422))
def register_victims(request: HttpRequest, event_id: Id, body: VictimsIn):
    """Daftarkan korban (tertaut ke registri lewat NIK / No KK bila ada dalam cakupan);
    baris yang ditolak disebut dengan nomor urutnya (mulai 1)."""
    victims = [disaster.Victim(**v.dict(), baris=i) for i, v in enumerate(body.korban, start=1)]
    done = disaster.register(request.user, event_id, victims)
    record(
        request,
        Aksi.UBAH,
        "korban_bencana",
        [(str(event_id), v.nik or None) for v in victims] or [(str(event_id), None)],
    )
    refused = [{"baris": row, "alasan": why} for row, why in done.ditolak]
    return Status(201, {"jumlah": done.jumlah, "tertaut": done.tertaut, "ditolak": refused})


class DistributionIn(Schema):
    korban: Id
    barang: Annotated[str, Field(max_length=24)]
    jumlah: Annotated[int, Field(ge=1, le=1000)] = 1


@router.post("/{event_id}/penyaluran", response=responses({201: dict}, 400, 403, 404, 422))
def give(request: HttpRequest, event_id: Id, body: DistributionIn):
    """Salurkan barang ke keluarga korban; keluarga yang sudah menerima barang itu ditolak."""
    given = disaster.distribute(request.user, event_id, **body.dict())
    return Status(201, {"id": given.pk, "kunci_keluarga": given.kunci_keluarga})


Reason = Annotated[str, Field(min_length=1, max_length=300)]


class EventStepIn(Schema):
    aksi: Annotated[str, Field(max_length=24)]
    catatan: Annotated[str, Field(max_length=300)] = ""


@router.post("/{event_id}/status", response=responses({200: EventOut}, 400, 403, 404, 422))
def step(request: HttpRequest, event_id: Id, body: EventStepIn):
    """Langkah status kejadian (data/bencana.toml): pemulihan, lalu tutup."""
    event = disaster_changes.advance(request.user, event_id, body.aksi, body.catatan)
    desa = sorted(event.desa.values_list("kode", flat=True))
    return Status(200, {**{f: getattr(event, f) for f in ("nama", "jenis", "tanggal", "status",
                                                          "kode_kabkota")},
                        "id": event.pk, "desa": desa})  # fmt: skip


class CorrectionIn(Schema):
    alasan: Reason
    nama: Annotated[str, Field(max_length=120)] = ""
    kondisi: Annotated[str, Field(max_length=24)] = ""
    desa: Annotated[str, Field(max_length=13)] = ""


class RemovalIn(Schema):
    alasan: Reason


@router.post(
    "/{event_id}/korban/{korban_id}/koreksi",
    response=responses({200: dict}, 400, 403, 404, 422),
)
def correct_victim(request: HttpRequest, event_id: Id, korban_id: Id, body: CorrectionIn):
    """Koreksi nama, kondisi atau desa korban yang salah dicatat, dengan alasan."""
    victim = disaster_changes.correct_victim(request.user, event_id, korban_id, **body.dict())
    return Status(200, {"id": victim.pk, "nama": victim.nama, "kondisi": victim.kondisi,
                        "desa": victim.desa_id})  # fmt: skip


@router.post(
    "/{event_id}/korban/{korban_id}/hapus",
    response=responses({204: None}, 400, 403, 404, 422),
)
def remove_victim(request: HttpRequest, event_id: Id, korban_id: Id, body: RemovalIn):
    """Hapus korban yang salah dicatat (ditolak bila keluarganya sudah menerima bantuan)."""
    disaster_changes.remove_victim(request.user, event_id, korban_id, alasan=body.alasan)
    return Status(204, None)


class StockCorrectionIn(Schema):
    barang: Annotated[str, Field(max_length=24)]
    jumlah: Annotated[int, Field(ge=-10_000_000, le=10_000_000)]
    alasan: Reason


@router.post("/{event_id}/stok/koreksi", response=responses({201: dict}, 400, 403, 404, 422))
def adjust_stock(request: HttpRequest, event_id: Id, body: StockCorrectionIn):
    """Koreksi stok (negatif: stok sebenarnya lebih sedikit), dengan alasan."""
    row = disaster_changes.adjust_stock(request.user, event_id, **body.dict())
    return Status(201, {"id": row.pk, "sisa": disaster.stock_left(row.bencana, row.barang)})
