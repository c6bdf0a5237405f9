"""Workers (``Pilar``) and institutions (``Lembaga``): recorded, changed, deactivated.

The region a row is placed in gives its ``kode_kabkota``/``kode_kecamatan``
(``layanan.regions.placed``) and the kind its PSKS type (``data/layanan.toml``),
so both are derived here and never typed. A worker or institution is never
deleted: it is made nonaktif from a date, and an institution only once nobody is
left in its care. Callers check that the user may change data in the region.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from datusoban.layanan.lembaga import with_occupancy
from datusoban.layanan.models import Lembaga, Pilar
from datusoban.layanan.models.network import Status
from datusoban.layanan.policy import atensi_components, psks_kode
from datusoban.layanan.regions import placed
from datusoban.reference.models import Region
from datusoban.refusal import RefusedError

PILAR_FIELDS = ("peran", "nama", "nik", "wilayah", "telepon", "email", "kode_pendamping")
LEMBAGA_FIELDS = (
    "jenis", "kode", "nama", "wilayah", "alamat", "telepon", "email", "akreditasi",
    "tanggal_akreditasi", "kapasitas", "layanan",
)  # fmt: skip


def _region(kode: str) -> Region:
    region = Region.objects.filter(kode=kode, level__gte=2).first()
    if region is None:
        raise RefusedError(
            "ditolak", f"Kode wilayah {kode} tidak dikenal (kab/kota, kecamatan atau desa).",
            field="wilayah",
        )  # fmt: skip
    return region


def save_pilar(pilar: Pilar | None, data: dict[str, Any]) -> Pilar:
    """A new worker (``pilar`` None) or the changes to one, from the ``PILAR_FIELDS``."""
    pilar = pilar or Pilar()
    region = _region(data["wilayah"])
    if data.get("nik") and not (data["nik"].isdigit() and len(data["nik"]) == 16):
        raise RefusedError("ditolak", "NIK terdiri atas 16 angka.", field="nik")
    code = data.get("kode_pendamping") or None
    if code and Pilar.objects.filter(kode_pendamping=code).exclude(pk=pilar.pk).exists():
        raise RefusedError("ditolak", f"Kode pendamping {code} sudah dipakai pendamping lain.",
                           field="kode_pendamping")  # fmt: skip
    if code and data["peran"] != Pilar.Peran.PENDAMPING_PKH:
        raise RefusedError(
            "ditolak", "Kode pendamping hanya untuk pendamping PKH.", field="kode_pendamping"
        )
    for field in PILAR_FIELDS:
        if field != "wilayah":
            setattr(
                pilar, field, data.get(field) or ("" if field in ("telepon", "email") else None)
            )
    pilar.nama = data["nama"].strip()
    pilar.wilayah = region
    pilar.kode_kabkota, pilar.kode_kecamatan = placed(region.kode)
    pilar.jenis_id = psks_kode(pilar.peran)
    with transaction.atomic():
        pilar.save()
    return pilar


def save_lembaga(lembaga: Lembaga | None, data: dict[str, Any]) -> Lembaga:
    """A new institution (``lembaga`` None) or the changes to one, from ``LEMBAGA_FIELDS``."""
    lembaga = lembaga or Lembaga()
    region = _region(data["wilayah"])
    if Lembaga.objects.filter(kode=data["kode"]).exclude(pk=lembaga.pk).exists():
        raise RefusedError(
            "ditolak", f"Kode {data['kode']} sudah dipakai lembaga lain.", field="kode"
        )
    unknown = sorted(set(data.get("layanan") or []) - set(atensi_components()))
    if unknown:
        raise RefusedError(
            "ditolak", f"Bukan komponen ATENSI: {', '.join(unknown)}.", field="layanan"
        )
    if data.get("akreditasi") and not data.get("tanggal_akreditasi"):
        raise RefusedError("ditolak", "Akreditasi perlu tanggalnya.", field="tanggal_akreditasi")
    if lembaga.pk and data.get("kapasitas") is not None:
        terisi = with_occupancy(Lembaga.objects.filter(pk=lembaga.pk)).get().terisi
        if data["kapasitas"] < terisi:
            raise RefusedError(
                "ditolak",
                f"Kapasitas tidak boleh di bawah jumlah yang kini dilayani ({terisi}).",
                field="kapasitas",
            )
    for field in LEMBAGA_FIELDS:
        if field != "wilayah":
            setattr(lembaga, field, data.get(field))
    for field in ("alamat", "telepon", "email", "akreditasi"):
        setattr(lembaga, field, getattr(lembaga, field) or "")
    if not lembaga.akreditasi:
        lembaga.tanggal_akreditasi = None
    lembaga.layanan = list(data.get("layanan") or [])
    lembaga.wilayah = region
    lembaga.kode_kabkota, lembaga.kode_kecamatan = placed(region.kode)
    lembaga.psks_id = psks_kode(lembaga.jenis)
    with transaction.atomic():
        lembaga.save()
    return lembaga


def deactivate(row: Pilar | Lembaga, on: date) -> None:
    """Makes a worker or institution nonaktif from ``on``; an institution only when empty."""
    if row.status == Status.NONAKTIF:
        raise RefusedError("ditolak", f"{row.nama} sudah nonaktif.")
    with transaction.atomic():
        if isinstance(row, Lembaga):
            locked = Lembaga.objects.select_for_update().get(pk=row.pk)
            terisi = with_occupancy(Lembaga.objects.filter(pk=locked.pk)).get().terisi
            if terisi:
                raise RefusedError(
                    "ditolak",
                    f"{row.nama} masih melayani {terisi} orang: akhiri layanan mereka dahulu.",
                )
        row.status, row.nonaktif_sejak = Status.NONAKTIF, on
        row.save(update_fields=["status", "nonaktif_sejak"])
