"""Case reports per month of reporting (local time), for the dashboard's trend: counts
only, of the cases the caller passes (already narrowed to the user's reach)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from datusoban.kasus.models import LaporanKasus


def cases_per_month(cases: QuerySet[LaporanKasus]) -> dict[date, int]:
    """First day of each month with reports -> how many were reported in it."""
    rows = (
        cases.order_by()
        .annotate(bulan=TruncMonth("dilaporkan_pada"))
        .values("bulan")
        .annotate(n=Count("pk"))
    )
    out: dict[date, int] = {}
    for r in rows:
        day = r["bulan"].date() if hasattr(r["bulan"], "date") else r["bulan"]
        out[day] = out.get(day, 0) + r["n"]
    return out
