"""Layanan: recording and changing workers (PSKS, pendamping) and institutions, and making
them nonaktif from a date.

Only roles that may change data (``tulis``; 403 otherwise), and only within their
region: a row outside it is not found (404), nor for UPTD/LKS staff an institution
not their own (``layanan.staff``), and a row may not be placed outside the region.
Every write goes through ``layanan.directory``; a refusal is shown next to its
field. A worker's NIK is personal data: each change to a worker is recorded in the
audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.layanan import directory, staff
from datusoban.layanan.forms import DeactivateForm, LembagaForm, PilarForm
from datusoban.layanan.models import Lembaga, Pilar
from datusoban.layanan.regions import regional
from datusoban.layanan.shown import workers_shown
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.refusals import attempt

READ_ONLY = "Peran Anda tidak boleh mengubah data."


def _in_region(scope: Scope, kode: str) -> bool:
    return (
        scope.wilayah == PROVINCE or kode == scope.wilayah or kode.startswith(scope.wilayah + ".")
    )


def _audit_worker(request: HttpRequest, pilar: Pilar, what: str) -> None:
    record(request, Aksi.UBAH, "pilar", [(str(pilar.pk), pilar.nik)], rincian={"langkah": what})


def _edit(request: HttpRequest, row, form_class, save, fields, title: str, back_name: str):
    scope = scope_or_404(request)
    if not scope.role.tulis:
        return HttpResponse(READ_ONLY, status=403)
    initial = None
    if row is not None:
        initial = {f: getattr(row, f) for f in fields if f != "wilayah"}
        initial["wilayah"] = row.wilayah_id
    form = form_class(request.POST or None, initial=initial)
    if isinstance(row, Pilar):
        workers_shown(request, [row])
    status = 200
    if request.method == "POST":
        if form.is_valid() and not _in_region(scope, form.cleaned_data["wilayah"]):
            form.add_error("wilayah", "Wilayah ini di luar cakupan Anda.")
        if form.is_valid():
            saved = attempt(form, save, row, form.cleaned_data)
            if saved is not None:
                if isinstance(saved, Pilar):
                    _audit_worker(request, saved, "ubah" if row else "baru")
                messages.success(request, f"{saved.nama} tersimpan.")
                return redirect(back_name, pk=saved.pk)
        status = 400
    context = {"form": form, "title": title, "row": row}
    return render(request, "layanan/isian.html", context, status=status)


def _deactivate(request: HttpRequest, row, back_name: str):
    scope = scope_or_404(request)
    if not scope.role.tulis:
        return HttpResponse(READ_ONLY, status=403)
    form = DeactivateForm(request.POST or None)
    if isinstance(row, Pilar):
        workers_shown(request, [row])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            attempt(form, directory.deactivate, row, form.cleaned_data["tanggal"])
            if not form.errors:
                if isinstance(row, Pilar):
                    _audit_worker(request, row, "nonaktif")
                messages.success(request, f"{row.nama} nonaktif.")
                return redirect(back_name, pk=row.pk)
        status = 400
    context = {
        "form": form, "title": f"Nonaktifkan {row.nama}", "row": row,
        # A destructive step: its button says what it does, in the colour of danger.
        "tindakan": "Nonaktifkan",
        "peringatan": f"{row.nama} tidak lagi dihitung aktif sejak tanggal ini.",
        "back_url": reverse(back_name, kwargs={"pk": row.pk}),
    }  # fmt: skip
    return render(request, "layanan/isian.html", context, status=status)


def _worker(request: HttpRequest, pk: int) -> Pilar:
    scope_or_404(request)
    return get_object_or_404(regional(request.user, Pilar.objects.all()), pk=pk)


def _institution(request: HttpRequest, pk: int) -> Lembaga:
    scope_or_404(request)
    institutions = regional(request.user, Lembaga.objects.all())
    return get_object_or_404(staff.own_institutions(request.user, institutions), pk=pk)


@viewer_required
def worker_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None, PilarForm, directory.save_pilar, directory.PILAR_FIELDS,
                 "Pilar sosial baru", "web:layanan_pilar_rinci")  # fmt: skip


@viewer_required
def worker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pilar = _worker(request, pk)
    return _edit(request, pilar, PilarForm, directory.save_pilar, directory.PILAR_FIELDS,
                 f"Ubah {pilar.nama}", "web:layanan_pilar_rinci")  # fmt: skip


@viewer_required
def worker_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _deactivate(request, _worker(request, pk), "web:layanan_pilar_rinci")


@viewer_required
def institution_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None, LembagaForm, directory.save_lembaga, directory.LEMBAGA_FIELDS,
                 "Lembaga baru", "web:layanan_lembaga")  # fmt: skip


@viewer_required
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lembaga = _institution(request, pk)
    title = f"Ubah {lembaga.nama}"
    return _edit(request, lembaga, LembagaForm, directory.save_lembaga,
                 directory.LEMBAGA_FIELDS, title, "web:layanan_lembaga")  # fmt: skip


@viewer_required
def institution_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _deactivate(request, _institution(request, pk), "web:layanan_lembaga")
