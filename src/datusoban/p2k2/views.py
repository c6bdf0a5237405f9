"""The office's page of P2K2 (/p2k2/): the groups within the user's scope with their sessions
and attendance rate, and the sessions newest first; read only (the sessions come from the
field app). The pendamping named beside each group is audited as a worker shown."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from datusoban.layanan.shown import workers_shown
from datusoban.p2k2 import summary
from datusoban.p2k2.access import groups_for
from datusoban.web.permissions import scope_or_404, viewer_required

PAGE_SIZE = 25


@require_GET
@viewer_required
def daftar(request: HttpRequest) -> HttpResponse:
    scope_or_404(request)
    groups = groups_for(request.user)
    page = Paginator(summary.sessions(groups), PAGE_SIZE).get_page(request.GET.get("hal"))
    rows = summary.per_group(groups)
    # The pendamping named beside their groups: a worker shown is a person read.
    workers_shown(
        request, {r["kelompok"].pendamping_id: r["kelompok"].pendamping for r in rows}.values()
    )
    context = {
        "kelompok": rows,
        "page": page,
        "pertemuan": [
            {"p": p, "modul": summary.module_label(p.modul),
             "persen_hadir": summary.rate(p.hadir, p.tercatat)}
            for p in page
        ],
    }  # fmt: skip
    return render(request, "p2k2/daftar.html", context)
