"""The linkage review queue and one pair: both records side by side, the evidence of each
comparison, and Terima (same person) / Tolak (different persons) by HTMX.

The same rules and services as the review API: linkage.review_access decides who may
read and decide and which pairs they reach (outside the scope: 404), linkage.decisions
takes the decision in one transaction; every pair shown is recorded in the audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scope_of
from datusoban.penautan import assignment, review_access
from datusoban.penautan.decisions import DecisionError, decide_pair
from datusoban.penautan.forms import ReasonForm, page_number
from datusoban.penautan.models import ReviewPair
from datusoban.penautan.views.review_display import (
    evidence_bars,
    prior_weight,
    reason,
    side,
    side_by_side,
)
from datusoban.penautan.views.review_http import (
    decider_required,
    decision_refused,
    is_htmx,
    reader_required,
    refused,
)
from datusoban.refusal import RefusedError
from datusoban.registri.models import SourceRecord
from datusoban.web.assignment import AssignForm, assign_form, assignee_name, audit_detail
from datusoban.web.refusals import incomplete, refusals_shown_on

PER_PAGE = 25
_RECORDS = SourceRecord.objects.select_related("batch__source", "person")


def _status(request: HttpRequest) -> str:
    wanted = request.GET.get("status", "")
    return wanted if wanted in ReviewPair.Status.values else ReviewPair.Status.MENUNGGU


@reader_required
def queue(request: HttpRequest) -> HttpResponse:
    """Pairs of one status the user may see, most probable first, 25 a page."""
    status = _status(request)
    pairs = review_access.visible_pairs(request.user, status).select_related(
        "run", "rekaman_l__batch__source", "rekaman_r__batch__source"
    )
    page = Paginator(pairs, PER_PAGE).get_page(page_number(request))
    role = scope_of(request.user).role
    rows = [
        {
            "pair": pair,
            "alasan": reason(pair),
            "sisi": [
                {"nama": r.nama, "nik": identifier_for(role, r.nik), "sumber": r.batch.source.nama}
                for r in (pair.rekaman_l, pair.rekaman_r)
            ],
        }
        for pair in page.object_list
    ]
    shown = [r for p in page.object_list for r in (p.rekaman_l, p.rekaman_r)]
    if shown:  # an empty page shows nobody's data
        record(
            request, Aksi.BACA, "antrean_tinjauan", [(str(r.pk), r.nik) for r in shown],
            rincian={"status": status, "halaman": page.number},
        )  # fmt: skip
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": ReviewPair.Status.choices,
    }
    return render(request, "penautan/antrean.html", context)


def _pair_context(request: HttpRequest, pair: ReviewPair) -> dict:
    """Everything the pair page shows; its personal data recorded as read."""
    left, right = _RECORDS.get(pk=pair.rekaman_l_id), _RECORDS.get(pk=pair.rekaman_r_id)
    review_access.record_pair_read(request, (left, right))
    persons = {r.person.pk: r.person for r in (left, right) if r.person is not None}
    if persons:  # the golden values of the persons behind the records are shown too
        record(
            request, Aksi.BACA, "orang", [(str(p.pk), p.nik) for p in persons.values()],
            rincian={"pasangan": pair.pk},
        )  # fmt: skip
    role = scope_of(request.user).role
    bars = evidence_bars(pair.bukti or {})
    may_decide = review_access.may_decide(request.user)
    return {
        "pair": pair,
        "alasan": reason(pair),
        "sisi": [side(role, left), side(role, right)],
        "banding": side_by_side(role, left, right),
        "bukti": bars,
        "bobot_awal": prior_weight(pair, bars),
        "form": ReasonForm(),
        "may_decide": may_decide,
        "assignee": pair.ditugaskan_ke,
        "assign_form": assign_form(assignment.candidates(pair), pair.ditugaskan_ke)
        if may_decide and pair.status == ReviewPair.Status.MENUNGGU
        else None,
    }


@reader_required
def pair_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair: both records and their persons side by side, the evidence, the decision."""
    pair = review_access.visible_pair(request.user, pk)
    if pair is None:
        return refused(request, review_access.not_found("Pasangan"))
    return render(request, "penautan/pasangan.html", _pair_context(request, pair))


def _decide(request: HttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    refusal = review_access.pair_refusal(request.user, pk)
    if refusal is not None:
        return refused(request, refusal)
    form = ReasonForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    try:
        decision = review_access.decided(
            request,
            lambda: decide_pair(pk, accept=accept, user=request.user.get_username(), alasan=alasan),
        )
    except DecisionError as exc:
        return decision_refused(request, exc)
    pair = ReviewPair.objects.get(pk=pk)
    owners = list(
        SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id])
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    context = {"pair": pair, "decision": decision, "accept": accept, "owners": owners}
    if is_htmx(request):
        return render(request, "penautan/_diputus.html", context)
    messages.success(request, f"Keputusan #{decision.pk} dicatat.")
    return redirect(reverse("web:pasangan", args=[pk]))


@require_POST
@decider_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Terima: the two records are one person (their persons merged, or a held record attached)."""
    return _decide(request, pk, accept=True)


@require_POST
@decider_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Tolak: the two records are different persons; nobody changes."""
    return _decide(request, pk, accept=False)


@require_POST
@decider_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the pair to a named reviewer (or to no one), with its audit row, at once."""
    if review_access.visible_pair(request.user, pk) is None:
        raise RefusedError("tidak_ditemukan", "Pasangan tidak ditemukan.", 404)
    refusals_shown_on(request, "web:pasangan", pk=pk, status=303)
    form = AssignForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    with transaction.atomic():
        pair, before = assignment.assign(request.user, pk, form.cleaned_data["ditugaskan_ke"])
        after = pair.ditugaskan_ke
        records = SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id])
        record(
            request, Aksi.UBAH, "pasangan_tinjauan",
            [(str(r.pk), r.nik) for r in records.order_by("pk").only("pk", "nik")],
            rincian={"pasangan": pair.pk, **audit_detail(before, after)},
        )  # fmt: skip
    text = (
        f"Pasangan ditugaskan kepada {assignee_name(after)}."
        if after
        else "Penugasan pasangan dilepas."
    )
    messages.success(request, text)
    return redirect(reverse("web:pasangan", args=[pk]))
