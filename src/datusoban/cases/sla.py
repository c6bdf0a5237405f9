"""Overdue lists and SLA compliance, per kab/kota: what the dashboards and exports count.

A case is overdue when it is not yet handled or referred and its limit (report time +
the SLA of its urgency) has passed; a grievance when it is not verified by its due date.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, F, Q, QuerySet

from datusoban.cases import policy
from datusoban.cases.models import LaporanKasus, Sanggahan


def overdue_cases(queryset: QuerySet[LaporanKasus], now: datetime) -> QuerySet[LaporanKasus]:
    return (
        queryset.exclude(status__in=policy.sla_met_statuses())
        .filter(batas_waktu__lt=now)
        .order_by("batas_waktu", "pk")
    )


def overdue_grievances(queryset: QuerySet[Sanggahan], today: date) -> QuerySet[Sanggahan]:
    return queryset.filter(status="diterima", batas__lt=today).order_by("batas", "pk")


def case_summary(queryset: QuerySet[LaporanKasus], now: datetime) -> list[dict]:
    """Per kab/kota: counts by status, overdue, and the share handled within the SLA."""
    statuses = [s for s, _ in policy.status_choices()]
    met = policy.sla_met_statuses()
    aggregates = {f"n_{s}": Count("pk", filter=Q(status=s)) for s in statuses}
    rows = (
        queryset.order_by()
        .values("kode_kabkota")
        .annotate(
            jumlah=Count("pk"),
            terlambat=Count("pk", filter=~Q(status__in=met) & Q(batas_waktu__lt=now)),
            ditangani=Count("pk", filter=Q(ditangani_pada__isnull=False)),
            tepat_waktu=Count("pk", filter=Q(ditangani_pada__lte=F("batas_waktu"))),
            **aggregates,
        )
        .order_by("kode_kabkota")
    )
    return [
        {
            **row,
            "per_status": [(policy.status_label(s), row[f"n_{s}"]) for s in statuses],
            "kepatuhan_sla": round(100 * row["tepat_waktu"] / row["ditangani"], 1)
            if row["ditangani"]
            else None,
        }
        for row in rows
    ]


def grievance_summary(queryset: QuerySet[Sanggahan], today: date) -> list[dict]:
    rows = (
        queryset.order_by()
        .values("kode_kabkota")
        .annotate(
            jumlah=Count("pk"),
            menunggu=Count("pk", filter=Q(status="diterima")),
            terlambat=Count("pk", filter=Q(status="diterima", batas__lt=today)),
            terbukti=Count("pk", filter=Q(hasil="terbukti")),
            tepat_waktu=Count("pk", filter=Q(diverifikasi_pada__lte=F("batas"))),
            diverifikasi=Count("pk", filter=Q(status="diverifikasi")),
        )
        .order_by("kode_kabkota")
    )
    return list(rows)
