"""Layanan: institutions — LKS with occupancy, clients and overlaps, the LKKS view, UPTD panti.

Clients and residents are registry persons: they are shown only when the person
is within ``accounts.scope.scoped`` for the user (region, children), NIK masked
as the role says, and each person shown is recorded in the audit trail.
Discharge and follow-up are changes: only roles that may change data.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.formatting import angka
from datusoban.layanan import lembaga as lks
from datusoban.layanan import panti, staff
from datusoban.layanan.models import KunjunganLanjut, Lembaga, WargaBinaan
from datusoban.layanan.regions import may_change, regional
from datusoban.web import charts
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.refusals import refusals_shown_on
from datusoban.web.xlsx import xlsx_response

PAGE_SIZE = 50


def _clients(request: HttpRequest):
    return staff.clients(request.user)


def _show_people(request: HttpRequest, role, rows: list, objek: str) -> None:
    """Give each row (with ``person``) the NIK as the role may see it; record the read."""
    people = {r.person_id: r.person for r in rows}
    if people:
        record(request, Aksi.BACA, objek, [(str(pk), p.nik) for pk, p in people.items()])
    for row in rows:
        row.nik_shown = identifier_for(role, row.person.nik)


@viewer_required
def lks_page(request: HttpRequest) -> HttpResponse:
    """LKS with occupancy; the LKKS view per kab/kota; people served twice for one need."""
    scope = scope_or_404(request)
    institutions = regional(request.user, Lembaga.objects.all())
    rows = lks.with_occupancy(institutions.filter(jenis=Lembaga.Jenis.LKS)).order_by(
        "kode_kabkota", "nama"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    for row in page:
        row.persen = lks.occupancy_percent(row.terisi, row.kapasitas)
    clients = _clients(request)
    context = {
        "scope": scope,
        "page": page,
        "lkks": lks.lkks_view(institutions, clients),
        "overlaps": lks.overlaps(clients),
        "may_change": may_change(request.user),
    }
    return render(request, "layanan/lks.html", context)


@viewer_required
def lks_xlsx(request: HttpRequest) -> HttpResponse:
    """The LKS in the user's region with capacity and occupancy (no personal data)."""
    scope_or_404(request)
    rows = lks.with_occupancy(
        regional(request.user, Lembaga.objects.filter(jenis=Lembaga.Jenis.LKS))
    ).order_by("kode_kabkota", "nama")
    frame = pl.DataFrame(
        [
            {"kode": x.kode, "nama": x.nama, "kabkota": x.kode_kabkota, "wilayah": x.wilayah_id,
             "akreditasi": x.akreditasi, "kapasitas": x.kapasitas, "terisi": x.terisi,
             "okupansi_persen": lks.occupancy_percent(x.terisi, x.kapasitas),
             "layanan": ", ".join(x.layanan)}
            for x in rows
        ],
        schema={"kode": pl.Utf8, "nama": pl.Utf8, "kabkota": pl.Utf8, "wilayah": pl.Utf8,
                "akreditasi": pl.Utf8, "kapasitas": pl.Int64, "terisi": pl.Int64,
                "okupansi_persen": pl.Float64, "layanan": pl.Utf8},
    )  # fmt: skip
    return xlsx_response({"LKS": frame}, "lks-okupansi.xlsx")


@viewer_required
def institution_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One LKS (or other institution): its data and its clients within the user's scope."""
    scope = scope_or_404(request)
    lembaga = get_object_or_404(
        staff.own_institutions(request.user, regional(request.user, Lembaga.objects.all())), pk=pk
    )
    if lembaga.jenis == Lembaga.Jenis.UPTD:
        return redirect("web:layanan_uptd_rinci", pk=pk)
    clients = list(
        _clients(request).filter(lembaga=lembaga).select_related("person").order_by("-mulai")[:200]
    )
    _show_people(request, scope.role, clients, "klien_lembaga")
    context = {
        "lembaga": lembaga,
        "terisi": sum(1 for c in clients if c.selesai is None),
        "clients": clients,
        "may_change": may_change(request.user),
    }
    return render(request, "layanan/lembaga.html", context)


def _independence_per_year(kemandirian: pl.DataFrame) -> list[dict]:
    """The kemandirian of every kab/kota in scope together, per year of discharge: the
    years in which someone was visited (a year with nobody judged yet has no share)."""
    if kemandirian.is_empty():
        return []
    per_year = (
        kemandirian.group_by("tahun")
        .agg(pl.col("mandiri").sum(), pl.col("belum").sum(), pl.col("dipulangkan").sum())
        .filter(pl.col("mandiri") + pl.col("belum") > 0)
        .with_columns(persen=100 * pl.col("mandiri") / (pl.col("mandiri") + pl.col("belum")))
        .sort("tahun")
    )
    return per_year.to_dicts()


@viewer_required
def uptd_page(request: HttpRequest) -> HttpResponse:
    """The UPTD panti with occupancy, and the kemandirian of their discharged residents."""
    scope = scope_or_404(request)
    # The six UPTD are provincial: every user sees the list; residents follow their scope.
    rows = list(lks.with_occupancy(Lembaga.objects.filter(jenis=Lembaga.Jenis.UPTD)))
    for row in rows:
        row.persen = lks.occupancy_percent(row.terisi, row.kapasitas)
    residents = staff.residents(request.user)
    kemandirian = panti.kemandirian(residents)
    per_year = _independence_per_year(kemandirian)
    context = {
        "scope": scope,
        "rows": rows,
        "kemandirian": kemandirian.to_dicts(),
        "kemandirian_tahun": per_year,
        "tren_kemandirian": charts.trend(
            "tren-kemandirian",
            "Persen warga mandiri setelah keluar panti, per tahun keluar",
            [str(r["tahun"]) for r in per_year],
            [r["persen"] for r in per_year],
            lambda v: angka(v, 1) + "%",
        ),
        "due": panti.follow_up_due(residents, date.today()).count(),
    }
    return render(request, "layanan/uptd.html", context)


@viewer_required
def uptd_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_or_404(request)
    uptd = get_object_or_404(
        staff.own_institutions(request.user, Lembaga.objects.filter(jenis=Lembaga.Jenis.UPTD)),
        pk=pk,
    )
    residents = staff.residents(request.user).filter(uptd=uptd).select_related("person")
    shown = list(
        residents.order_by("keluar", "-masuk").prefetch_related("layanan", "kunjungan")[:200]
    )
    _show_people(request, scope.role, shown, "warga_binaan")
    context = {
        "uptd": uptd,
        "residents": shown,
        "due": {w.pk for w in panti.follow_up_due(residents, date.today())},
        "may_change": may_change(request.user),
        "alasan": WargaBinaan.AlasanKeluar.choices,
        "hasil": KunjunganLanjut.Hasil.choices,
        "today": date.today(),
    }
    return render(request, "layanan/uptd_rinci.html", context)


def _resident_for_change(request: HttpRequest, pk: int) -> WargaBinaan:
    scope = scope_or_404(request)
    warga = get_object_or_404(staff.residents(request.user), pk=pk)
    if not scope.role.tulis:
        raise PermissionError
    return warga


def _change(request: HttpRequest, pk: int, step) -> HttpResponse:
    try:
        warga = _resident_for_change(request, pk)
    except PermissionError:
        return HttpResponse("Peran Anda tidak boleh mengubah data.", status=403)
    refusals_shown_on(request, "web:layanan_uptd_rinci", pk=warga.uptd_id)
    try:
        day = date.fromisoformat(request.POST.get("tanggal", ""))
        step(warga, day)
    except ValueError:
        messages.error(request, "Tanggal tidak sah.")
    else:
        record(request, Aksi.UBAH, "warga_binaan", [(str(warga.person_id), warga.person.nik)])
        messages.success(request, "Tersimpan.")
    return redirect("web:layanan_uptd_rinci", pk=warga.uptd_id)


@viewer_required
@require_POST
def discharge(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request, pk, lambda w, day: panti.discharge(w, day, request.POST.get("alasan", ""))
    )


@viewer_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    by = request.user.get_username()
    return _change(
        request, pk,
        lambda w, day: panti.follow_up(
            w, day, request.POST.get("hasil", ""), by, request.POST.get("catatan", "")[:500]
        ),
    )  # fmt: skip
