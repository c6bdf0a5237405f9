"""Searches by NIK or No. KK kept in the user's session, so that their results have an
address without the identifier: /cari/?hasil=<key>, a random key that means nothing
outside this session. Reloading, the back button, HTMX's history and paging find the
search again through it; an access log sees only the key.

At most KEPT searches per session, the oldest dropped; they end with the session
(logout, idle or absolute timeout)."""

from __future__ import annotations

import secrets

from django.contrib.sessions.backends.db import SessionStore as DatabaseSession
from django.db import connection
from django.db.models.sql import UpdateQuery
from django.http import HttpRequest, QueryDict

SESSION_KEY = "pencarian_pengenal"
_UNSYNCED = "set_config('synchronous_commit', 'off', true)"
KEPT = 20


def keep(request: HttpRequest, conditions: QueryDict) -> str:
    """Keep ``conditions`` (the search form's values) in the session; their key."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(6)
    kept[key] = conditions.dict()
    for old in list(kept)[:-KEPT]:  # insertion order: the oldest first
        del kept[old]
    changed_before = request.session.modified
    request.session[SESSION_KEY] = kept
    if not changed_before:
        _save_unsynced(request.session)
    return key


def kept(request: HttpRequest, key: str) -> QueryDict | None:
    """The conditions kept under ``key`` in this session, or None (expired, unknown)."""
    conditions = request.session.get(SESSION_KEY, {}).get(key)
    if conditions is None:
        return None
    found = QueryDict(mutable=True)
    found.update(conditions)
    return found


def _save_unsynced(session) -> None:
    """Write the session now, in one statement committed without waiting for the disk,
    as a read's audit rows are (accounts.audit), rather than by SessionMiddleware
    (BEGIN, UPDATE, COMMIT waiting for the disk: a NIK lookup would wait out the disk's
    stalls again). A database crash in the next fraction of a second could lose the kept
    search, nothing else: its address then says the search is no longer there.

    PostgreSQL with the database session store only, and only where no transaction is
    open and the session had no other change (the middleware saves those as usual)."""
    own_transaction = connection.get_autocommit() and not connection.in_atomic_block
    if not (
        connection.vendor == "postgresql"
        and own_transaction
        and isinstance(session, DatabaseSession)
        and session.session_key
    ):
        return
    row = session.create_model_instance(dict(session.items()))
    query = session.model.objects.filter(session_key=row.session_key).query.chain(UpdateQuery)
    query.add_update_values({"session_data": row.session_data, "expire_date": row.expire_date})
    sql, params = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {_UNSYNCED}", params)
        written = cursor.rowcount
    session.modified = written != 1  # a vanished row: the middleware's save recreates it
