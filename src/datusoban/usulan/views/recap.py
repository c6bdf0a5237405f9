"""The provincial recap (the proposals' dashboard): per kab/kota and month, made, refused,
sent, padan, tidak padan and waiting; a chart of the months; aggregates only, scoped (a
kab/kota user sees their own kab/kota)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.formatting import angka
from datusoban.usulan import dashboard
from datusoban.usulan.views.proposals import viewer_scope
from datusoban.web.charts import trend
from datusoban.web.labels import region_name
from datusoban.web.period import default_year
from datusoban.web.permissions import viewer_required

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _values(counts: dict[str, int]) -> list[int]:
    return [counts[k] for k in dashboard.MEASURES]


@viewer_required
def recap_page(request: HttpRequest) -> HttpResponse:
    viewer_scope(request)
    period = default_year(request.GET.get("tahun"), dashboard.years(request.user))
    rows = dashboard.recap(request.user, period.tahun)
    months = dashboard.per_month(rows)
    kabkota = dashboard.per_kabkota(rows)
    chart = trend(
        "grafik-usulan", f"Usulan dikirim per bulan, {period.tahun}",
        [MONTHS[m - 1] for m in months], [v["dikirim"] for v in months.values()], angka,
        unit=" usulan",
    ) if months else None  # fmt: skip
    context = {
        "period": period, "measures": [(k, v[0]) for k, v in dashboard.MEASURES.items()],
        "rows": [(region_name(r.kode_kabkota), MONTHS[r.bulan - 1], _values(r.angka))
                 for r in rows],
        "kabkota": [(region_name(k), _values(v)) for k, v in kabkota.items()],
        "months": [(MONTHS[m - 1], _values(v)) for m, v in months.items()], "chart": chart,
        "years": dashboard.years(request.user),
    }  # fmt: skip
    return render(request, "usulan/rekap.html", context)
