"""The provincial recap: proposals per kab/kota and month (of the proposal) by where they
stand: made, refused at the kab/kota, sent, padan, tidak padan, waiting for the answer.
Aggregates only (one GROUP BY), within the user's region."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from datusoban.usulan import access

MEASURES = {
    "diusulkan": ("Diusulkan", Q()),
    "ditolak": ("Ditolak kab/kota", Q(status="ditolak")),
    "dikirim": ("Dikirim", Q(pengiriman__isnull=False)),
    "padan": ("Padan", Q(hasil_nasional="padan")),
    "tidak_padan": ("Tidak padan", Q(hasil_nasional="tidak_padan")),
    "menunggu": ("Menunggu jawaban", Q(status="dikirim")),
}


@dataclass(frozen=True)
class Row:
    kode_kabkota: str
    bulan: int
    angka: dict[str, int]


def years(user) -> list[int]:
    found = access.proposals_for(user).annotate(tahun=ExtractYear("diusulkan_pada"))
    return sorted(set(found.values_list("tahun", flat=True)))


def recap(user, year: int) -> list[Row]:
    """Per kab/kota and month of ``year``, each measure's count."""
    queryset = (
        access.proposals_for(user)
        .filter(diusulkan_pada__year=year)
        .annotate(bulan=ExtractMonth("diusulkan_pada"))
        .order_by()
        .values("kode_kabkota", "bulan")
        .annotate(**{k: Count("pk", filter=q) for k, (_, q) in MEASURES.items()})
        .order_by("kode_kabkota", "bulan")
    )
    return [Row(r["kode_kabkota"], r["bulan"], {k: r[k] for k in MEASURES}) for r in queryset]


def per_month(rows: list[Row]) -> dict[int, dict[str, int]]:
    months: dict[int, dict[str, int]] = {}
    for r in rows:
        into = months.setdefault(r.bulan, dict.fromkeys(MEASURES, 0))
        for k, v in r.angka.items():
            into[k] += v
    return dict(sorted(months.items()))


def per_kabkota(rows: list[Row]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for r in rows:
        into = found.setdefault(r.kode_kabkota, dict.fromkeys(MEASURES, 0))
        for k, v in r.angka.items():
            into[k] += v
    return dict(sorted(found.items()))
