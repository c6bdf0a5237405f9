"""The stored ranking counted: desil per kab/kota, and where DTSEN's desil disagrees
with ours (``datusoban rank``), as one aggregate query each."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Abs

from datusoban.sasaran.facts import latest_ranking
from datusoban.sasaran.models import PeringkatKeluarga

# DTSEN's desil and ours "disagree" when they are this many desil apart or more
# (the same threshold `datusoban rank` reports).
APART = 2


def ranking_summary(versi: str | None = None) -> dict[str, Any] | None:
    """Per kab/kota: households ranked, per desil, with a DTSEN desil, and those whose
    DTSEN desil is ``APART`` or more from ours; None before any ranking."""
    versi = versi or latest_ranking()
    if versi is None:
        return None
    ranked = PeringkatKeluarga.objects.filter(versi=versi)
    per_desil = (
        ranked.values("household__kode_kabkota", "desil")
        .annotate(n=Count("pk"))
        .values_list("household__kode_kabkota", "desil", "n")
    )
    dtsen = (
        ranked.annotate(selisih=Abs(F("desil") - F("desil_dtsen")))
        .values("household__kode_kabkota")
        .annotate(
            dengan=Count("pk", filter=Q(desil_dtsen__isnull=False)),
            beda=Count("pk", filter=Q(selisih__gte=APART)),
        )
        .values_list("household__kode_kabkota", "dengan", "beda")
    )
    table: dict[str, dict[str, Any]] = {}

    def row(kode: str | None) -> dict[str, Any]:
        return table.setdefault(
            kode or "",
            {"keluarga": 0, "desil": {str(d): 0 for d in range(1, 11)},
             "dengan_desil_dtsen": 0, "beda_desil_dtsen": 0},
        )  # fmt: skip

    for kode, desil, n in per_desil:
        entry = row(kode)
        entry["desil"][str(desil)] = n
        entry["keluarga"] += n
    for kode, dengan, beda in dtsen:
        entry = row(kode)
        entry["dengan_desil_dtsen"], entry["beda_desil_dtsen"] = dengan, beda
    province = {
        "keluarga": sum(e["keluarga"] for e in table.values()),
        "desil": {str(d): sum(e["desil"][str(d)] for e in table.values()) for d in range(1, 11)},
        "dengan_desil_dtsen": sum(e["dengan_desil_dtsen"] for e in table.values()),
        "beda_desil_dtsen": sum(e["beda_desil_dtsen"] for e in table.values()),
    }
    return {"versi": versi, "selisih_beda": APART, "provinsi": province,
            "per_kabkota": dict(sorted(table.items()))}  # fmt: skip
