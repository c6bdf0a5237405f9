"""Overdue case reports and SLA compliance, per kab/kota: what the dashboards and exports count.

A case is overdue when it is not yet handled or referred and its limit (report time +
the SLA of its urgency) has passed; a grievance when it is not verified by its due date.
"""

from __future__ import annotations

import operator
from datetime import datetime
from functools import reduce

from django.db.models import Count, F, Q, QuerySet

from datusoban.kasus import policy
from datusoban.kasus.models import LaporanKasus


def overdue_cases(queryset: QuerySet[LaporanKasus], now: datetime) -> QuerySet[LaporanKasus]:
    return (
        queryset.exclude(status__in=policy.sla_met_statuses())
        .filter(batas_waktu__lt=now)
        .order_by("batas_waktu", "pk")
    )


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


# A referral has no limit of its own: its receiver is held to the SLA of the case's
# urgency, counted from the referral (a darurat case referred is still a darurat case).
def referral_limit(dirujuk_pada: datetime, urgensi: str) -> datetime:
    return dirujuk_pada + policy.sla(urgensi)


def overdue_referrals(now: datetime) -> Q:
    """Referrals (``Rujukan``) still waiting for the receiver past their limit."""
    late = [
        Q(kasus__urgensi=urgensi, dirujuk_pada__lt=now - policy.sla(urgensi))
        for urgensi, _ in policy.urgency_choices()
    ]
    return Q(status="menunggu") & reduce(operator.or_, late)
