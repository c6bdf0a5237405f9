"""The dashboard page (/dasbor/): per kab/kota counts, quality, imports, tile map, chart."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.laporan.views import figures as dashboard
from datusoban.laporan.views import tilemap
from datusoban.web.permissions import viewer_required


@viewer_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Dasbor: what the registry holds and how its imports went, within the user's scope."""
    scope = scope_of(request.user)
    chosen = request.GET.get("nilai", dashboard.DEFAULT_MEASURE)
    if chosen not in dashboard.MEASURES:
        chosen = dashboard.DEFAULT_MEASURE
    measure = dashboard.MEASURES[chosen]
    rows = dashboard.kabkota_rows()
    shown = [r for r in rows if dashboard.visible(scope, r["kode"])]
    # None marks a tile outside the user's scope; a visible kab/kota whose value cannot
    # be computed yet (nothing imported) counts as 0, not as hidden.
    values = {
        r["kode"]: (measure.value(r) or 0.0) if dashboard.visible(scope, r["kode"]) else None
        for r in rows
    }
    tiles, legend, (width, height) = tilemap.tiles(
        {r["kode"]: r["nama"] for r in rows}, values, measure.fmt
    )
    context = {
        "scope": scope,
        "province_wide": scope is not None and scope.wilayah == PROVINCE,
        "rows": shown,
        "total": dashboard.totals(rows),
        "measures": [(k, m.label) for k, m in dashboard.MEASURES.items()],
        "chosen": chosen,
        "measure": measure,
        "tiles": tiles,
        "legend": legend,
        "map_width": width,
        "map_height": height,
        "bars": dashboard.bars(shown, measure),
        "batches": dashboard.recent_batches(scope),
    }
    return render(request, "laporan/dasbor.html", context)
