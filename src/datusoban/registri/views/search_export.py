"""The people a registry search finds, as XLSX: for roles that may export, with a stated
purpose, one audit row per person exported (action ``ekspor``, with that purpose).

The same search as the page (``registri.search`` narrowed by the one scoping function,
so children stay out for roles without ``data_anak``), the same masking
(``found_people.masked``: NIK and No KK per ``nik_penuh``, health columns only with
``data_kesehatan``). At most EXPORT_LIMIT people, in the page's order (a name search's
best matches first); the workbook and the page say so when the search found more.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.found_people import conditions_text, masked, page_values, subjects
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import scope_of, scoped
from datusoban.registri.forms import (
    IN_ADDRESS,
    SearchForm,
    address_query,
    form_values,
    has_identifier,
)
from datusoban.registri.models import Person
from datusoban.registri.search import has_condition, search_people
from datusoban.web.export_form import PurposeForm
from datusoban.web.export_notes import export_notes
from datusoban.web.permissions import viewer_required
from datusoban.web.xlsx import xlsx_response

# A list for field work or a referral, not a copy of the registry: a larger search is
# narrowed (by desa, age, sex) rather than exported whole.
EXPORT_LIMIT = 5_000
KIND = "pencarian"


def _columns(role: Role) -> dict[str, str]:
    """Column name in the workbook → key of a masked row; health only for roles that may."""
    columns = {
        "id_orang": "id", "nama": "nama", "nik": "nik", "jenis_kelamin": "jenis_kelamin",
        "tanggal_lahir": "tanggal_lahir", "no_kk": "no_kk", "kode_wilayah": "kode_wilayah",
        "desa_kelurahan": "wilayah", "kabupaten_kota": "kabkota",
        "anggota_keluarga": "anggota_keluarga",
    }  # fmt: skip
    if role.data_kesehatan:
        columns |= {"disabilitas": "disabilitas", "penyakit_kronis": "penyakit_kronis"}
    return columns


def _people_sheet(role: Role, people: list[dict]) -> pl.DataFrame:
    columns = _columns(role)
    schema = {name: pl.Utf8 for name in columns} | {
        "id_orang": pl.Int64, "tanggal_lahir": pl.Date, "anggota_keluarga": pl.Int64,
    }  # fmt: skip
    return pl.DataFrame(
        [{name: p[key] for name, key in columns.items()} for p in people], schema=schema
    )


def _shown_conditions(role: Role, conditions: dict) -> dict[str, str]:
    """The conditions as a page or a workbook repeats them: a NIK or No. KK typed by a
    user who may not see them in full is masked there too (the audit row keeps it)."""
    return {
        k: identifier_for(role, v) if k in ("nik", "no_kk") else v
        for k, v in conditions_text(conditions).items()
    }


def _notes(request, role: Role, conditions: dict, purpose: str, found: int, n: int):
    searched = "; ".join(f"{k} = {v}" for k, v in _shown_conditions(role, conditions).items())
    return export_notes(
        request, role, report="Hasil pencarian registri", purpose=purpose,
        extra=(("Syarat pencarian", searched),), found=("Ditemukan", found), exported=n,
        limit=EXPORT_LIMIT, unit="orang", rest="persempit pencarian untuk sisanya",
    )  # fmt: skip


@viewer_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """Ekspor hasil pencarian (XLSX). The search page's button posts the conditions with
    ``langkah=tujuan``: the count is shown and the purpose asked; the purpose form posts
    the conditions again with the purpose, and gets the file. A GET (an older link)
    asks the purpose too, for a search without NIK or No. KK only: those never travel
    in an address."""
    scope = scope_of(request.user)
    if scope is None or not scope.role.ekspor:
        raise PermissionDenied("Peran Anda tidak boleh mengekspor data pribadi.")
    data = request.POST if request.method == "POST" else request.GET
    asking = request.method == "GET" or data.get("langkah") == "tujuan"
    query = form_values(data)
    search = SearchForm(query, scope=scope)
    purpose = PurposeForm(None if asking else request.POST, kind=KIND)
    context = {"search": search, "purpose": purpose, "query": query, "limit": EXPORT_LIMIT,
               "by_identifier": has_identifier(query), "address": address_query(query)}  # fmt: skip
    if request.method == "GET" and has_identifier(query):
        context["in_address"] = IN_ADDRESS
        return render(request, "registri/ekspor.html", context, status=400)
    if not search.is_valid() or not has_condition(search.cleaned_data):
        context["bad_search"] = True
        return render(request, "registri/ekspor.html", context, status=400)
    conditions = {k: v for k, v in search.cleaned_data.items() if v not in (None, "")}
    people = search_people(scoped(request.user, Person.objects.all()), conditions, date.today())
    found = people.count()
    context |= {"found": found, "exported": min(found, EXPORT_LIMIT),
                "conditions": _shown_conditions(scope.role, conditions)}  # fmt: skip
    if asking or not purpose.is_valid():
        status = 200 if asking else 400
        return render(request, "registri/ekspor.html", context, status=status)
    rows = list(page_values(people)[:EXPORT_LIMIT])
    shown = masked(scope.role, rows)
    sheets = {
        "Orang": _people_sheet(scope.role, shown),
        "Keterangan": _notes(request, scope.role, conditions, purpose.purpose(), found, len(rows)),
    }
    response = xlsx_response(sheets, f"hasil-pencarian-{timezone.localtime():%Y%m%d-%H%M}.xlsx")
    record(
        request, Aksi.EKSPOR, "orang", subjects(rows, conditions), tujuan=purpose.purpose(),
        rincian={"syarat": conditions_text(conditions), "ditemukan": found,
                 "diekspor": len(rows), "format": "xlsx"},
    )  # fmt: skip
    return response
