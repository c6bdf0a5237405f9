"""The office's ODK/KoBo page (/lapangan/odk/): the XLSForm of a kecamatan's or a field
worker's households to download, and the upload of the submissions ODK Central or
KoBoToolbox exported from it. Roles that may change registry data only."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from datusoban.lapangan.odk import export, submissions
from datusoban.reference.wilayah import KECAMATAN, name_of, within
from datusoban.refusal import RefusedError
from datusoban.web.permissions import viewer_required
from datusoban.web.xlsx import XLSX


def _page(request: HttpRequest, status: int = 200, **context) -> HttpResponse:
    scope = export.writer(request.user)
    prefix = scope.wilayah
    kecamatan = (
        [(w.kode, w.nama) for w in within(prefix, KECAMATAN)]
        if prefix.count(".") < 2
        else [(prefix, name_of(prefix) or prefix)]
    )
    context = {
        "kecamatan": kecamatan,
        "petugas": list(export.workers_for(request.user)[:500]),
        "batas": settings.LAPANGAN_BATAS_KELUARGA,
        **context,
    }
    response = render(request, "lapangan/odk.html", context, status=status)
    add_never_cache_headers(response)
    return response


@require_GET
@viewer_required
def odk(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@viewer_required
def formulir(request: HttpRequest) -> HttpResponse:
    """The XLSForm (.xlsx) of the chosen kecamatan or worker; recorded as a download."""
    pilar = request.POST.get("petugas", "")
    try:
        made = export.export(
            request,
            kecamatan=request.POST.get("kecamatan", ""),
            pilar=int(pilar) if pilar.isdigit() else None,
        )
    except RefusedError as refused:
        if refused.status in (403, 404) and refused.field is None:
            raise
        return _page(request, 422 if refused.status != 404 else 404, galat_formulir=refused.pesan)
    response = HttpResponse(made.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    add_never_cache_headers(response)
    return response


@require_POST
@viewer_required
def impor(request: HttpRequest) -> HttpResponse:
    """The submissions file (and its media ZIP): all stored, or none and every problem."""
    export.writer(request.user)
    uploaded = request.FILES.get("berkas")
    if uploaded is None:
        return _page(request, 422, galat_impor="Pilih berkas CSV atau XLSX kiriman lebih dulu.")
    try:
        result = submissions.load(request, uploaded, request.FILES.get("media"))
    except RefusedError as refused:
        if refused.status in (403, 404):
            raise
        return _page(request, 422, galat_impor=refused.pesan)
    return _page(request, 422 if result.masalah else 200, hasil=result)
