"""One person's or family's eligibility explanation as a user may see it (UU 27/2022
Art. 34), and an allocation's first unit left out, for the API and the web pages alike.

The person or family is found through the one scoping function (out of scope:
``OutOfScopeError``, a 404 to the caller), health values are hidden from roles
without ``data_kesehatan`` (also inside counts over family members), members the
user may not see (children, for roles without ``data_anak``) are left out of the
component list, and the read leaves one audit row per person shown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import HIDDEN
from datusoban.accounts.scope import Scope, scope_of, scoped
from datusoban.registri.models import Household, Person
from datusoban.sasaran.eligibility_services import explain_unit
from datusoban.sasaran.explain import summary as sentence

# Facts that are health data (UU 27/2022 specific data): their values are hidden
# from roles without data_kesehatan, also inside counts over family members.
HEALTH_FACTS = ("disabilitas", "jenis_disabilitas", "disabilitas_berat", "hamil", "penyakit_kronis")


class OutOfScopeError(LookupError):
    """No such person or family within the user's scope (said the same way either case)."""


def _hide_values(values: list[dict]) -> None:
    for value in values:
        if any(fact in value["fakta"] for fact in HEALTH_FACTS):
            value["nilai"], value["teks"] = None, HIDDEN * 3


def masked(explanation: dict, scope: Scope, visible: set[int]) -> dict:
    """The explanation as the role may see it: health values hidden, members out of
    scope (children for roles without data_anak) left out of the component list."""
    if "anggota" in explanation:
        explanation["anggota"] = [
            masked(m, scope, visible) for m in explanation["anggota"] if m.get("orang") in visible
        ]
        return explanation
    if not scope.role.data_kesehatan:
        for rule in explanation["aturan"]:
            _hide_values(rule["nilai"])
        for member in explanation.get("komponen", []):
            for condition in member["syarat_komponen"]:
                _hide_values(condition["nilai"])
        # The sentence quotes the values: write it again from the hidden ones.
        explanation["ringkasan"] = sentence(explanation["layak"], explanation["aturan"])
    if "komponen" in explanation:
        shown = [m for m in explanation["komponen"] if m["orang"] in visible]
        explanation["anggota_tidak_ditampilkan"] = len(explanation["komponen"]) - len(shown)
        explanation["komponen"] = shown
    return explanation


def _family_in_scope(user, person: int | None, household: int | None) -> int:
    if household is None:
        found = scoped(user, Person.objects.filter(pk=person))
        if not found.exists():
            raise OutOfScopeError("Orang tidak ditemukan.")
        return found.values_list("household_id", flat=True).first()
    if not scoped(user, Household.objects.filter(pk=household)).exists():
        raise OutOfScopeError("Keluarga tidak ditemukan.")
    return household


def disclosed_explanation(
    request,
    program: str,
    as_of: date,
    *,
    person: int | None = None,
    household: int | None = None,
) -> dict[str, Any]:
    """The explanation of ``program`` for ``person`` or ``household`` as ``request``'s user
    may see it, its reading recorded. Raises ``OutOfScopeError``, and the
    ``UnknownProgrammeError`` and ``NotAssessedError`` of ``explain_unit``."""
    scope = scope_of(request.user)
    if scope is None:
        raise OutOfScopeError("Akun Anda belum diberi peran dan wilayah.")
    family = _family_in_scope(request.user, person, household)
    explanation = explain_unit(program, as_of=as_of, person=person, household=household)
    # The members this user may see (children only with data_anak), and their NIKs
    # for the audit trail.
    visible = dict(
        scoped(request.user, Person.objects.filter(household_id=family)).values_list("pk", "nik")
    )
    explanation = masked(explanation, scope, set(visible))
    # Every member whose values the explanation shows (a PKH explanation lists the
    # components of the whole family, also when asked about one person).
    listed = explanation.get("komponen") or explanation.get("anggota") or []
    shown = list(dict.fromkeys([*([person] if person else []), *(m["orang"] for m in listed)]))
    subjects = [(f"orang/{pk}", visible.get(pk)) for pk in shown] or [(f"keluarga/{family}", None)]
    record(
        request, Aksi.BACA, "kelayakan", subjects,
        rincian={"program": explanation["program"], "keluarga": family},
    )  # fmt: skip
    return explanation


def next_unit(request, nxt: dict | None, sasaran: str) -> dict | None:
    """An allocation's first unit left out as the user may see it: its ids only when it
    is within the user's scope, and then its reading recorded."""
    if nxt is None:
        return None
    nxt = dict(nxt)
    family = sasaran == "keluarga"
    model = Household if family else Person
    visible = scoped(request.user, model.objects.filter(pk=nxt["unit"]))
    nik = None if family else visible.values_list("nik", flat=True).first()
    if not visible.exists():
        nxt["unit"] = nxt["keluarga"] = None
        return nxt
    objek = f"keluarga/{nxt['unit']}" if family else f"orang/{nxt['unit']}"
    record(request, Aksi.BACA, "alokasi", [(objek, nik)], rincian={"berikutnya": True})
    return nxt
