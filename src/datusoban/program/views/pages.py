"""Program pages: each programme's enrolments within the user's scope, and their status
changes through ``program.services`` (the transition table decides; a refusal is
shown as its Indonesian message).

Enrolments are found through the one scoping function: a family's or a person's
family must be in scope, and a personal enrolment's person must be one the user
may see (children only for roles with ``data_anak``). NIK and No KK are masked
as the role says; each page read leaves one audit row per person or family
shown. Changing a status needs a role that may change data (``tulis``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import PROVINCE, Scope, scoped
from datusoban.program import rules
from datusoban.program.models import Kepesertaan
from datusoban.program.queries import coverage_by_kabkota, in_scope
from datusoban.program.services import change_status
from datusoban.reference.models import Program
from datusoban.registri.models import Household, Person
from datusoban.sasaran.views.pages import kabkota_names, scope_or_404
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import refusals_shown_on

PAGE_SIZE = 50


def households_in_scope(request: HttpRequest, scope: Scope) -> QuerySet[Household] | None:
    """The households a user may see; None for the province (no filter at all)."""
    if scope.wilayah == PROVINCE:
        return None
    return scoped(request.user, Household.objects.all())


def enrolments_in_scope(request: HttpRequest, scope: Scope) -> QuerySet[Kepesertaan]:
    """Enrolments placed in the user's scope whose recipient the user may see."""
    rows = Kepesertaan.objects.filter(in_scope(households_in_scope(request, scope)))
    if not scope.role.data_anak or scope.wilayah != PROVINCE:
        people = scoped(request.user, Person.objects.all()).values("pk")
        rows = rows.filter(Q(person__isnull=True) | Q(person__in=people))
    return rows


def _programme_or_404(kode: str) -> Program:
    return get_object_or_404(Program, kode=kode.upper()[:20])


@viewer_required
def programme_index(request: HttpRequest) -> HttpResponse:
    """Every programme with its open enrolments per status within scope."""
    scope = scope_or_404(request)
    counts: dict[str, dict[str, int]] = {}
    for row in coverage_by_kabkota(households_in_scope(request, scope)):
        per = counts.setdefault(row["program_id"], {})
        per[row["status"]] = per.get(row["status"], 0) + row["jumlah"]
    programmes = [
        {"kode": p.kode, "nama": p.nama, "sasaran": p.sasaran,
         "status": [counts.get(p.kode, {}).get(s, 0) for s in rules.OPEN]}
        for p in Program.objects.order_by("kode")
    ]  # fmt: skip
    statuses = [rules.status_label(s) for s in rules.OPEN]
    context = {"scope": scope, "programmes": programmes, "statuses": statuses}
    return render(request, "program/daftar.html", context)


def _subject(k: Kepesertaan) -> tuple[str, str | None]:
    """The audit row's subject: the person (with their NIK) or the family."""
    if k.person_id:
        return f"orang/{k.person_id}", k.person.nik
    return f"keluarga/{k.household_id}", None


def _choices(program: str, status: str) -> list[tuple[str, str]]:
    return [(ke, rules.status_label(ke)) for (dari, ke) in rules.transitions() if dari == status]


def _rows(page, scope: Scope, program: str) -> list[dict]:
    role = scope.role
    reasons = [(code, rules.reason_label(code)) for code in rules.exit_reasons(program)]
    out = []
    for k in page:
        person, household = k.person, k.household
        out.append({
            "pk": k.pk, "status": k.status, "status_label": k.get_status_display(),
            "mulai": k.mulai, "selesai": k.selesai, "kode_kabkota": k.kode_kabkota,
            "pendamping": k.pendamping or "",
            "alasan": rules.reason_label(k.alasan_keluar) if k.alasan_keluar else "",
            "orang": person.pk if person else None, "nama": person.nama if person else "",
            "nik": identifier_for(role, person.nik) if person else None,
            "keluarga": household.pk if household else (person.household_id if person else None),
            "no_kk": identifier_for(role, household.no_kk) if household else None,
            "pilihan": _choices(program, k.status), "alasan_keluar": reasons,
        })  # fmt: skip
    return out


@viewer_required
def enrolment_list(request: HttpRequest, program: str) -> HttpResponse:
    """One programme's enrolments in scope, filtered by status and kab/kota, paged."""
    scope = scope_or_404(request)
    programme = _programme_or_404(program)
    rows = enrolments_in_scope(request, scope).filter(program=programme)
    status = request.GET.get("status", "")
    if status in Kepesertaan.Status.values:
        rows = rows.filter(status=status)
    kabkota = request.GET.get("kabkota", "").strip()[:5]
    if kabkota:
        rows = rows.filter(kode_kabkota=kabkota)
    rows = rows.select_related("person", "household").order_by("kode_kabkota", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    shown = _rows(page, scope, programme.kode)
    subjects = [
        (f"orang/{k.person_id}", k.person.nik)
        if k.person_id
        else (f"keluarga/{k.household_id}", None)
        for k in page
    ]
    if subjects:
        record(request, Aksi.BACA, "kepesertaan", subjects, rincian={"program": programme.kode})
    query = request.GET.copy()
    query.pop("hal", None)
    names = kabkota_names()
    context = {
        "scope": scope, "programme": programme, "page": page, "rows": shown,
        "statuses": Kepesertaan.Status.choices,
        "status": status, "kabkota": kabkota, "query": query.urlencode(),
        "kabkota_pilihan": sorted((k, v) for k, v in names.items() if k.startswith("63.")),
        "may_change": scope.role.tulis, "next": request.get_full_path(),
    }  # fmt: skip
    return render(request, "program/kepesertaan.html", context)


@viewer_required
@require_POST
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """One enrolment's status changed (verify, enrol, suspend, reinstate, exit)."""
    scope = scope_or_404(request)
    if not scope.role.tulis:
        return HttpResponse("Peran Anda tidak boleh mengubah data.", status=403)
    enrolment = enrolments_in_scope(request, scope).filter(pk=pk).select_related("person").first()
    if enrolment is None:
        raise Http404("Kepesertaan tidak ditemukan.")
    back = request.POST.get("next", "")
    if not back.startswith("/program/") or "//" in back:
        back = f"/program/{enrolment.program_id}/"
    refusals_shown_on(request, back, prefix=f"Kepesertaan #{pk}: ")
    ke = request.POST.get("ke", "")
    changed = change_status(
        enrolment, ke, oleh=request.user.get_username(),
        alasan=request.POST.get("alasan") or None,
        keterangan=request.POST.get("keterangan", "").strip()[:500],
    )  # fmt: skip
    record(request, Aksi.UBAH, "kepesertaan", [_subject(enrolment)],
           rincian={"kepesertaan": pk, "program": changed.program_id, "ke": ke})  # fmt: skip
    messages.success(request, f"Kepesertaan #{pk} kini '{rules.status_label(changed.status)}'.")
    return redirect(back)
