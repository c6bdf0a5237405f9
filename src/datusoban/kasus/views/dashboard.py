"""Dashboards of case reports and grievances per kab/kota (counts by status, overdue, SLA
compliance) and their XLSX: aggregates and the overdue lists by number, category and place,
without names or NIKs, so that any role may take them."""

from __future__ import annotations

from datetime import date

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from datusoban.formatting import angka
from datusoban.kasus import policy, sla
from datusoban.kasus.access import cases_for
from datusoban.kasus.trend import cases_per_month
from datusoban.reference.models import Region
from datusoban.sanggahan import sla as grievance_sla
from datusoban.sanggahan.access import grievances_for
from datusoban.web import charts
from datusoban.web.permissions import viewer_required
from datusoban.web.xlsx import xlsx_response


def _names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(kode__in=list(codes)).values_list("kode", "nama"))


def _case_rows(request: HttpRequest):
    now = timezone.now()
    rows = sla.case_summary(cases_for(request.user), now)
    names = _names(r["kode_kabkota"] for r in rows)
    for row in rows:
        row["nama"] = names.get(row["kode_kabkota"], row["kode_kabkota"])
    return rows, now


def _grievance_rows(request: HttpRequest, today: date):
    rows = grievance_sla.grievance_summary(grievances_for(request.user), today)
    names = _names(r["kode_kabkota"] for r in rows)
    for row in rows:
        row["nama"] = names.get(row["kode_kabkota"], row["kode_kabkota"])
    return rows


@viewer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    rows, now = _case_rows(request)
    today = timezone.localdate()
    per_month = [
        {"bulan": charts.month_label(day), "jumlah": n}
        for day, n in charts.months(cases_per_month(cases_for(request.user)))
    ]
    context = {
        "rows": rows,
        "per_bulan": per_month,
        "tren_kasus": charts.trend(
            "tren-kasus",
            "Laporan kasus per bulan",
            [r["bulan"] for r in per_month],
            [r["jumlah"] for r in per_month],
            angka,
            unit=" laporan",
        ),
        "statuses": [label for _, label in policy.status_choices()],
        "grievances": _grievance_rows(request, today),
        "overdue": sla.overdue_cases(cases_for(request.user), now).select_related(
            "kategori", "desa"
        )[:20],
        "overdue_grievances": grievance_sla.overdue_grievances(grievances_for(request.user), today)[
            :20
        ],
    }
    return render(request, "kasus/dasbor.html", context)


@viewer_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    rows, now = _case_rows(request)
    statuses = [s for s, _ in policy.status_choices()]
    summary = pl.DataFrame(
        [
            {
                "kode_kabkota": r["kode_kabkota"],
                "kabkota": r["nama"],
                "jumlah": r["jumlah"],
                **{s: r[f"n_{s}"] for s in statuses},
                "terlambat": r["terlambat"],
                "ditangani": r["ditangani"],
                "tepat_waktu": r["tepat_waktu"],
                "kepatuhan_sla_persen": r["kepatuhan_sla"],
            }
            for r in rows
        ]
    )
    overdue = pl.DataFrame(
        [
            {
                "kasus": c.pk,
                "kategori": c.kategori.nama,
                "desa": c.desa_id,
                "urgensi": c.urgensi,
                "status": c.status,
                "batas_waktu": timezone.localtime(c.batas_waktu).strftime("%Y-%m-%d %H:%M"),
            }
            for c in sla.overdue_cases(cases_for(request.user), now).select_related("kategori")
        ],
        schema={
            "kasus": pl.Int64,
            "kategori": pl.Utf8,
            "desa": pl.Utf8,
            "urgensi": pl.Utf8,
            "status": pl.Utf8,
            "batas_waktu": pl.Utf8,
        },
    )
    grievances = pl.DataFrame(_grievance_rows(request, timezone.localdate()))
    return xlsx_response(
        {"kasus_kabkota": summary, "kasus_terlambat": overdue, "sanggahan_kabkota": grievances},
        f"kasus-{timezone.localdate():%Y%m%d}.xlsx",
    )
