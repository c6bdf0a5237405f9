"""The civil registry's proposals on pages (/crvs/): the review queue of deaths and births,
each proposal with the civil registry's record, its match and the person or family it
points to, applied or refused there; the offices' switch of automatic application; and
the address the civil registry posts its notifications to (``/crvs/registry/notify``).

Proposals are found through ``crvs.access`` (out of scope: 404); people and families are
shown through the registry's scoping function, identifiers masked as the role says, and
every page that shows one writes its audit rows.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import PROVINCE, scope_of, scoped
from datusoban.crvs import access, actions, automatic, births, notify
from datusoban.crvs.access import KELAHIRAN, KEMATIAN
from datusoban.dci.views import operation
from datusoban.reference.wilayah import name_of
from datusoban.registri.forms import kabkota_choices
from datusoban.registri.models import Household, Person
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import incomplete, refusals_shown_on

PAGE_SIZE = 25
JENIS = ((KEMATIAN, "Kematian"), (KELAHIRAN, "Kelahiran"))
STATUS = (("menunggu", "Menunggu tinjauan"), ("diterapkan", "Diterapkan"),
          ("ditolak", "Ditolak"), ("semua", "Semua"))  # fmt: skip
_SEX = {"female": "Perempuan", "male": "Laki-laki", "P": "Perempuan", "L": "Laki-laki"}
# The civil registry's fields an officer reads, by the standard's names.
EVIDENCE = (
    ("name", "Nama"), ("sex", "Jenis kelamin"), ("birth_date", "Tanggal lahir"),
    ("birth_place", "Tempat lahir"), ("death_date", "Tanggal kematian"),
    ("death_place", "Tempat kematian"), ("address", "Alamat"),
)  # fmt: skip


class FilterForm(forms.Form):
    jenis = forms.ChoiceField(label="Peristiwa", choices=JENIS, required=False)
    status = forms.ChoiceField(label="Status", choices=STATUS, required=False)
    kabkota = forms.ChoiceField(label="Kab/kota", required=False)

    def __init__(self, *args, scope=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kabkota"].choices = [("", "Semua kab/kota dalam cakupan")] + [
            c for c in kabkota_choices(scope) if c[0]
        ]


class RefuseForm(forms.Form):
    alasan = forms.CharField(label="Alasan ditolak", max_length=1000, widget=forms.Textarea)


class SwitchForm(forms.Form):
    kabkota = forms.CharField(label="Kab/kota", max_length=5)
    aktif = forms.TypedChoiceField(label="Penerapan otomatis", choices=(("1", "Aktif"),
                                   ("0", "Mati")), coerce=lambda v: v == "1")  # fmt: skip


def _jenis(value: str) -> str:
    if value not in access.MODELS:
        raise Http404("Jenis peristiwa tidak dikenal.")
    return value


def _kabkota(usulan, jenis: str) -> str | None:
    holder = usulan.person if jenis == KEMATIAN else usulan.household
    return holder.kode_kabkota if holder is not None else None


@viewer_required
def review_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None:
        raise PermissionDenied("Anda tidak berhak melihat data ini.")
    form = FilterForm(request.GET or None, scope=scope)
    chosen = form.cleaned_data if form.is_valid() else {}
    jenis = chosen.get("jenis") or KEMATIAN
    status = chosen.get("status") or "menunggu"
    kabkota = chosen.get("kabkota") or ""
    queryset = access.proposals_for(request.user, jenis)
    if status != "semua":
        queryset = queryset.filter(status=status)
    if kabkota:
        queryset = queryset.filter(**{access.kabkota_path(jenis): kabkota})
    related = "person" if jenis == KEMATIAN else "household"
    queryset = queryset.select_related(related).order_by("-diterima_pada", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("hal"))
    rows = [
        {"u": u, "nik": identifier_for(scope.role, u.nik),
         "kabkota": name_of(_kabkota(u, jenis) or "") or "di luar registri"}
        for u in page.object_list
    ]  # fmt: skip
    shown = [(str(u.pk), u.nik) for u in page.object_list] or [("", None)]
    record(request, Aksi.CARI, f"usulan_{jenis}", shown)
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "form": form, "rows": rows, "page": page, "jenis": jenis, "status": status,
        "query": query.urlencode(), "offices": _offices(request.user),
    }  # fmt: skip
    return render(request, "crvs/daftar.html", context)


def _offices(user) -> list[dict] | None:
    """The kab/kota whose switch ``user`` may turn, with its state (None: none)."""
    scope = scope_of(user)
    if scope is None or not scope.role.tulis:
        return None
    on = automatic.offices_on()
    return [
        {"kode": kode, "nama": nama, "aktif": kode in on}
        for kode, nama in kabkota_choices(scope)
        # An office's switch: the kab/kota's own officers or the province's (a kecamatan
        # user does not decide for the whole kab/kota).
        if kode and (scope.wilayah == PROVINCE or kode == scope.wilayah)
    ]


def _visible(request: HttpRequest, jenis: str, pk: int):
    found = access.proposals_for(request.user, jenis).filter(pk=pk).first()
    if found is None:
        raise Http404("Usulan itu tidak ditemukan.")
    return found


def _masked(role, text: str) -> str:
    """``text`` with every NIK-like number in it masked as the role says (an event's number
    may be made of the NIK: ``NIK:<nik>:<date>``)."""
    return re.sub(r"\d{16}", lambda m: identifier_for(role, m.group()), text)


def _evidence(bukti: dict, role) -> list[tuple[str, str]]:
    rows = []
    for key, label in EVIDENCE:
        value = bukti.get(key)
        if key == "name" and isinstance(value, dict):
            value = " ".join(str(value.get(k) or "") for k in ("given_name", "second_name",
                                                                "surname")).strip()  # fmt: skip
        elif key == "address" and isinstance(value, dict):
            code = str(value.get("region_code") or "")
            value = f"{name_of(code) or 'wilayah tidak dikenal'} ({code})" if code else ""
        elif key == "birth_place" and isinstance(value, dict):
            value = value.get("name") or ""
        elif key == "sex":
            value = _SEX.get(str(value), "")
        elif key.endswith("_date") and isinstance(value, str):
            value = value[:10]
        if isinstance(value, str) and value:
            rows.append((label, _masked(role, value)))
    ids = bukti.get("identifier")
    for item in ids if isinstance(ids, list) else [ids]:
        if isinstance(item, dict) and item.get("identifier_value"):
            kind = str(item.get("identifier_type"))
            value = str(item["identifier_value"])
            shown = identifier_for(role, value) if kind == "NIK" else _masked(role, value)
            rows.append((_ID_LABELS.get(kind, "Nomor lain"), shown))
    return rows


_ID_LABELS = {"NIK": "NIK", "DRN": "Nomor akta kematian", "BRN": "Nomor akta kelahiran"}


def _person(request: HttpRequest, pk: int | None) -> dict | None:
    if pk is None:
        return None
    person = scoped(request.user, Person.objects.filter(pk=pk)).first()
    if person is None:
        return {"hidden": True}
    role = scope_of(request.user).role
    return {
        "pk": person.pk, "nama": person.nama, "nik": identifier_for(role, person.nik),
        "lahir": person.tanggal_lahir, "status": person.get_status_display(),
        "kabkota": name_of(person.kode_kabkota or "") or "—", "raw_nik": person.nik,
    }  # fmt: skip


def _family(request: HttpRequest, pk: int | None) -> dict | None:
    if pk is None:
        return None
    family = scoped(request.user, Household.objects.filter(pk=pk)).select_related("wilayah")
    family = family.first()
    if family is None:
        return {"hidden": True}
    role = scope_of(request.user).role
    return {"pk": family.pk, "no_kk": identifier_for(role, family.no_kk) or "—",
            "wilayah": f"{family.wilayah.nama}, {name_of(family.kode_kabkota) or ''}"}  # fmt: skip


@viewer_required
def proposal_page(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    jenis = _jenis(jenis)
    usulan = _visible(request, jenis, pk)
    role = scope_of(request.user).role
    context = {
        "u": usulan, "jenis": jenis, "nik": identifier_for(role, usulan.nik),
        "nomor": _masked(role, usulan.nomor_peristiwa),
        "evidence": _evidence(usulan.bukti if isinstance(usulan.bukti, dict) else {}, role),
        "may_decide": access.may_decide(request.user) and usulan.status == "menunggu",
        "refuse_form": RefuseForm(),
    }  # fmt: skip
    subjects = [(str(usulan.pk), usulan.nik)]
    if jenis == KEMATIAN:
        context["person"] = _person(request, usulan.person_id)
    else:
        context["family"] = _family(request, usulan.household_id)
        context["ibu"] = _person(request, usulan.ibu_id)
        context["ayah"] = _person(request, usulan.ayah_id)
        context["child"] = _person(request, usulan.person_id)
        context["nik_ibu"] = identifier_for(role, usulan.nik_ibu) or "—"
        context["nik_ayah"] = identifier_for(role, usulan.nik_ayah) or "—"
    for key in ("person", "ibu", "ayah", "child"):
        shown = context.get(key)
        if shown and not shown.get("hidden"):
            subjects.append((str(shown["pk"]), shown.pop("raw_nik")))
    record(request, Aksi.BACA, f"usulan_{jenis}", subjects)
    return render(request, f"crvs/{jenis}.html", context)


@viewer_required
@require_POST
def proposal_apply(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    jenis = _jenis(jenis)
    decide = actions.terapkan if jenis == KEMATIAN else births.terapkan
    if not access.may_decide(request.user):
        # The action's own refusal of the role (403), before the proposal is looked up.
        decide(request.user, pk)
    _visible(request, jenis, pk)
    refusals_shown_on(request, "web:crvs_usulan", jenis=jenis, pk=pk)
    decide(request.user, pk)
    text = (
        "Kematian diterapkan: orang ini tercatat meninggal di registri."
        if jenis == KEMATIAN
        else "Kelahiran diterapkan: anak tercatat di keluarganya."
    )
    messages.success(request, text)
    return redirect("web:crvs_usulan", jenis=jenis, pk=pk)


@viewer_required
@require_POST
def proposal_refuse(request: HttpRequest, jenis: str, pk: int) -> HttpResponse:
    jenis = _jenis(jenis)
    refuse = actions.tolak if jenis == KEMATIAN else births.tolak
    if not access.may_decide(request.user):
        refuse(request.user, pk, "-")  # refused for the role (403)
    _visible(request, jenis, pk)
    refusals_shown_on(request, "web:crvs_usulan", jenis=jenis, pk=pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    refuse(request.user, pk, form.cleaned_data["alasan"])
    messages.success(request, "Usulan ditolak; alasannya tercatat.")
    return redirect("web:crvs_usulan", jenis=jenis, pk=pk)


@viewer_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    """Turn a kab/kota's automatic application on or off: roles that may change data,
    for a kab/kota of their region."""
    if not access.may_decide(request.user):
        raise PermissionDenied("Peran Anda tidak dapat mengubah penerapan otomatis.")
    refusals_shown_on(request, "web:crvs")
    form = SwitchForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    kode = form.cleaned_data["kabkota"]
    offices = {o["kode"] for o in _offices(request.user) or []}
    if kode not in offices:
        raise Http404("Kab/kota itu tidak ada dalam wilayah Anda.")
    aktif = form.cleaned_data["aktif"]
    automatic.switch(kode, aktif, request.user.get_username())
    record(request, Aksi.UBAH, "penerapan_otomatis", [(kode, None)], rincian={"aktif": aktif})
    state = "aktif" if aktif else "dimatikan"
    messages.success(request, f"Penerapan otomatis kematian di {name_of(kode)} {state}.")
    return redirect("web:crvs")


# Where the civil registry posts each death and birth of a subscription (its sender_uri).
notify_view = operation(notify.receive)
