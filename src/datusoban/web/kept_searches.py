"""Searches by NIK or No. KK kept in the user's session, so that their results have an
address without the identifier: /cari/?hasil=<key>, a random key that means nothing
outside this session. Reloading, the back button, HTMX's history and paging find the
search again through it; an access log sees only the key.

At most KEPT searches per session, the oldest dropped; they end with the session
(logout, idle or absolute timeout)."""

from __future__ import annotations

import secrets

from django.http import HttpRequest, QueryDict

SESSION_KEY = "pencarian_pengenal"
KEPT = 20


def keep(request: HttpRequest, conditions: QueryDict) -> str:
    """Keep ``conditions`` (the search form's values) in the session; their key."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(6)
    kept[key] = conditions.dict()
    for old in list(kept)[:-KEPT]:  # insertion order: the oldest first
        del kept[old]
    request.session[SESSION_KEY] = kept
    return key


def kept(request: HttpRequest, key: str) -> QueryDict | None:
    """The conditions kept under ``key`` in this session, or None (expired, unknown)."""
    conditions = request.session.get(SESSION_KEY, {}).get(key)
    if conditions is None:
        return None
    found = QueryDict(mutable=True)
    found.update(conditions)
    return found
