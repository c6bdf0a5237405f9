"""Merging two persons, splitting records out of one, and the decision log with undo.

The same rules and services as the review API (linkage.review_access,
linkage.decisions): deciding needs a role that may change registry data, the
persons must be within the user's scope (otherwise "not found"), undoing is
province-wide only, and the service's refusals are shown as it words them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scope_of, scoped
from datusoban.formatting import tanggal_pendek
from datusoban.penautan import review_access
from datusoban.penautan.decisions import DecisionError, merge_persons, split_records, undo
from datusoban.penautan.forms import MergeForm, PersonForm, ReasonForm, SplitForm, page_number
from datusoban.penautan.models import Decision
from datusoban.penautan.review_access import Refusal
from datusoban.penautan.views.decision_display import changes, later_decisions
from datusoban.penautan.views.review_http import (
    decider_required,
    decision_refused,
    is_htmx,
    reader_required,
    undoer_required,
)
from datusoban.registri.models import Person, SourceRecord

PER_PAGE = 25


def _person_rows(request: HttpRequest, ids: list[int]) -> list[dict]:
    """The persons (in scope: the caller checked), as the role may see them; recorded as read."""
    role = scope_of(request.user).role
    people = scoped(request.user, Person.objects.filter(pk__in=ids)).annotate(
        n_rekaman=Count("source_records")
    )
    by_id = {p.pk: p for p in people}
    record(request, Aksi.BACA, "orang", [(str(p.pk), p.nik) for p in by_id.values()])
    return [
        {
            "id": p.pk, "nama": p.nama, "nik": identifier_for(role, p.nik),
            "tanggal_lahir": p.tanggal_lahir, "household_id": p.household_id,
            "rekaman": p.n_rekaman,
        }
        for p in (by_id[i] for i in ids if i in by_id)
    ]  # fmt: skip


def _form_page(request, template: str, context: dict, refusal: Refusal | None = None):
    return render(
        request,
        template,
        {**context, "refusal": refusal},
        status=refusal.status if refusal else (400 if request.method == "POST" else 200),
    )


@decider_required
def merge(request: HttpRequest) -> HttpResponse:
    """Gabungkan dua orang: every record, PPKS status and membership of one moves to the other."""
    template = "penautan/gabung.html"
    if request.method == "POST":
        form = MergeForm(request.POST)
    elif {"tetap", "digabungkan"} <= set(request.GET):  # both named: show them to check
        form = MergeForm(request.GET)
    else:  # from a person's page: that person is kept
        return render(request, template, {"form": MergeForm(initial=request.GET.dict())})
    if not form.is_valid():
        return _form_page(request, template, {"form": form})
    ids = [form.cleaned_data["tetap"], form.cleaned_data["digabungkan"]]
    refusal = review_access.persons_refusal(request.user, ids)
    if refusal is not None:
        return _form_page(request, template, {"form": form}, refusal)
    if request.method != "POST":
        return render(request, template, {"form": form, "persons": _person_rows(request, ids)})
    try:
        decision = review_access.decided(
            request,
            lambda: merge_persons(
                ids[0], ids[1], user=request.user.get_username(),
                alasan=form.cleaned_data["alasan"],
            ),
        )  # fmt: skip
    except DecisionError as exc:
        refusal = Refusal(409, exc.code, str(exc))
        return _form_page(request, template, {"form": form}, refusal)
    messages.success(
        request, f"Orang #{ids[1]} digabungkan ke orang ini (keputusan #{decision.pk})."
    )
    return redirect(reverse("web:orang", args=[ids[0]]))


def _split_choices(request: HttpRequest, person: int) -> list[tuple[int, str]]:
    """The person's records the user may see, labelled; recorded as read."""
    role = scope_of(request.user).role
    records = list(
        scoped(request.user, SourceRecord.objects.filter(person_id=person))
        .select_related("batch__source")
        .order_by("pk")
    )
    record(request, Aksi.BACA, "rekaman_sumber", [(str(r.pk), r.nik) for r in records])
    return [
        (
            r.pk,
            f"#{r.pk} · {r.batch.source.nama}, {r.batch.nama_berkas} baris {r.nomor_baris} — "
            f"{r.nama} · NIK {identifier_for(role, r.nik) or '—'} · "
            f"lahir {tanggal_pendek(r.tanggal_lahir) if r.tanggal_lahir else '—'}",
        )
        for r in records
    ]


@decider_required
def split(request: HttpRequest) -> HttpResponse:
    """Pisahkan rekaman: the records chosen leave the person and become a new person."""
    template = "penautan/pisah.html"
    chooser = PersonForm(request.POST or request.GET or None)
    if not chooser.is_valid():
        status = 400 if chooser.is_bound else 200
        return render(request, template, {"chooser": chooser}, status=status)
    person = chooser.cleaned_data["orang"]
    refusal = review_access.persons_refusal(request.user, [person])
    if refusal is not None:
        return _form_page(request, template, {"chooser": chooser}, refusal)
    context = {"chooser": chooser, "orang": _person_rows(request, [person])[0]}
    choices = _split_choices(request, person)
    if request.method != "POST":
        context["form"] = SplitForm(initial={"orang": person}, records=choices)
        return render(request, template, context)
    form = SplitForm(request.POST, records=choices)
    context["form"] = form
    if not form.is_valid():
        return _form_page(request, template, context)
    try:
        decision = review_access.decided(
            request,
            lambda: split_records(
                person, form.cleaned_data["rekaman"], user=request.user.get_username(),
                alasan=form.cleaned_data["alasan"],
            ),
        )  # fmt: skip
    except DecisionError as exc:
        return _form_page(request, template, context, Refusal(409, exc.code, str(exc)))
    new = decision.rincian["orang_baru"]
    messages.success(
        request,
        f"Rekaman dipisahkan dari orang #{person} menjadi orang ini (keputusan #{decision.pk}).",
    )
    return redirect(reverse("web:orang", args=[new]))


@reader_required
def decision_log(request: HttpRequest) -> HttpResponse:
    """Every decision, newest first: who, when, what, why; undone or not; Batalkan."""
    page = Paginator(Decision.objects.all(), PER_PAGE).get_page(page_number(request))
    ids = [d.pk for d in page.object_list]
    undone = dict(
        Decision.objects.filter(membatalkan_id__in=ids).values_list("membatalkan_id", "pk")
    )
    rows = [
        {"d": d, "perubahan": changes(d), "dibatalkan_oleh": undone.get(d.pk)}
        for d in page.object_list
    ]
    context = {
        "page": page, "rows": rows, "may_undo": review_access.may_undo(request.user),
        "form": ReasonForm(),
    }  # fmt: skip
    return render(request, "penautan/keputusan.html", context)


@require_POST
@undoer_required
def undo_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Batalkan: the rows the decision touched return exactly to their state before it."""
    form = ReasonForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    try:
        decision = review_access.decided(
            request, lambda: undo(pk, user=request.user.get_username(), alasan=alasan)
        )
    except DecisionError as exc:
        # "Undo the later decision first": name the later decisions in the way.
        later = later_decisions(Decision.objects.get(pk=pk)) if exc.code == "sudah_berubah" else []
        return decision_refused(request, exc, lebih_baru=later)
    if is_htmx(request):
        return render(request, "penautan/_dibatalkan.html", {"decision": decision})
    messages.success(request, f"Keputusan #{pk} dibatalkan (keputusan #{decision.pk}).")
    return redirect(reverse("web:keputusan"))
