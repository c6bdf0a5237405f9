"""The registry search page: one form, results updated in place by HTMX, paginated.

The same query as the API's registry search (``registry.search``), narrowed by the
one scoping function first, masked as the role says, one audit row per person shown.

The form is sent by POST, CSRF-checked. A search by NIK or No. KK stays in POST
bodies: its results, its next page, its export and the way back to it are POSTs, and
the address stays /cari/ (addresses end up in access logs, browser history and
Referer headers). A search without an identifier (name, region, age, sex) gets an
address of its own, which HTMX pushes into the browser history and a browser without
HTMX is redirected to; its pages are plain links. An old address holding a NIK or
No. KK gets the page with a message, not results.
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from datusoban.accounts.found_people import page_values, shown
from datusoban.accounts.scope import scope_of, scoped
from datusoban.registry.models import Person
from datusoban.registry.search import has_condition, search_people
from datusoban.web.permissions import viewer_required
from datusoban.web.search_form import (
    IN_ADDRESS,
    SearchForm,
    address_query,
    form_values,
    has_identifier,
)

PER_PAGE = 20


def _page_number(data: QueryDict) -> int:
    try:
        return max(1, int(data.get("halaman", "1")))
    except ValueError:
        return 1


def _address(data: QueryDict, page: int = 1) -> str:
    """The address of a search without identifiers (and of one of its pages)."""
    query = address_query(data) + (f"&halaman={page}" if page > 1 else "")
    return f"{reverse('web:cari')}?{query}"


def _results(request: HttpRequest, form: SearchForm, data: QueryDict) -> dict:
    """One page of the people the search finds, masked, with the audit rows written."""
    conditions = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    people = search_people(scoped(request.user, Person.objects.all()), conditions, date.today())
    paginator = Paginator(page_values(people, conditions), PER_PAGE)
    page = paginator.get_page(_page_number(data))
    rows = shown(request, list(page.object_list), conditions, rincian={"halaman": page.number})
    return {
        "page": page,
        "rows": rows,
        "by_identifier": has_identifier(conditions),
        "query": address_query(data),  # links to other pages: never an identifier
        "values": form_values(data),  # hidden fields of the POST forms (page, export)
    }


@viewer_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Cari orang: by NIK, No KK, name in any spelling, kab/kota, age and sex."""
    scope = scope_of(request.user)
    posted = request.method == "POST"
    data = request.POST if posted else request.GET
    # HTMX asks for the results alone, except when it restores a page from history
    # (the back button after its cache expired): then it needs the whole page.
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context: dict = {
        "no_scope": scope is None,
        "can_export": scope is not None and scope.role.ekspor,
    }
    if not posted and has_identifier(data):
        # An old bookmark or link: no results, so that such addresses fall out of use.
        kept = {k: v for k, v in form_values(data).items() if not has_identifier({k: v})}
        context |= {"form": SearchForm(initial=kept, scope=scope), "in_address": IN_ADDRESS}
        return _render(request, context, partial)
    submitted = posted or bool(data)
    form = SearchForm(data if submitted else None, scope=scope)
    context |= {"form": form, "submitted": submitted}
    pushed = None
    if submitted and form.is_valid() and scope is not None:
        if not has_condition(form.cleaned_data):
            # No condition at all would page through the whole registry.
            context["need_condition"] = True
        elif posted and not partial and not has_identifier(form.cleaned_data):
            # Post/redirect/get: searched (and audited) at the search's own address.
            return HttpResponseRedirect(_address(data, _page_number(data)), status=303)
        else:
            context.update(_results(request, form, data))
            if posted:  # HTMX shows the address in the bar and history: the search's own
                by_identifier = context["by_identifier"]
                number = context["page"].number
                pushed = reverse("web:cari") if by_identifier else _address(data, number)
    response = _render(request, context, partial)
    if pushed and partial:
        response["HX-Push-Url"] = pushed
    return response


def _render(request: HttpRequest, context: dict, partial) -> HttpResponse:
    template = "web/registri/_hasil.html" if partial else "web/registri/cari.html"
    return render(request, template, context)
