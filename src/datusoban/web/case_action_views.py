"""The actions on one case: a workflow step, consent, a referral, the receiver's decision,
another photo. Each posts a short form, calls one service and returns to the case page
with its message; a refusal is shown there, a step the role may not take is forbidden
(403) and a case out of scope is not found (404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.cases import referrals, services
from datusoban.cases.models import Rujukan
from datusoban.refusal import RefusedError
from datusoban.web.case_forms import ConsentForm, DecisionForm, ReferralForm, StepForm
from datusoban.web.permissions import viewer_required


def _refused(request: HttpRequest, pk: int, exc: RefusedError) -> HttpResponse:
    if exc.kode == "tidak_ditemukan":
        raise Http404
    if exc.kode == "peran_ditolak":
        raise PermissionDenied(str(exc))
    messages.error(request, str(exc))
    response = redirect("web:kasus", pk=pk)
    response.status_code = 303
    return response


def _done(request: HttpRequest, pk: int, text: str, nik: str | None) -> HttpResponse:
    record(request, Aksi.UBAH, "laporan_kasus", [(str(pk), nik)])
    messages.success(request, text)
    return redirect("web:kasus", pk=pk)


def _visible_or_404(request: HttpRequest, pk: int) -> None:
    # Out of reach a case does not exist, whatever was posted to it: checked before the
    # input is judged, so that a bad form says nothing of a case the user may not see.
    try:
        services.visible_case(request.user, pk)
    except RefusedError:
        raise Http404 from None


def _invalid(request: HttpRequest, pk: int, form) -> HttpResponse:
    _visible_or_404(request, pk)
    problems = "; ".join(f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}"
                         for f, e in form.errors.items())  # fmt: skip
    return _refused(request, pk, RefusedError("isian", f"Isian belum lengkap: {problems}"))


@viewer_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    form = StepForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, form)
    try:
        case = services.take_step(
            request.user, pk, form.cleaned_data["aksi"], form.cleaned_data["catatan"]
        )
    except RefusedError as exc:
        return _refused(request, pk, exc)
    return _done(request, pk, "Langkah tercatat.", case.person.nik if case.person_id else None)


@viewer_required
@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, form)
    try:
        given = referrals.record_consent(request.user, pk, **form.cleaned_data)
    except RefusedError as exc:
        return _refused(request, pk, exc)
    nik = given.kasus.person.nik if given.kasus.person_id else None
    return _done(request, pk, "Persetujuan tercatat.", nik)


@viewer_required
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReferralForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, form)
    try:
        referral = referrals.refer(request.user, pk, **form.cleaned_data)
    except RefusedError as exc:
        return _refused(request, pk, exc)
    case = referral.kasus
    return _done(request, pk, "Kasus dirujuk.", case.person.nik if case.person_id else None)


@viewer_required
@require_POST
def decide(request: HttpRequest, pk: int, rujukan: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, form)
    if not Rujukan.objects.filter(pk=rujukan, kasus_id=pk).exists():
        raise Http404
    try:
        referral = referrals.decide(
            request.user, rujukan, terima=form.cleaned_data["putusan"] == "terima",
            alasan=form.cleaned_data["alasan"],
        )  # fmt: skip
    except RefusedError as exc:
        return _refused(request, pk, exc)
    case = referral.kasus
    text = "Rujukan diterima." if referral.status == Rujukan.Status.DITERIMA else "Rujukan ditolak."
    return _done(request, pk, text, case.person.nik if case.person_id else None)


@viewer_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    photo = request.FILES.get("foto")
    if photo is None:
        _visible_or_404(request, pk)
        return _refused(request, pk, RefusedError("isian", "Pilih foto yang akan dilampirkan."))
    try:
        stored = services.attach(request.user, pk, photo)
    except RefusedError as exc:
        return _refused(request, pk, exc)
    case = stored.kasus
    return _done(request, pk, "Foto dilampirkan.", case.person.nik if case.person_id else None)
