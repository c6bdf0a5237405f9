"""The registry search page: one form, results updated in place by HTMX, paginated.

The same query as the API's registry search (``registry.search``), narrowed by the
one scoping function first, masked as the role says, one audit row per person shown.
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.accounts.found_people import page_values, shown
from datusoban.accounts.scope import scope_of, scoped
from datusoban.registry.models import Person
from datusoban.registry.search import has_condition, search_people
from datusoban.web.permissions import viewer_required
from datusoban.web.search_form import SearchForm

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("halaman", "1")))
    except ValueError:
        return 1


def _results(request: HttpRequest, form: SearchForm) -> dict:
    """One page of the people the search finds, masked, with the audit rows written."""
    conditions = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    people = search_people(scoped(request.user, Person.objects.all()), conditions, date.today())
    paginator = Paginator(page_values(people, conditions), PER_PAGE)
    page = paginator.get_page(_page_number(request))
    rows = shown(request, list(page.object_list), conditions, rincian={"halaman": page.number})
    query = request.GET.copy()
    query.pop("halaman", None)
    return {"page": page, "rows": rows, "query": query.urlencode()}


@viewer_required
def search(request: HttpRequest) -> HttpResponse:
    """Cari orang: by NIK, No KK, name in any spelling, kab/kota, age and sex."""
    scope = scope_of(request.user)
    submitted = bool(request.GET)
    form = SearchForm(request.GET if submitted else None, scope=scope)
    context: dict = {
        "form": form,
        "submitted": submitted,
        "no_scope": scope is None,
        "can_export": scope is not None and scope.role.ekspor,
    }
    if submitted and form.is_valid() and scope is not None:
        if has_condition(form.cleaned_data):
            context.update(_results(request, form))
        else:
            # No condition at all would page through the whole registry.
            context["need_condition"] = True
    # HTMX asks for the results alone, except when it restores a page from history
    # (the back button after its cache expired): then it needs the whole page.
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "web/registri/_hasil.html" if partial else "web/registri/cari.html"
    return render(request, template, context)
