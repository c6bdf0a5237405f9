"""The actions on one case: a workflow step, consent, a referral, the receiver's decision,
another photo, the officer it is assigned to. Each posts a short form, calls one service
and returns to the case page with its message; a refusal is shown there, a step the role
may not take is forbidden (403) and a case out of scope is not found (404)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.kasus import assignment, referrals, services
from datusoban.kasus.forms import ConsentForm, DecisionForm, ReferralForm, StepForm
from datusoban.kasus.models import Rujukan
from datusoban.refusal import RefusedError
from datusoban.web.assignment import AssignForm, assignee_name, audit_detail
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import incomplete, refusals_shown_on


def _posted_to(request: HttpRequest, pk: int) -> None:
    # Out of reach a case does not exist, whatever was posted to it: looked up before the
    # input is judged, so that a bad form says nothing of a case the user may not see.
    services.visible_case(request.user, pk)
    refusals_shown_on(request, "web:kasus", pk=pk, status=303)


def _done(request: HttpRequest, pk: int, text: str, nik: str | None) -> HttpResponse:
    record(request, Aksi.UBAH, "laporan_kasus", [(str(pk), nik)])
    messages.success(request, text)
    return redirect("web:kasus", pk=pk)


@viewer_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    _posted_to(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    case = services.take_step(
        request.user, pk, form.cleaned_data["aksi"], form.cleaned_data["catatan"]
    )
    return _done(request, pk, "Langkah tercatat.", case.person.nik if case.person_id else None)


@viewer_required
@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    _posted_to(request, pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    given = referrals.record_consent(request.user, pk, **form.cleaned_data)
    nik = given.kasus.person.nik if given.kasus.person_id else None
    return _done(request, pk, "Persetujuan tercatat.", nik)


@viewer_required
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    _posted_to(request, pk)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    referral = referrals.refer(request.user, pk, **form.cleaned_data)
    case = referral.kasus
    return _done(request, pk, "Kasus dirujuk.", case.person.nik if case.person_id else None)


@viewer_required
@require_POST
def decide(request: HttpRequest, pk: int, rujukan: int) -> HttpResponse:
    _posted_to(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    if not Rujukan.objects.filter(pk=rujukan, kasus_id=pk).exists():
        raise Http404
    referral = referrals.decide(
        request.user, rujukan, terima=form.cleaned_data["putusan"] == "terima",
        alasan=form.cleaned_data["alasan"],
    )  # fmt: skip
    case = referral.kasus
    text = "Rujukan diterima." if referral.status == Rujukan.Status.DITERIMA else "Rujukan ditolak."
    return _done(request, pk, text, case.person.nik if case.person_id else None)


@viewer_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    _posted_to(request, pk)
    photo = request.FILES.get("foto")
    if photo is None:
        raise RefusedError("isian", "Pilih foto yang akan dilampirkan.")
    stored = services.attach(request.user, pk, photo)
    case = stored.kasus
    return _done(request, pk, "Foto dilampirkan.", case.person.nik if case.person_id else None)


@viewer_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the case to a named officer (or to no one), with its audit row, at once."""
    _posted_to(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    with transaction.atomic():
        case, before = assignment.assign(request.user, pk, form.cleaned_data["ditugaskan_ke"])
        after = case.ditugaskan_ke
        nik = case.person.nik if case.person_id else None
        record(
            request, Aksi.UBAH, "laporan_kasus", [(str(pk), nik)],
            rincian=audit_detail(before, after),
        )  # fmt: skip
    text = (
        f"Kasus ditugaskan kepada {assignee_name(after)}." if after else "Penugasan kasus dilepas."
    )
    messages.success(request, text)
    return redirect("web:kasus", pk=pk)
