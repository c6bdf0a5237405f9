"""The registry search page: one form, results updated in place by HTMX, paginated.

The same query as the API's registry search (``registri.search``), narrowed by the
one scoping function first, masked as the role says, one audit row per person shown.

The form is sent by POST, CSRF-checked, and the search then gets an address of its
own: HTMX pushes it into the browser history, a browser without HTMX is redirected to
it (post/redirect/get), its pages are links from it. A search by name, region, age or
sex has its conditions in that address (a name is not an identifier: such a search can
be bookmarked). A search by NIK or No. KK never has: it is kept in the session and its
address holds a random key (``kept_searches``), as addresses end up in access logs,
browser history and Referer headers. An old address holding a NIK or No. KK gets the
page with a message, not results.
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from datusoban.accounts.found_people import found, shown
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import Scope, scope_of
from datusoban.registri.forms import (
    IN_ADDRESS,
    SearchForm,
    address_query,
    form_values,
    has_identifier,
)
from datusoban.registri.search import has_condition, region_name
from datusoban.registri.views.kept_searches import keep, kept
from datusoban.web.permissions import viewer_required

PER_PAGE = 20
GONE = (
    "Hasil pencarian ini tidak tersedia lagi: pencarian dengan NIK atau No. KK hanya "
    "disimpan selama Anda masuk. Cari lagi dengan formulir di bawah ini."
)


def _page_number(data: QueryDict) -> int:
    try:
        return max(1, int(data.get("halaman", "1")))
    except ValueError:
        return 1


def _query(data: QueryDict, key: str | None) -> str:
    """The query string of a search's address: its key, or its conditions (no identifier)."""
    return f"hasil={key}" if key else address_query(data)


def _address(query: str, page: int = 1) -> str:
    return f"{reverse('web:cari')}?{query}" + (f"&halaman={page}" if page > 1 else "")


def none_found(scope: Scope, conditions: dict) -> str:
    """The row of a search that found nobody, repeating what was searched and where:
    "Tidak ada orang yang cocok dengan nama “Fatimah Evi” di Kota Banjarmasin." A NIK
    or No. KK is repeated as the role may see it."""
    said = []
    if conditions.get("nama"):
        said.append(f"nama “{conditions['nama']}”")
    for key, label in (("nik", "NIK"), ("no_kk", "No. KK")):
        if conditions.get(key):
            said.append(f"{label} {identifier_for(scope.role, conditions[key])}")
    if conditions.get("jenis_kelamin"):
        said.append("laki-laki" if conditions["jenis_kelamin"] == "L" else "perempuan")
    low, high = conditions.get("umur_min"), conditions.get("umur_maks")
    if low is not None and high is not None:
        said.append(f"umur {low} sampai {high} tahun")
    elif low is not None:
        said.append(f"umur {low} tahun ke atas")
    elif high is not None:
        said.append(f"umur paling tinggi {high} tahun")
    where = region_name(conditions.get("kode_wilayah") or scope.wilayah)
    searched = f" dengan {', '.join(said)}" if said else ""
    return f"Tidak ada orang yang cocok{searched} di {where}."


def _results(request: HttpRequest, form: SearchForm, data: QueryDict, query: str) -> dict:
    """One page of the people the search finds, masked, with the audit rows written."""
    conditions = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    paginator = Paginator(found(request.user, conditions, date.today()), PER_PAGE)
    page = paginator.get_page(_page_number(data))
    rows = shown(request, list(page.object_list), conditions, rincian={"halaman": page.number})
    # ``query`` (links to other pages) never holds an identifier; ``values`` are the
    # hidden fields of the export's POST form.
    context = {"page": page, "rows": rows, "query": query, "values": form_values(data)}
    if not rows:
        context["none_found"] = none_found(scope_of(request.user), conditions)
    return context


def _searched(request: HttpRequest, scope: Scope | None, data: QueryDict, context: dict):
    """The bound form; with the conditions valid, whether there are any."""
    form = SearchForm(data, scope=scope)
    context |= {"form": form, "submitted": True}
    ready = form.is_valid() and scope is not None
    if ready and not has_condition(form.cleaned_data):
        # No condition at all would page through the whole registry.
        context["need_condition"] = True
        ready = False
    return form, ready


@viewer_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Cari orang: by NIK, No KK, name in any spelling, kab/kota, age and sex."""
    scope = scope_of(request.user)
    # HTMX asks for the results alone, except when it restores a page from history
    # (the back button after its cache expired): then it needs the whole page.
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context: dict = {
        "no_scope": scope is None,
        "can_export": scope is not None and scope.role.ekspor,
    }
    if request.method == "POST":
        return _posted(request, scope, context, partial)
    key = request.GET.get("hasil")
    data = request.GET
    if key:
        data = kept(request, key)
        if data is None:
            context |= {"form": SearchForm(scope=scope), "gone": GONE}
            return _render(request, context, partial)
        data["halaman"] = request.GET.get("halaman", "1")
    elif has_identifier(data):
        # An old bookmark or link: no results, so that such addresses fall out of use.
        typed = {k: v for k, v in form_values(data).items() if not has_identifier({k: v})}
        context |= {"form": SearchForm(initial=typed, scope=scope), "in_address": IN_ADDRESS}
        return _render(request, context, partial)
    if not data:
        context["form"] = SearchForm(scope=scope)
        return _render(request, context, partial)
    form, ready = _searched(request, scope, data, context)
    if ready:
        context.update(_results(request, form, data, _query(data, key)))
    return _render(request, context, partial)


def _posted(request: HttpRequest, scope: Scope | None, context: dict, partial: bool):
    """The form sent: the search gets its address (kept in the session when it is by
    NIK or No. KK), pushed by HTMX or redirected to."""
    data = request.POST
    form, ready = _searched(request, scope, data, context)
    if not ready:
        return _render(request, context, partial)
    key = keep(request, form_values(data)) if has_identifier(form.cleaned_data) else None
    query = _query(data, key)
    if not partial:  # post/redirect/get: searched (and audited) at the address
        return HttpResponseRedirect(_address(query, _page_number(data)), status=303)
    context.update(_results(request, form, data, query))
    response = _render(request, context, partial)
    response["HX-Push-Url"] = _address(query, context["page"].number)
    return response


def _render(request: HttpRequest, context: dict, partial: bool) -> HttpResponse:
    template = "registri/_hasil.html" if partial else "registri/cari.html"
    return render(request, template, context)
