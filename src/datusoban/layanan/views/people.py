"""Layanan: admitting registry persons as LKS clients and UPTD residents, ending a
client's service, recording a service a resident received.

The person is chosen by a NIK or name search (``registri.search``) within the
user's scope, shown masked as the role says, the search recorded; the search is
posted, so that a NIK never goes into an address. Only roles that
may change data (``tulis``) reach these forms (403 otherwise), and only for an
institution, client or resident within reach (``layanan.staff``: scope, and for
UPTD/LKS staff their own institutions; 404 otherwise). Every step goes through
``layanan.lembaga`` / ``layanan.panti``; a refusal is shown next to its field,
a success recorded in the audit trail against the person.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import Scope
from datusoban.layanan import lembaga as lks
from datusoban.layanan import panti, staff
from datusoban.layanan.forms import (
    ClientAdmitForm,
    ClientEndForm,
    PersonSearchForm,
    ResidentAdmitForm,
    ResidentServiceForm,
    search_conditions,
    typed_identifier,
)
from datusoban.layanan.models import Lembaga
from datusoban.layanan.regions import people_in_scope, regional
from datusoban.layanan.shown import person_shown
from datusoban.registri.forms import IN_ADDRESS
from datusoban.registri.models import Person
from datusoban.registri.search import search_people
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.refusals import attempt

READ_ONLY = "Peran Anda tidak boleh mengubah data."
MAX_CANDIDATES = 20


class _ReadOnlyError(Exception):
    pass


def _candidates(request: HttpRequest, scope: Scope, text: str) -> list[Person]:
    """Persons in scope matching the typed NIK or name, NIK masked; the search recorded."""
    conditions = search_conditions(text)
    if conditions is None:
        return []
    found = list(
        search_people(people_in_scope(request.user), conditions, date.today())
        .select_related("household")
        .order_by("nama", "pk")[:MAX_CANDIDATES]
    )
    if found:
        record(request, Aksi.CARI, "orang", [(str(p.pk), p.nik) for p in found])
    for person in found:
        person.nik_shown = identifier_for(scope.role, person.nik)
    return found


def _admit(request: HttpRequest, lembaga: Lembaga, form_class, step, objek: str, back: str):
    """The admission page of an institution: search, pick, the form; on success ``back``."""
    scope = scope_or_404(request)
    if not scope.role.tulis:
        return HttpResponse(READ_ONLY, status=403)
    # The search is posted (``langkah=cari``) like the admission itself: a NIK typed in
    # it never goes into an address. An older address holding one gets a message.
    searching = request.POST.get("langkah") == "cari"
    text = (request.POST if request.method == "POST" else request.GET).get("cari", "")
    in_address = request.method == "GET" and typed_identifier(text)
    if in_address:
        text = ""
    search = PersonSearchForm({"cari": text})
    form = form_class(None if searching else request.POST or None)
    status = 200
    if request.method == "POST" and not searching:
        if form.is_valid():
            person = people_in_scope(request.user).filter(pk=form.cleaned_data["person"]).first()
            if person is None:
                form.add_error("person", "Orang tidak ditemukan dalam cakupan Anda.")
            else:
                row = attempt(form, step, lembaga, person, form.cleaned_data)
                if row is not None:
                    record(
                        request, Aksi.UBAH, objek, [(str(person.pk), person.nik)],
                        rincian={"lembaga": lembaga.kode, "id": row.pk},
                    )  # fmt: skip
                    messages.success(request, f"{person.nama} dicatat pada {lembaga.nama}.")
                    return redirect(back, pk=lembaga.pk)
        status = 400
    context = {
        "lembaga": lembaga,
        "search": search,
        "form": form,
        "cari": text,
        "in_address": IN_ADDRESS if in_address else "",
        "candidates": _candidates(request, scope, text) if search.is_valid() else [],
        "chosen": form.data.get("person", ""),
        "back": back,
    }
    return render(request, "layanan/terima.html", context, status=status)


def _lks(request: HttpRequest, pk: int) -> Lembaga:
    institutions = regional(request.user, Lembaga.objects.filter(jenis=Lembaga.Jenis.LKS))
    return get_object_or_404(staff.own_institutions(request.user, institutions), pk=pk)


def _uptd(request: HttpRequest, pk: int) -> Lembaga:
    # The UPTD are provincial (every user sees the list); staff reach their own only.
    institutions = Lembaga.objects.filter(jenis=Lembaga.Jenis.UPTD)
    return get_object_or_404(staff.own_institutions(request.user, institutions), pk=pk)


@viewer_required
def client_admit(request: HttpRequest, pk: int) -> HttpResponse:
    scope_or_404(request)
    lembaga = _lks(request, pk)
    return _admit(
        request, lembaga, ClientAdmitForm,
        lambda lem, person, d: lks.admit_client(lem, person, d["kebutuhan"], d["mulai"]),
        "klien_lembaga", "web:layanan_lembaga",
    )  # fmt: skip


@viewer_required
def resident_admit(request: HttpRequest, pk: int) -> HttpResponse:
    scope_or_404(request)
    uptd = _uptd(request, pk)
    return _admit(
        request, uptd, ResidentAdmitForm,
        lambda lem, person, d: panti.admit(lem, person, d["masuk"]),
        "warga_binaan", "web:layanan_uptd_rinci",
    )  # fmt: skip


def _change_page(request: HttpRequest, row, form_class, step, objek: str, title: str, back):
    """A small form about one client or resident: shown, checked, applied, recorded."""
    scope = scope_or_404(request)
    if not scope.role.tulis:
        return HttpResponse(READ_ONLY, status=403)
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            attempt(form, step, row, form.cleaned_data)
            if not form.errors:
                rincian = {"id": row.pk, **{k: str(v) for k, v in form.cleaned_data.items()}}
                record(
                    request, Aksi.UBAH, objek, [(str(row.person_id), row.person.nik)],
                    rincian=rincian,
                )  # fmt: skip
                messages.success(request, "Tersimpan.")
                return back
        status = 400
    row.nik_shown = identifier_for(scope.role, row.person.nik)
    person_shown(request, objek, row)
    context = {"row": row, "form": form, "title": title, "back_url": back.url}
    return render(request, "layanan/ubah.html", context, status=status)


@viewer_required
def client_end(request: HttpRequest, pk: int) -> HttpResponse:
    scope_or_404(request)
    clients = staff.clients(request.user).select_related("person", "lembaga")
    klien = get_object_or_404(clients, pk=pk)
    return _change_page(
        request, klien, ClientEndForm,
        lambda k, d: lks.end_client(k, d["selesai"], d["alasan"]),
        "klien_lembaga", f"Akhiri layanan klien {klien.lembaga.nama}",
        redirect("web:layanan_lembaga", pk=klien.lembaga_id),
    )  # fmt: skip


@viewer_required
def resident_service(request: HttpRequest, pk: int) -> HttpResponse:
    scope_or_404(request)
    residents = staff.residents(request.user).select_related("person", "uptd")
    warga = get_object_or_404(residents, pk=pk)
    by = request.user.get_username()
    return _change_page(
        request, warga, ResidentServiceForm,
        lambda w, d: panti.record_service(w, d["komponen"], d["tanggal"], by, d["keterangan"]),
        "warga_binaan", f"Catat layanan warga binaan {warga.uptd.nama}",
        redirect("web:layanan_uptd_rinci", pk=warga.uptd_id),
    )  # fmt: skip
