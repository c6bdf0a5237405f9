"""Overdue grievances and verification on time, per kab/kota: a grievance is overdue when
it is not verified by its due date (14 days after it was received)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from datusoban.sanggahan.models import Sanggahan


def overdue_grievances(queryset: QuerySet[Sanggahan], today: date) -> QuerySet[Sanggahan]:
    return queryset.filter(status="diterima", batas__lt=today).order_by("batas", "pk")


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
