"""Tugas saya: the page a user lands on after logging in.

Per kind of task the counts (all, overdue, assigned to me, to no one, to someone else)
and short lists, mine first, each item linking to the page where it is done. The lists
name no person (``tugas.inbox``), so the page leaves no audit row: the pages it links to
do, when they show someone. A user without a role and region is told so, not refused:
this is where every login arrives.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from datusoban.accounts.scope import scope_of
from datusoban.tugas import inbox
from datusoban.web.permissions import viewer_required


@viewer_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    kinds = inbox.inbox(request.user, now)
    context = {
        "scope": scope_of(request.user),
        "kinds": kinds,
        "now": now,
        "terlambat": sum(k.terlambat or 0 for k in kinds),
        "limit": inbox.LIMIT,
    }
    return render(request, "tugas/tugas.html", context)
