"""Grievances (sanggahan): the list and overdue list, recording one received, its page with
the verification form and the evidence served only within scope.

Found through ``sanggahan.access.grievances_for`` (out of scope: 404); the person concerned is
shown only as the registry's scoping function allows, masked as the role says, and the
complainant's name and contact only to the roles that record and verify grievances."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scope_of, scoped
from datusoban.kasus import files, policy
from datusoban.kasus.access import may
from datusoban.kasus.models import BerkasKasus
from datusoban.registri.models import Person
from datusoban.sanggahan import actions as grievances
from datusoban.sanggahan import assignment, sla
from datusoban.sanggahan.access import grievances_for
from datusoban.sanggahan.forms import GrievanceForm, VerifyForm
from datusoban.sanggahan.models import Sanggahan
from datusoban.web.assignment import AssignForm, assign_form, assignee_name, audit_detail
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import attempt, incomplete, refusals_shown_on

PAGE_SIZE = 50


def _roles(what: str) -> list[str]:
    return policy.grievance_rules()["peran"][what]


def _subjects(items) -> list[tuple[str, str | None]]:
    named = [(str(s.pk), s.person.nik) for s in items if s.person_id]
    return named or [("", None)]


@viewer_required
def grievance_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    queryset = grievances_for(request.user).select_related("person", "program")
    overdue = request.GET.get("terlambat") == "1"
    if overdue:
        queryset = sla.overdue_grievances(queryset, today)
    else:
        queryset = queryset.order_by("-diterima", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("hal"))
    record(request, Aksi.CARI, "sanggahan", _subjects(page.object_list))
    context = {"page": page, "overdue": overdue, "today": today,
               "may_record": may(request.user, _roles("mencatat"))}  # fmt: skip
    return render(request, "sanggahan/daftar.html", context)


@viewer_required
def grievance_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None or scope.role.kode not in _roles("mencatat"):
        raise PermissionDenied("Peran Anda tidak dapat mencatat sanggahan.")
    form = GrievanceForm(request.POST or None, request.FILES or None, wilayah=scope.wilayah)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["nik"]:
            person = scoped(request.user, Person.objects.filter(nik=data["nik"])).first()
            if person is None:
                form.add_error("nik", "NIK ini tidak ditemukan di registri dalam cakupan Anda.")
        if not form.errors:
            new = grievances.NewGrievance(
                kategori=data["kategori"], uraian=data["uraian"],
                wilayah=data["desa"] or data["kecamatan"], nama_pelapor=data["nama_pelapor"],
                kontak_pelapor=data["kontak_pelapor"], person_id=person.pk if person else None,
                program=data["program"], diterima=data["diterima"],
            )  # fmt: skip
            grievance = attempt(form, grievances.receive, request.user, new, data["bukti"])
            if grievance is not None:
                record(request, Aksi.UBAH, "sanggahan", _subjects([grievance]))
                messages.success(
                    request, f"Sanggahan {grievance.pk} tercatat; batas verifikasi "
                    f"{grievance.batas:%d-%m-%Y}.",
                )  # fmt: skip
                return redirect("web:sanggahan", pk=grievance.pk)
    status = 400 if form.errors else 200
    return render(request, "sanggahan/baru.html", {"form": form}, status=status)


def _person(request: HttpRequest, grievance: Sanggahan) -> dict | None:
    if grievance.person_id is None:
        return None
    person = scoped(request.user, Person.objects.filter(pk=grievance.person_id)).first()
    if person is None:
        return {"hidden": True}
    role = scope_of(request.user).role
    return {"pk": person.pk, "nama": person.nama, "nik": identifier_for(role, person.nik)}


def _visible(request: HttpRequest, pk: int) -> Sanggahan:
    """The grievance if the user sees it; its refusal otherwise, the not-found page."""
    return grievances.visible_grievance(request.user, pk)


@viewer_required
def grievance_page(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = _visible(request, pk)
    scope = scope_of(request.user)
    context = {
        "g": grievance, "person": _person(request, grievance), "today": timezone.localdate(),
        "show_complainant": scope.role.kode in _roles("mencatat"),
        "may_verify": scope.role.kode in _roles("memverifikasi") and grievance.status == "diterima",
        "form": VerifyForm(program=grievance.program_id), "evidence": grievance.bukti.all(),
        "assignee": grievance.ditugaskan_ke,
        "assign_form": assign_form(assignment.candidates(grievance), grievance.ditugaskan_ke)
        if assignment.may_assign(request.user) and grievance.status == "diterima" else None,
    }  # fmt: skip
    record(request, Aksi.BACA, "sanggahan", _subjects([grievance]))
    return render(request, "sanggahan/sanggahan.html", context)


@viewer_required
@require_POST
def grievance_verify(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = _visible(request, pk)
    refusals_shown_on(request, "web:sanggahan", pk=pk)
    form = VerifyForm(request.POST, program=grievance.program_id)
    if not form.is_valid():
        messages.error(request, "Isian verifikasi belum lengkap.")
        return redirect("web:sanggahan", pk=pk)
    grievances.verify(request.user, pk, **form.cleaned_data)
    record(request, Aksi.UBAH, "sanggahan", _subjects([grievance]))
    messages.success(request, "Hasil verifikasi tercatat.")
    return redirect("web:sanggahan", pk=pk)


@viewer_required
@require_POST
def grievance_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the grievance to a named verifier (or to no one), with its audit row, at once."""
    _visible(request, pk)
    refusals_shown_on(request, "web:sanggahan", pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    with transaction.atomic():
        grievance, before = assignment.assign(request.user, pk, form.cleaned_data["ditugaskan_ke"])
        after = grievance.ditugaskan_ke
        record(
            request, Aksi.UBAH, "sanggahan", _subjects([grievance]),
            rincian=audit_detail(before, after),
        )  # fmt: skip
    text = (
        f"Sanggahan ditugaskan kepada {assignee_name(after)}."
        if after
        else "Penugasan sanggahan dilepas."
    )
    messages.success(request, text)
    return redirect("web:sanggahan", pk=pk)


@viewer_required
def grievance_file(request: HttpRequest, pk: int, berkas: int) -> FileResponse:
    grievance = _visible(request, pk)
    stored = BerkasKasus.objects.filter(pk=berkas, sanggahan=grievance).first()
    if stored is None or not files.path_of(stored.jalur).exists():
        raise Http404
    record(request, Aksi.BACA, "bukti_sanggahan", _subjects([grievance]))
    response = FileResponse(
        files.path_of(stored.jalur).open("rb"), content_type=files.CONTENT_TYPES[stored.jenis]
    )
    response["Content-Disposition"] = f'inline; filename="bukti-{stored.pk}.{stored.jenis}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
