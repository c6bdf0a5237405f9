"""Pages of the web app. Views ask services for data; they never write models themselves."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from datusoban.registri.stats import counts_per_kabkota
from datusoban.web import errors


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


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site's login: one login for everything (the site's own, with its lockout
    and second factor). The admin site is for superusers only; anyone else who is logged
    in is refused here rather than sent to log in again, which would bring them straight
    back (/admin/ -> /admin/login/ -> /masuk/ -> /admin/ ...)."""
    if request.user.is_authenticated:
        return errors.forbidden(request)
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("web:masuk") + (f"?{query}" if query else ""))
