"""A person's or family's eligibility explanation, one programme per page (UU 27/2022
Art. 34, the right to an explanation of an automated decision).

Every rule with its outcome and the values it read, the components counted and
the benefit, the rule-set and catalogue versions and the reference date. The
explanation comes from ``sasaran.disclosed``, the same code the API uses: the
person or family found through the one scoping function (404 outside it), health
values hidden from roles without ``data_kesehatan``, children left out for roles
without ``data_anak``, one audit row per person shown.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.accounts.scope import scoped
from datusoban.reference.models import Program
from datusoban.registri.models import Person
from datusoban.sasaran.disclosed import OutOfScopeError, disclosed_explanation
from datusoban.sasaran.eligibility_services import UnknownProgrammeError, programme_rules
from datusoban.sasaran.explain import NotAssessedError
from datusoban.web.permissions import viewer_required


def programme_links() -> list[tuple[str, str]]:
    """(code, name) of every programme with eligibility rules, for the record pages."""
    codes = sorted(programme_rules())
    names = dict(Program.objects.filter(kode__in=codes).values_list("kode", "nama"))
    return [(code, names.get(code, code)) for code in codes]


def _as_of(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("tanggal", ""))
    except ValueError:
        return date.today()


def _names(request: HttpRequest, family: int | None) -> dict[int, str]:
    if family is None:
        return {}
    members = scoped(request.user, Person.objects.filter(household_id=family))
    return dict(members.values_list("pk", "nama"))


def _page(request: HttpRequest, program: str, *, person=None, household=None) -> HttpResponse:
    as_of = _as_of(request)
    try:
        explanation = disclosed_explanation(
            request, program.upper(), as_of, person=person, household=household
        )
    except (OutOfScopeError, UnknownProgrammeError) as error:
        raise Http404(str(error)) from None
    except NotAssessedError as error:
        context = {"program": program.upper(), "tidak_dinilai": str(error).capitalize(),
                   "person": person, "household": household, "tanggal": as_of}  # fmt: skip
        return render(request, "sasaran/penjelasan.html", context, status=404)
    names = _names(request, explanation.get("keluarga"))
    for member in explanation.get("komponen", []) + explanation.get("anggota", []):
        member["nama"] = names.get(member.get("orang"), "")
    context = {
        "e": explanation,
        "program": explanation["program"],
        "nama_program": dict(programme_links()).get(explanation["program"], ""),
        "person": person,
        "household": household,
        "nama": names.get(person, "") if person else "",
        "tanggal": as_of,
    }
    return render(request, "sasaran/penjelasan.html", context)


@viewer_required
def person_explanation(request: HttpRequest, pk: int, program: str) -> HttpResponse:
    """Why this person is or is not eligible for ``program``."""
    return _page(request, program, person=pk)


@viewer_required
def family_explanation(request: HttpRequest, pk: int, program: str) -> HttpResponse:
    """Why this family (or each member, for a personal programme) is or is not eligible."""
    return _page(request, program, household=pk)
