"""Pages of the web app. Views ask services for data; they never write models themselves."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.registri.stats import counts_per_kabkota


def beranda(request: HttpRequest) -> HttpResponse:
    """Home page: the registry's counts per kab/kota of Kalimantan Selatan."""
    rows = counts_per_kabkota()
    peak = max((r.orang for r in rows), default=0) or 1
    context = {
        "rows": [(r, round(100 * r.orang / peak)) for r in rows],
        "total_keluarga": sum(r.keluarga for r in rows),
        "total_orang": sum(r.orang for r in rows),
        "total_ppks": sum(r.ppks for r in rows),
        "total_penduduk": sum(r.penduduk for r in rows),
    }
    return render(request, "web/beranda.html", context)
