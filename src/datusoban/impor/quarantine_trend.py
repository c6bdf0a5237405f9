"""Quarantined rows per month of import, for the import page's trend: counts only, of
the batches the caller passes (already narrowed to what the user may see)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from datusoban.impor.models import QuarantinedRow
from datusoban.registri.models import ImportBatch


def quarantined_per_month(batches: QuerySet[ImportBatch]) -> dict[date, tuple[int, int]]:
    """First day of each month with quarantined rows -> (rows quarantined by the batches
    imported that month, of them still open)."""
    rows = (
        QuarantinedRow.objects.filter(batch__in=batches.values("pk"))
        .order_by()
        .annotate(bulan=TruncMonth("batch__mulai"))
        .values("bulan")
        .annotate(
            n=Count("pk"), terbuka=Count("pk", filter=Q(status=QuarantinedRow.Status.TERBUKA))
        )
    )
    out: dict[date, tuple[int, int]] = {}
    for r in rows:
        day = r["bulan"].date() if hasattr(r["bulan"], "date") else r["bulan"]
        n, terbuka = out.get(day, (0, 0))
        out[day] = (n + r["n"], terbuka + r["terbuka"])
    return out
