"""Layanan: courses and sessions recorded; one participant's attendance and result; one
certificate issued or revoked.

Only roles that may change data (``tulis``; 403 otherwise). A kab/kota user holds
sessions for their own kab/kota and reaches the participants among their region's
workers only (404 otherwise), as on the session page. Every step goes through
``layanan.training``; a refusal is shown next to its field (or above the form),
and each change about a worker (their NIK is personal data) is audited.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, Scope, scope_of
from datusoban.layanan import training
from datusoban.layanan.forms import CourseForm, ResultForm, RevokeForm, SessionForm
from datusoban.layanan.models import PesertaPelatihan, Pilar, Sertifikat
from datusoban.layanan.regions import regional
from datusoban.layanan.shown import workers_shown
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.refusals import attempt, refusals_shown_on

READ_ONLY = "Peran Anda tidak boleh mengubah data."


def _writer(request: HttpRequest) -> Scope | None:
    """The user's scope when they may change data; None: refuse (403). No scope: 404."""
    scope = scope_or_404(request)
    return scope if scope.role.tulis else None


def _form_page(
    request: HttpRequest, form: forms.Form, title: str, status: int = 200, **destructive
):
    # ``destructive``: tindakan (the button's words), peringatan, back_url of a step that
    # cannot be undone, drawn as one (layanan/isian.html).
    return render(request, "layanan/isian.html", {"form": form, "title": title, **destructive},
                  status=status)  # fmt: skip


def _participants(request: HttpRequest, scope: Scope):
    """Participants of the sessions the user sees who are workers of the user's region."""
    workers = regional(request.user, Pilar.objects.all()).values("pk")
    rows = PesertaPelatihan.objects.filter(pilar__in=workers)
    if scope.wilayah != PROVINCE:
        rows = rows.filter(sesi__kode_kabkota__in=["", scope.wilayah[:5]])
    return rows.select_related("sesi__pelatihan", "pilar")


def _audit(request: HttpRequest, peserta: PesertaPelatihan, what: str) -> None:
    record(request, Aksi.UBAH, "peserta_pelatihan", [(str(peserta.pilar_id), peserta.pilar.nik)],
           rincian={"sesi": peserta.sesi_id, "langkah": what})  # fmt: skip


@viewer_required
def course_new(request: HttpRequest) -> HttpResponse:
    if _writer(request) is None:
        return HttpResponse(READ_ONLY, status=403)
    form = CourseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            attempt(form, training.create_course, d["kode"], d["nama"], d["untuk_peran"],
                    d["masa_berlaku_tahun"])  # fmt: skip
            if not form.errors:
                messages.success(request, f"Pelatihan {d['nama']} tersimpan.")
                return redirect("web:layanan_pelatihan")
        return _form_page(request, form, "Pelatihan baru", 400)
    return _form_page(request, form, "Pelatihan baru")


@viewer_required
def session_new(request: HttpRequest) -> HttpResponse:
    scope = _writer(request)
    if scope is None:
        return HttpResponse(READ_ONLY, status=403)
    own = "" if scope.wilayah == PROVINCE else scope.wilayah[:5]
    form = SessionForm(request.POST or None, initial={"kode_kabkota": own})
    if request.method == "POST":
        if form.is_valid() and own and form.cleaned_data["kode_kabkota"] not in ("", own):
            form.add_error("kode_kabkota", "Kab/kota ini di luar cakupan Anda.")
        if form.is_valid():
            d = form.cleaned_data
            sesi = attempt(
                form, training.create_session, d["pelatihan"], mulai=d["mulai"],
                selesai=d["selesai"], tempat=d["tempat"], penyelenggara=d["penyelenggara"],
                kode_kabkota=d["kode_kabkota"] or own,
            )  # fmt: skip
            if sesi is not None:
                messages.success(request, "Sesi tersimpan.")
                return redirect("web:layanan_sesi", pk=sesi.pk)
        return _form_page(request, form, "Sesi pelatihan baru", 400)
    return _form_page(request, form, "Sesi pelatihan baru")


@viewer_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance and result of one participant, once the session has ended."""
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    peserta = get_object_or_404(_participants(request, scope), pk=pk)
    if not scope.role.tulis:
        return HttpResponse(READ_ONLY, status=403)
    initial = {k: {True: "ya", False: "tidak"}.get(getattr(peserta, k)) for k in ("hadir", "lulus")}
    form = ResultForm(request.POST or None, initial=initial)
    title = f"Hasil {peserta.pilar.nama}: {peserta.sesi}"
    workers_shown(request, [peserta.pilar])
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            attempt(form, training.record_result, peserta, hadir=d["hadir"], lulus=d["lulus"],
                    on=date.today())  # fmt: skip
            if not form.errors:
                _audit(request, peserta, "hasil")
                messages.success(request, f"Hasil {peserta.pilar.nama} tersimpan.")
                return redirect("web:layanan_sesi", pk=peserta.sesi_id)
        return _form_page(request, form, title, 400)
    return _form_page(request, form, title)


@viewer_required
@require_POST
def certify_one(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    peserta = get_object_or_404(_participants(request, scope), pk=pk)
    if not scope.role.tulis:
        return HttpResponse(READ_ONLY, status=403)
    refusals_shown_on(request, "web:layanan_sesi", pk=peserta.sesi_id,
                      prefix=f"{peserta.pilar.nama}: ")  # fmt: skip
    issued = training.certify(peserta, on=date.today())
    _audit(request, peserta, "sertifikat")
    messages.success(request, f"Sertifikat {issued.nomor} diterbitkan.")
    return redirect("web:layanan_sesi", pk=peserta.sesi_id)


@viewer_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    participants = _participants(request, scope)
    sertifikat = get_object_or_404(
        Sertifikat.objects.filter(peserta__in=participants.values("pk")).select_related(
            "peserta__pilar"
        ),
        pk=pk,
    )
    if not scope.role.tulis:
        return HttpResponse(READ_ONLY, status=403)
    form = RevokeForm(request.POST or None)
    title = f"Cabut sertifikat {sertifikat.nomor}"
    danger = {
        "tindakan": "Cabut sertifikat",
        "peringatan": "Sertifikat yang dicabut tidak berlaku lagi sejak tanggal ini.",
        "back_url": reverse("web:layanan_sesi", kwargs={"pk": sertifikat.peserta.sesi_id}),
    }
    if request.method == "POST":
        if form.is_valid():
            attempt(form, training.revoke, sertifikat, form.cleaned_data["tanggal"])
            if not form.errors:
                _audit(request, sertifikat.peserta, "cabut")
                messages.success(request, f"Sertifikat {sertifikat.nomor} dicabut.")
                return redirect("web:layanan_sesi", pk=sertifikat.peserta.sesi_id)
        return _form_page(request, form, title, 400, **danger)
    return _form_page(request, form, title, **danger)
