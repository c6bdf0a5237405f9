"""The forms that change an event after the fact: its next step (recovery, closed), a
victim corrected or removed, stock corrected — each with its reason, for the roles
data/bencana.toml names, within scope (404 outside, 403 for a role that may not)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from datusoban.bencana import actions as disaster
from datusoban.bencana import corrections as disaster_changes
from datusoban.bencana.forms import (
    StepForm,
    StockCorrectionForm,
    VictimCorrectionForm,
    VictimRemovalForm,
)
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import incomplete, refusals_shown_on


def _form(request: HttpRequest, pk: int, form_class):
    """The posted form of an event the user sees (404 otherwise); from here on a refusal
    is shown on the event's page."""
    disaster.visible_event(request.user, pk)
    refusals_shown_on(request, "web:bencana", pk=pk)
    return form_class(request.POST)


def _done(request: HttpRequest, pk: int, call, text: str, **kwargs) -> HttpResponse:
    call(request.user, pk, **kwargs)
    messages.success(request, text)
    return redirect("web:bencana", pk=pk)


@viewer_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, StepForm)
    if not form.is_valid():
        raise incomplete(form)
    return _done(request, pk, disaster_changes.advance, "Status kejadian diubah.",
                 **form.cleaned_data)  # fmt: skip


@viewer_required
@require_POST
def correct_victim(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, VictimCorrectionForm)
    if not form.is_valid():
        raise incomplete(form)
    return _done(request, pk, disaster_changes.correct_victim, "Data korban dikoreksi.",
                 **form.cleaned_data)  # fmt: skip


@viewer_required
@require_POST
def remove_victim(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, VictimRemovalForm)
    if not form.is_valid():
        raise incomplete(form)
    return _done(request, pk, disaster_changes.remove_victim, "Korban dihapus.",
                 **form.cleaned_data)  # fmt: skip


@viewer_required
@require_POST
def adjust_stock(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk, StockCorrectionForm)
    if not form.is_valid():
        raise incomplete(form)
    return _done(request, pk, disaster_changes.adjust_stock, "Stok dikoreksi.",
                 **form.cleaned_data)  # fmt: skip
