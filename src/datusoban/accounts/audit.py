"""Writing the audit trail: who touched which personal data, when, from where and why."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models.sql import InsertQuery

from datusoban.accounts.client_address import client_address
from datusoban.accounts.models import AuditEvent

Aksi = AuditEvent.Aksi
# Rows per INSERT statement: 10 parameters each, well under PostgreSQL's 65,535.
BATCH = 2_000
_FIELDS = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
_UNSYNCED = "set_config('synchronous_commit', 'off', true)"


class PurposeRequiredError(ValueError):
    """An export of personal data without a stated purpose (UU 27/2022)."""

    def __init__(self) -> None:
        super().__init__("Tujuan ekspor wajib diisi sebelum data pribadi dapat diekspor.")


def record(
    request,
    aksi: str,
    objek: str,
    subjects: Iterable[tuple[str, str | None]] = (("", None),),
    *,
    tujuan: str = "",
    rincian: dict | None = None,
    user=None,
    hide_address: bool = False,
    oleh: str = "",
) -> int:
    """Append one row per subject ``(objek_id, nik)`` touched by ``request``'s user.

    A search or an export that touches many people writes one row each, in
    one statement, so that the data-subject report finds every one of them.
    Returns the number of rows written. ``hide_address``: the client's address is not
    kept (a citizen on a public page: the caller keeps what it needs in ``rincian``).
    ``oleh`` names the actor when no user acts (the system applying what a policy
    allows).
    """
    who = user if user is not None else getattr(request, "user", None)
    if aksi == Aksi.EKSPOR and not tujuan.strip():
        raise PurposeRequiredError
    authenticated = who is not None and who.is_authenticated
    address = None if hide_address else client_address(request)
    rows = [
        AuditEvent(
            pengguna=who if authenticated else None,
            nama_pengguna=who.get_username() if authenticated else (oleh or "(anonim)"),
            aksi=aksi,
            objek=objek,
            objek_id=str(objek_id),
            nik=nik or None,
            tujuan=tujuan.strip(),
            alamat_ip=address,
            rincian=rincian or {},
        )
        for objek_id, nik in subjects
    ]
    if len(rows) <= BATCH and _statement_is_own_transaction():
        _insert_unsynced(rows)
    else:
        # Inside a change's transaction the rows commit with the change, as it does;
        # elsewhere (SQLite's page views, the rare export of thousands) in one
        # transaction of their own.
        _insert(rows)
    return len(rows)


def _statement_is_own_transaction() -> bool:
    """Whether the next statement on PostgreSQL is a transaction of its own (no
    transaction open, none being kept open by the caller)."""
    return (
        connection.vendor == "postgresql"
        and connection.get_autocommit()
        and not connection.in_atomic_block
    )


def _insert_unsynced(rows: list[AuditEvent]) -> None:
    """A read's rows in one statement, committed without waiting for the disk to
    confirm the write-ahead log (PostgreSQL's WAL writer flushes it within a
    fraction of a second).

    A page view then does not wait out the disk's stalls, which on a shared virtual
    machine took 50-400 ms at times; a database crash in that fraction of a second
    could lose those rows, never corrupt or reorder the trail. The setting is made
    by the statement itself (``set_config(..., true)``: for its own transaction
    only, read at its commit), so that the read costs one round trip, not four
    (BEGIN, SET LOCAL, INSERT, COMMIT).
    """
    query = InsertQuery(AuditEvent)
    query.insert_values(_FIELDS, rows)
    ((sql, params),) = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {_UNSYNCED}", params)


def _insert(rows: list[AuditEvent]) -> None:
    if len(rows) == 1:
        # One INSERT, atomic by itself where no transaction is open (SQLite's page
        # views): bulk_create would wrap it in a transaction, two more statements.
        rows[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
