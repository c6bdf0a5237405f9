"""The field app (/lapangan/): its shell page, manifest and service worker, the download of
the worker's own work and the sending of visits and of the other entries (JSON, for the
app's script); and the office's page of visits per kecamatan, with the decision on each
(/lapangan/kunjungan/).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scoped
from datusoban.kasus import files
from datusoban.lapangan import download, entries, progress, review, variables, visits
from datusoban.lapangan.models import KunjunganLapangan
from datusoban.reference.wilayah import name_of
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person
from datusoban.web.permissions import scope_or_404, viewer_required

PAGE_SIZE = 25
# Bumped with a change of the shell: the service worker's cache is named after it.
SHELL_VERSION = "3"
SHELL_FILES = ("lapangan/lapangan.css", "lapangan/lapangan.js", "lapangan/ikon-192.png",
               "lapangan/ikon-512.png")  # fmt: skip
FILTERS = (("", "Semua"), ("menunggu", "Perlu diverifikasi"), ("konflik", "Konflik"),
           ("selesai", "Sudah diverifikasi"))  # fmt: skip


def _refused(refused: RefusedError) -> JsonResponse:
    return JsonResponse(
        {"kode": refused.kode, "pesan": refused.pesan, "field": refused.field},
        status=refused.status,
    )


@require_GET
@viewer_required
def aplikasi(request: HttpRequest) -> HttpResponse:
    """The app's one page; the service worker keeps it for use offline."""
    return render(request, "lapangan/aplikasi.html", {"versi": SHELL_VERSION})


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "Datu Soban Lapangan",
        "short_name": "Lapangan",
        "description": "Verifikasi lapangan keluarga, juga tanpa sinyal.",
        "lang": "id",
        "start_url": reverse("web:lapangan"),
        "scope": reverse("web:lapangan"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5d3b",
        "icons": [
            {"src": static("lapangan/ikon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("lapangan/ikon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from /lapangan/ so that its scope is the app's; it names the
    shell's files by their served (in production, hashed) addresses."""
    shell = [reverse("web:lapangan"), *(static(f) for f in SHELL_FILES)]
    response = render(
        request, "lapangan/sw.js",
        {"versi": SHELL_VERSION, "berkas": json.dumps(shell)},
        content_type="text/javascript",
    )  # fmt: skip
    add_never_cache_headers(response)
    return response


@require_GET
@viewer_required
def unduh(request: HttpRequest) -> JsonResponse:
    try:
        data = download.work_of(request)
    except RefusedError as refused:
        return _refused(refused)
    response = JsonResponse(data)
    add_never_cache_headers(response)
    return response


def _entry(request: HttpRequest) -> dict:
    """The JSON object the app sent; refused (400) when the body is not one."""
    try:
        entry = json.loads(request.body or b"{}")
    except ValueError:
        entry = None
    if not isinstance(entry, dict):
        raise RefusedError("json", "Isi kiriman bukan JSON yang terbaca.", 400)
    return entry


@require_POST
@viewer_required
def kirim(request: HttpRequest) -> JsonResponse:
    """One visit (the JSON body); 201 stored, 200 stored before under the same key."""
    try:
        stored = visits.store(request, _entry(request))
    except RefusedError as refused:
        return _refused(refused)
    return JsonResponse(stored.answer(), status=201 if stored.new else 200)


@require_POST
@viewer_required
def entri(request: HttpRequest) -> JsonResponse:
    """One entry other than a visit (its ``jenis``: kasus, p2k2, korban, penyaluran); 201
    stored, 200 stored before under the same key, 422 refused with the reason."""
    try:
        stored = entries.store(request, _entry(request))
    except RefusedError as refused:
        return _refused(refused)
    return JsonResponse(stored.answer, status=201 if stored.new else 200)


def _shown(user, visit: KunjunganLapangan) -> dict:
    def value(field: str, raw) -> str:
        if raw is None or raw == "":
            return "—"
        if isinstance(raw, bool):
            return "Ya" if raw else "Tidak"
        return (
            dict(variables.choices(field)).get(raw, str(raw))
            if field in variables.CHOICES
            else str(raw)
        )

    return {
        "v": visit,
        "desa": visit.household.wilayah.nama,
        "foto": review.may_see_photo(user, visit),
        "perubahan": [
            {"label": variables.label(f), "sebelum": value(f, visit.sebelum.get(f)),
             "sesudah": value(f, visit.sesudah[f]),
             "kantor": value(f, visit.konflik[f]) if f in visit.konflik else None}
            for f in visit.berubah
        ],
    }  # fmt: skip


@require_GET
@viewer_required
def kunjungan(request: HttpRequest) -> HttpResponse:
    scope = scope_or_404(request)
    rows = review.visits_for(request.user)
    counts = progress.per_kecamatan(request.user, rows)
    for c in counts:
        c["nama"] = name_of(c["kode_kecamatan"]) or "—"
    kecamatan = request.GET.get("kecamatan", "")
    status = request.GET.get("status", "")
    if kecamatan:
        rows = rows.filter(kode_kecamatan=kecamatan)
    if status == "selesai":
        rows = rows.filter(verifikasi__in=("diterima", "ditolak"))
    elif status in ("menunggu", "konflik"):
        rows = rows.filter(verifikasi=status)
    page = Paginator(
        rows.select_related("household__wilayah", "petugas").order_by("-diterima_pada", "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("hal"))
    context = {
        "per_kecamatan": counts, "page": page, "rows": [_shown(request.user, v) for v in page],
        "boleh_putus": scope.role.tulis, "kecamatan": kecamatan, "status": status,
        "pilihan_status": FILTERS,
    }  # fmt: skip
    return render(request, "lapangan/kunjungan.html", context)


@require_GET
@viewer_required
def foto(request: HttpRequest, pk: int) -> FileResponse:
    """A visit's photo, to those who may see it (``review.photo_of``: as a case's photos),
    recorded under the NIK of each member of the household the user may see."""
    visit = review.photo_of(request.user, pk)  # refused: the not-found page
    path = files.path_of(visit.foto)
    if not path.exists():
        raise Http404
    niks = scoped(request.user, Person.objects.filter(household_id=visit.household_id))
    subjects = [(str(visit.pk), nik) for nik in niks.values_list("nik", flat=True)]
    record(request, Aksi.BACA, "foto_kunjungan_lapangan", subjects or [(str(visit.pk), None)],
           rincian={"keluarga": visit.household_id})  # fmt: skip
    response = FileResponse(path.open("rb"), content_type=files.CONTENT_TYPES["jpg"])
    response["Content-Disposition"] = f'inline; filename="kunjungan-{visit.pk}.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _decide(request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
    try:
        visit = review.decide(request, pk, accept)
    except RefusedError as refused:
        if refused.status in (403, 404):
            raise
        messages.error(request, refused.pesan)
        return redirect("web:lapangan_kunjungan")
    if accept:
        messages.success(
            request,
            f"Kunjungan {visit.pk} diterima; nilai lapangan masuk registri sebagai sumber "
            f"“Kunjungan lapangan” (batch {visit.batch_id}).",
        )
    else:
        messages.success(request, f"Kunjungan {visit.pk} ditolak; registri tidak berubah.")
    return redirect("web:lapangan_kunjungan")


@require_POST
@viewer_required
def terima(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, True)


@require_POST
@viewer_required
def tolak(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, False)
