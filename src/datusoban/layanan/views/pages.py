"""Layanan: the delivery network's pages — coverage gaps, caseloads, workers, training.

Every list is narrowed to the user's region (``layanan.regions``); a field
worker (role ``pendamping``) sees their own caseload only. Workers and
institutions are not registry persons, but a worker's NIK is masked as the
role says. Lists with an XLSX link are written by the project's writer, which
neutralises formulas.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import PROVINCE, scoped
from datusoban.layanan import caseload, coverage, training
from datusoban.layanan.models import Pilar, SesiPelatihan
from datusoban.layanan.regions import may_change, regional
from datusoban.layanan.shown import workers_shown
from datusoban.program.indicators import pendamping_caseload
from datusoban.reference.models import Region
from datusoban.registri.models import Household
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.purpose_export import Export, export_with_purpose
from datusoban.web.refusals import refusals_shown_on
from datusoban.web.xlsx import xlsx_response

PAGE_SIZE = 50


def _kabkota_names() -> dict[str, str]:
    return dict(Region.objects.filter(level=2).values_list("kode", "nama"))


@viewer_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    """Per kab/kota: workers and institutions; the kecamatan without a TKSK; no LKKS."""
    scope = scope_or_404(request)
    rows = coverage.kabkota_coverage(scope)
    context = {
        "scope": scope,
        "rows": rows,
        "gaps": coverage.kecamatan_gaps(scope),
        "tanpa_lkks": [r for r in rows if r.tanpa_lkks],
    }
    return render(request, "layanan/cakupan.html", context)


@viewer_required
def coverage_xlsx(request: HttpRequest) -> HttpResponse:
    scope = scope_or_404(request)
    rows = coverage.kabkota_coverage(scope)
    gaps = coverage.kecamatan_gaps(scope)
    table = [
        {"kode": r.kode, "nama": r.nama, "kecamatan": r.kecamatan,
         "kecamatan_tanpa_tksk": r.kecamatan_tanpa_tksk, "tksk": r.tksk,
         "pendamping_pkh": r.pendamping, "psm": r.psm, "tagana": r.tagana, "lks": r.lks,
         "lkks": r.lkks}
        for r in rows
    ]  # fmt: skip
    sheets = {
        "Kab-kota": pl.DataFrame(table),
        "Kecamatan tanpa TKSK": pl.DataFrame(
            [{"kode": g.kode, "kecamatan": g.nama, "kabkota": g.nama_kabkota} for g in gaps],
            schema={"kode": pl.Utf8, "kecamatan": pl.Utf8, "kabkota": pl.Utf8},
        ),
    }
    return xlsx_response(sheets, "cakupan-pilar-sosial.xlsx")


@viewer_required
def caseload_page(request: HttpRequest) -> HttpResponse:
    """Caseloads against the norm; suggestions to rebalance within a kecamatan."""
    scope = scope_or_404(request)
    kecamatan = request.GET.get("kecamatan", "").strip() or None
    rows = caseload.caseloads(request.user, kecamatan)
    field_worker = scope.role.kode == caseload.FIELD_WORKER
    per_kabkota = []
    if not field_worker:
        households = (
            None if scope.wilayah == PROVINCE else scoped(request.user, Household.objects.all())
        )
        per_kabkota = pendamping_caseload(households)[1].to_dicts()
    context = {
        "scope": scope,
        "rows": rows,
        "per_kabkota": per_kabkota,
        "norma": caseload.caseload_norm(),
        "kecamatan": kecamatan or "",
        "field_worker": field_worker,
        "suggestions": [] if field_worker else caseload.suggestions(request.user, kecamatan),
        "may_change": may_change(request.user),
    }
    return render(request, "layanan/beban.html", context)


@viewer_required
@require_http_methods(["GET", "POST"])
def caseload_xlsx(request: HttpRequest) -> HttpResponse:
    """Each pendamping's families against the norm, as XLSX: an export with a purpose."""
    scope_or_404(request)
    rows = caseload.caseloads(request.user, request.GET.get("kecamatan", "").strip() or None)
    niks = dict(
        Pilar.objects.filter(kode_pendamping__in=[c.pendamping for c in rows]).values_list(
            "kode_pendamping", "nik"
        )
    )

    def build(n: int) -> HttpResponse:
        frame = pl.DataFrame(
            [
                {"pendamping": c.pendamping, "nama": c.nama, "kecamatan": c.kode_kecamatan,
                 "kpm": c.kpm, "norma": c.norma, "rasio": c.rasio,
                 "di_atas_norma": c.di_atas_norma}
                for c in rows[:n]
            ],
            schema={"pendamping": pl.Utf8, "nama": pl.Utf8, "kecamatan": pl.Utf8,
                    "kpm": pl.Int64, "norma": pl.Int64, "rasio": pl.Float64,
                    "di_atas_norma": pl.Boolean},
        )  # fmt: skip
        return xlsx_response({"Beban kasus": frame}, "beban-kasus-pendamping.xlsx")

    export = Export("pilar", "Beban kasus pendamping", "pendamping", reverse("web:layanan_beban"))
    subjects = [(c.pendamping, niks.get(c.pendamping)) for c in rows]
    return export_with_purpose(request, export, subjects, build)


@viewer_required
@require_POST
def caseload_move(request: HttpRequest) -> HttpResponse:
    """Apply one rebalancing suggestion (users who may change data only)."""
    scope = scope_or_404(request)
    if not scope.role.tulis:
        return HttpResponse("Peran Anda tidak boleh mengubah data.", status=403)
    refusals_shown_on(request, "web:layanan_beban")
    try:
        move = caseload.Suggestion(
            request.POST["kecamatan"], request.POST["dari"], request.POST["ke"],
            int(request.POST["jumlah"]),
        )  # fmt: skip
        moved = caseload.apply(move, user=request.user, role=scope.role)
    except (KeyError, ValueError):
        messages.error(request, "Usulan tidak lengkap.")
        return redirect("web:layanan_beban")
    record(
        request, Aksi.UBAH, "pendamping_kpm", [(f"{move.dari}->{move.ke}", None)],
        rincian={"kecamatan": move.kode_kecamatan, "jumlah": moved},
    )  # fmt: skip
    messages.success(request, f"{moved} KPM dipindahkan dari {move.dari} ke {move.ke}.")
    return redirect("web:layanan_beban")


def _workers(request: HttpRequest):
    rows = regional(request.user, Pilar.objects.select_related("jenis", "wilayah"))
    peran = request.GET.get("peran", "")
    if peran in Pilar.Peran.values:
        rows = rows.filter(peran=peran)
    status = request.GET.get("status", "")
    if status in ("aktif", "nonaktif"):
        rows = rows.filter(status=status)
    kab = request.GET.get("kabkota", "").strip()
    if kab:
        rows = rows.filter(kode_kabkota=kab)
    return rows


@viewer_required
def workers_page(request: HttpRequest) -> HttpResponse:
    scope = scope_or_404(request)
    page = Paginator(_workers(request), PAGE_SIZE).get_page(request.GET.get("hal"))
    names = _kabkota_names()
    for pilar in page:
        pilar.nama_kabkota = names.get(pilar.kode_kabkota, pilar.kode_kabkota)
    workers_shown(request, page)
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "scope": scope,
        "page": page,
        "peran_pilihan": Pilar.Peran.choices,
        "may_change": may_change(request.user),
        "filters": request.GET,
        "query": query.urlencode(),
    }
    return render(request, "layanan/pilar.html", context)


@viewer_required
@require_http_methods(["GET", "POST"])
def workers_xlsx(request: HttpRequest) -> HttpResponse:
    """The workers on the list (its filters kept) as XLSX: an export with a purpose."""
    scope = scope_or_404(request)
    workers = list(_workers(request).order_by("kode_kabkota", "nama", "pk"))

    def build(n: int) -> HttpResponse:
        rows = [
            {"peran": p.get_peran_display(), "nama": p.nama,
             "nik": identifier_for(scope.role, p.nik), "wilayah": p.wilayah_id,
             "kabkota": p.kode_kabkota, "status": p.status, "telepon": p.telepon,
             "email": p.email}
            for p in workers[:n]
        ]  # fmt: skip
        columns = ["peran", "nama", "nik", "wilayah", "kabkota", "status", "telepon", "email"]
        frame = pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.Utf8))
        return xlsx_response({"Pilar sosial": frame}, "pilar-sosial.xlsx")

    export = Export("pilar", "Daftar pilar sosial", "pilar", reverse("web:layanan_pilar"))
    return export_with_purpose(request, export, [(str(p.pk), p.nik) for p in workers], build)


@viewer_required
def worker_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_or_404(request)
    pilar = get_object_or_404(regional(request.user, Pilar.objects.select_related("jenis")), pk=pk)
    context = {
        "pilar": pilar,
        "nik": identifier_for(scope.role, pilar.nik),
        "sertifikat": pilar.sertifikat.select_related("pelatihan").order_by("-terbit"),
        "pelatihan": pilar.pelatihan.select_related("sesi__pelatihan").order_by("-sesi__mulai"),
        "today": date.today(),
        "may_change": may_change(request.user),
    }
    workers_shown(request, [pilar])
    return render(request, "layanan/pilar_rinci.html", context)


@viewer_required
def training_page(request: HttpRequest) -> HttpResponse:
    """Sessions held, and the workers due for training (no or lapsing certificate)."""
    scope = scope_or_404(request)
    on = date.today()
    due = training.due_for_training(regional(request.user, Pilar.objects.all()), on)
    sessions = SesiPelatihan.objects.all()
    if scope.wilayah != PROVINCE:  # province-wide sessions and the user's kab/kota's
        sessions = sessions.filter(kode_kabkota__in=["", scope.wilayah[:5]])
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("hal"))
    workers_shown(request, [d.pilar for d in page])
    context = {
        "scope": scope,
        "sessions": sessions.select_related("pelatihan")[:100],
        "page": page,
        "due_total": len(due),
        "may_change": may_change(request.user),
    }
    return render(request, "layanan/pelatihan.html", context)


@viewer_required
@require_http_methods(["GET", "POST"])
def training_due_xlsx(request: HttpRequest) -> HttpResponse:
    """The workers due for training, as XLSX: an export with a purpose."""
    scope_or_404(request)
    due = training.due_for_training(regional(request.user, Pilar.objects.all()), date.today())

    def build(n: int) -> HttpResponse:
        frame = pl.DataFrame(
            [
                {"peran": d.pilar.get_peran_display(), "nama": d.pilar.nama,
                 "kabkota": d.pilar.kode_kabkota, "wilayah": d.pilar.wilayah_id,
                 "sertifikat_berakhir": d.berlaku_sampai, "alasan": d.alasan}
                for d in due[:n]
            ],
            schema={"peran": pl.Utf8, "nama": pl.Utf8, "kabkota": pl.Utf8,
                    "wilayah": pl.Utf8, "sertifikat_berakhir": pl.Date, "alasan": pl.Utf8},
        )  # fmt: skip
        return xlsx_response({"Perlu pelatihan": frame}, "perlu-pelatihan.xlsx")

    export = Export(
        "pilar", "Pilar yang perlu pelatihan", "pilar", reverse("web:layanan_pelatihan")
    )
    subjects = [(str(d.pilar.pk), d.pilar.nik) for d in due]
    return export_with_purpose(request, export, subjects, build)
