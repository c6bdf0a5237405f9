"""The office's counts of P2K2: per group its sessions and attendance rate, per session how
many of the group came. Counts only: no family is named."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from datusoban.p2k2 import policy
from datusoban.p2k2.models import KehadiranP2K2, KelompokP2K2, PertemuanP2K2


def rate(came: int, recorded: int) -> float | None:
    """The share of attendance rows marked present, as a percentage (None: none recorded)."""
    return round(100 * came / recorded, 1) if recorded else None


def per_group(groups: QuerySet[KelompokP2K2]) -> list[dict]:
    rows = (
        groups.select_related("desa", "pendamping")
        .annotate(
            jumlah_keluarga=Count("keluarga", distinct=True),
            jumlah_pertemuan=Count("pertemuan", distinct=True),
            terakhir=Max("pertemuan__tanggal"),
        )
        .order_by("kode_kecamatan", "nama", "pk")
    )
    attendance = {
        r["pertemuan__kelompok"]: r
        for r in KehadiranP2K2.objects.filter(pertemuan__kelompok__in=groups)
        .values("pertemuan__kelompok")
        .annotate(tercatat=Count("pk"), hadir=Count("pk", filter=Q(hadir=True)))
    }
    out = []
    for g in rows:
        a = attendance.get(g.pk, {"tercatat": 0, "hadir": 0})
        out.append({"kelompok": g, "persen_hadir": rate(a["hadir"], a["tercatat"])})
    return out


def sessions(groups: QuerySet[KelompokP2K2]) -> QuerySet[PertemuanP2K2]:
    """The sessions of ``groups``, newest first, each with its counts."""
    return (
        PertemuanP2K2.objects.filter(kelompok__in=groups)
        .select_related("kelompok")
        .annotate(
            tercatat=Count("kehadiran"), hadir=Count("kehadiran", filter=Q(kehadiran__hadir=True))
        )
        .order_by("-tanggal", "-pk")
    )


def module_label(modul: str) -> str:
    return dict(policy.module_choices()).get(modul, modul)
