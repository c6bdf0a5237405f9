"""Disaster response: an event and its affected desa, victims registered quickly (one by one
or a list already read and checked), Tagana deployed, stock received and logistics given
per victim family — never twice the same item to the same family for one event (a unique
constraint in the database, refused here in plain words).

A victim is linked to the registry person by NIK, or to the family by No KK, when the
user's scope holds them; otherwise the details given at the post are kept as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from datusoban.accounts.scope import scope_of, scoped
from datusoban.bencana.access import disasters_for, victims_for
from datusoban.bencana.models import (
    Bencana,
    KorbanBencana,
    PenugasanTagana,
    PenyaluranLogistik,
    StokLogistik,
)
from datusoban.kasus import policy
from datusoban.kasus.access import in_region
from datusoban.reference.models import Region
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person


@dataclass
class Victim:
    nama: str
    desa: str
    kondisi: str
    nik: str = ""
    no_kk: str = ""
    baris: int | None = None  # the row of an imported list


@dataclass
class Registered:
    jumlah: int = 0
    tertaut: int = 0  # linked to a registry person or family
    korban: list[int] = field(default_factory=list)  # the ids of the victims registered
    ditolak: list[tuple[int | None, str]] = field(default_factory=list)


def _rules() -> dict:
    return policy.disaster_rules()


def _allowed(user) -> None:
    scope = scope_of(user)
    if scope is None or scope.role.kode not in _rules()["peran"]["mencatat"]:
        raise RefusedError("peran_ditolak", "Peran Anda tidak dapat mencatat data bencana.", 403)


def desa_in_scope(user, kode: str) -> Region:
    region = Region.objects.filter(kode=kode, level=Region.Level.DESA).first()
    if region is None:
        raise RefusedError("desa_tidak_dikenal", f"Desa/kelurahan {kode} tidak dikenal.")
    if not in_region(scope_of(user), kode):
        raise RefusedError("di_luar_cakupan", f"Desa/kelurahan {kode} di luar cakupan Anda.")
    return region


def declare(user, *, nama: str, jenis: str, tanggal: date, desa: Iterable[str]) -> Bencana:
    _allowed(user)
    if jenis not in _rules()["jenis"]:
        raise RefusedError("jenis_bencana", f"Jenis bencana '{jenis}' tidak dikenal.")
    if not nama.strip():
        raise RefusedError("perlu_nama", "Nama kejadian wajib diisi.")
    regions = [desa_in_scope(user, kode) for kode in dict.fromkeys(desa)]
    if not regions:
        raise RefusedError("perlu_desa", "Sebutkan paling sedikit satu desa terdampak.")
    with transaction.atomic():
        event = Bencana.objects.create(
            nama=nama.strip()[:160], jenis=jenis, tanggal=tanggal,
            kode_kabkota=regions[0].kode[:5], dicatat_oleh=user.get_username(),
        )  # fmt: skip
        event.desa.set(regions)
    return event


def visible_event(user, pk: int, *, for_update: bool = False) -> Bencana:
    queryset = disasters_for(user).filter(pk=pk)
    if for_update:
        queryset = queryset.select_for_update()
    event = queryset.first()
    if event is None:
        raise RefusedError("tidak_ditemukan", "Kejadian bencana tidak ditemukan.", 404)
    return event


def ensure_open(event: Bencana) -> None:
    """Refuse a change to an event whose status is past those data/bencana.toml keeps open."""
    if event.status not in _rules()["terbuka"]:
        label = _rules()["status"].get(event.status, event.status)
        raise RefusedError(
            "kejadian_ditutup",
            f"Kejadian ini berstatus '{label}': datanya tidak dapat diubah lagi.",
        )


def _family_key(household_id: int | None, no_kk: str) -> str:
    if household_id is not None:
        return f"k{household_id}"
    return f"kk{no_kk}" if no_kk else ""


def register(user, pk: int, victims: Iterable[Victim]) -> Registered:
    """Register victims of event ``pk``; a row that cannot be taken is refused with its
    reason and the others kept, in one transaction."""
    _allowed(user)
    result = Registered()
    conditions = _rules()["kondisi"]
    event_desa = None
    with transaction.atomic():
        event = visible_event(user, pk, for_update=True)
        ensure_open(event)
        event_desa = set(event.desa.values_list("kode", flat=True))
        for v in victims:
            if not v.nama.strip():
                result.ditolak.append((v.baris, "Nama korban kosong."))
                continue
            if v.kondisi not in conditions:
                result.ditolak.append((v.baris, f"Kondisi '{v.kondisi}' tidak dikenal."))
                continue
            if v.desa not in event_desa:
                result.ditolak.append((v.baris, f"Desa {v.desa} bukan desa terdampak."))
                continue
            try:
                desa = desa_in_scope(user, v.desa)
            except RefusedError as exc:
                # Not answered here: the row is listed as refused with its number, and the
                # other rows are still registered.
                result.ditolak.append((v.baris, exc.pesan))
                continue
            person = (
                scoped(user, Person.objects.filter(nik=v.nik)).order_by("pk").first()
                if v.nik else None
            )  # fmt: skip
            household = person.household if person is not None else None
            if household is None and v.no_kk:
                household = scoped(user, Household.objects.filter(no_kk=v.no_kk)).first()
            victim = KorbanBencana.objects.create(
                bencana=event, person=person, household=household, nik=v.nik[:16],
                no_kk=v.no_kk[:16], nama=v.nama.strip()[:120], desa=desa,
                kode_kabkota=desa.kode[:5], kondisi=v.kondisi,
                kunci_keluarga=_family_key(household.pk if household else None, v.no_kk),
                dicatat_oleh=user.get_username(),
            )  # fmt: skip
            if not victim.kunci_keluarga:  # alone, with neither family nor card: their own
                victim.kunci_keluarga = f"v{victim.pk}"
                victim.save(update_fields=["kunci_keluarga"])
            result.jumlah += 1
            result.korban.append(victim.pk)
            result.tertaut += person is not None or household is not None
    return result


def deploy(
    user, pk: int, *, nama: str, lokasi: str, mulai: date, nomor_anggota: str = "",
    selesai: date | None = None,
) -> PenugasanTagana:  # fmt: skip
    _allowed(user)
    if selesai is not None and selesai < mulai:
        raise RefusedError("tanggal", "Tanggal selesai sebelum tanggal mulai.")
    with transaction.atomic():
        event = visible_event(user, pk)
        ensure_open(event)
        return PenugasanTagana.objects.create(
            bencana=event, nama=nama.strip()[:120], nomor_anggota=nomor_anggota.strip()[:40],
            lokasi=lokasi.strip()[:160], mulai=mulai, selesai=selesai,
            dicatat_oleh=user.get_username(),
        )  # fmt: skip


def item_of(barang: str) -> dict:
    item = _rules()["barang"].get(barang)
    if item is None:
        raise RefusedError("barang", f"Barang '{barang}' tidak dikenal.")
    return item


def receive_stock(
    user, pk: int, *, barang: str, jumlah: int, asal: str = "", tanggal: date | None = None
) -> StokLogistik:
    _allowed(user)
    item_of(barang)
    if jumlah <= 0:
        raise RefusedError("jumlah", "Jumlah stok harus lebih dari nol.")
    with transaction.atomic():
        event = visible_event(user, pk)
        ensure_open(event)
        return StokLogistik.objects.create(
            bencana=event, barang=barang, jumlah=jumlah, asal=asal.strip()[:120],
            diterima_pada=tanggal or timezone.localdate(), dicatat_oleh=user.get_username(),
        )  # fmt: skip


def stock_left(event: Bencana, barang: str) -> int:
    received = event.stok.filter(barang=barang).aggregate(n=Sum("jumlah"))["n"] or 0
    given = event.penyaluran.filter(barang=barang).aggregate(n=Sum("jumlah"))["n"] or 0
    return received - given


def distribute(
    user, pk: int, *, korban: int, barang: str, jumlah: int = 1, now: datetime | None = None
) -> PenyaluranLogistik:
    """Give ``jumlah`` of ``barang`` to the family of victim ``korban``: refused when the
    family already received it for this event, or when the stock does not cover it."""
    _allowed(user)
    item = item_of(barang)
    if jumlah <= 0:
        raise RefusedError("jumlah", "Jumlah harus lebih dari nol.")
    try:
        with transaction.atomic():
            # The event row is locked: two posts giving from one stock take turns.
            event = visible_event(user, pk, for_update=True)
            ensure_open(event)
            victim = victims_for(user, event).filter(pk=korban).first()
            if victim is None:
                raise RefusedError("tidak_ditemukan", "Korban tidak ditemukan.", 404)
            already = event.penyaluran.filter(barang=barang, kunci_keluarga=victim.kunci_keluarga)
            if already.exists():
                raise IntegrityError  # said once, below, as the constraint would say it
            if stock_left(event, barang) < jumlah:
                raise RefusedError(
                    "stok_kurang", f"Stok {item['label']} tidak mencukupi untuk {jumlah} "
                    f"{item['satuan']}.",
                )  # fmt: skip
            return PenyaluranLogistik.objects.create(
                bencana=event, barang=barang, korban=victim, kunci_keluarga=victim.kunci_keluarga,
                jumlah=jumlah, disalurkan_oleh=user.get_username(),
                disalurkan_pada=now or timezone.now(),
            )  # fmt: skip
    except IntegrityError:
        raise RefusedError(
            "sudah_disalurkan",
            f"Keluarga ini sudah menerima {item['label']} untuk bencana ini; satu keluarga "
            "hanya menerima satu kali per jenis bantuan.",
        ) from None
