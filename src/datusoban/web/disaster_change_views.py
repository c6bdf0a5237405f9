"""The forms that change an event after the fact: its next step (recovery, closed), a
victim corrected or removed, stock corrected — each with its reason, for the roles
data/bencana.toml names, within scope (404 outside, 403 for a role that may not)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from datusoban.cases import disaster, disaster_changes
from datusoban.refusal import RefusedError
from datusoban.web.disaster_forms import (
    StepForm,
    StockCorrectionForm,
    VictimCorrectionForm,
    VictimRemovalForm,
)
from datusoban.web.permissions import viewer_required


def _form(request: HttpRequest, pk: int, form_class):
    """The posted form of an event the user sees (404 otherwise)."""
    try:
        disaster.visible_event(request.user, pk)
    except RefusedError:
        raise Http404 from None
    return form_class(request.POST)


def _done(request: HttpRequest, pk: int, call, text: str, **kwargs) -> HttpResponse:
    try:
        call(request.user, pk, **kwargs)
    except RefusedError as exc:
        if exc.kode == "peran_ditolak":
            raise PermissionDenied(str(exc)) from None
        messages.error(request, str(exc))
    else:
        messages.success(request, text)
    return redirect("web:bencana", pk=pk)


def _invalid(request: HttpRequest, pk: int, form) -> HttpResponse:
    messages.error(request, "Isian belum lengkap: " + "; ".join(
        f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}"
        for f, e in form.errors.items()
    ))  # fmt: skip
    return redirect("web:bencana", pk=pk)


@viewer_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, StepForm)
    if not form.is_valid():
        return _invalid(request, pk, form)
    return _done(request, pk, disaster_changes.advance, "Status kejadian diubah.",
                 **form.cleaned_data)  # fmt: skip


@viewer_required
@require_POST
def correct_victim(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, VictimCorrectionForm)
    if not form.is_valid():
        return _invalid(request, pk, form)
    return _done(request, pk, disaster_changes.correct_victim, "Data korban dikoreksi.",
                 **form.cleaned_data)  # fmt: skip


@viewer_required
@require_POST
def remove_victim(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, VictimRemovalForm)
    if not form.is_valid():
        return _invalid(request, pk, form)
    return _done(request, pk, disaster_changes.remove_victim, "Korban dihapus.",
                 **form.cleaned_data)  # fmt: skip


@viewer_required
@require_POST
def adjust_stock(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, StockCorrectionForm)
    if not form.is_valid():
        return _invalid(request, pk, form)
    return _done(request, pk, disaster_changes.adjust_stock, "Stok dikoreksi.",
                 **form.cleaned_data)  # fmt: skip
