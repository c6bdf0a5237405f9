"""Which quarantined rows a user may see, and how: the same rules as registry persons.

A quarantined row is personal data that failed a check: it is shown (on a page, in an
export, over the API) only within the user's scope and masked as their role says.

- Region: a kab/kota source's batch belongs to its kab/kota, so a user of that kab/kota
  sees all its rows; a kecamatan user only the rows whose own region code lies in their
  kecamatan. A province-wide source's rows are placed by their own region code (kept
  with the row when it read as valid); a row without a readable region only province
  users see.
- Children: roles without ``data_anak`` do not see rows whose birth date makes the
  person a child (an unknown birth date counts as an adult's, as in accounts.scope).
- Identifiers masked and health columns hidden: ``received.received_values``.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.db.models import QuerySet

from datusoban.accounts.roles import Role
from datusoban.accounts.scope import children_born_after, scope_of
from datusoban.impor.authority import in_region, narrowed_to, sees_region, source_region
from datusoban.impor.models import QuarantinedRow
from datusoban.impor.received import received_values
from datusoban.impor.rules import RULES
from datusoban.registri.models import ImportBatch

# What a shown row is read with (QuarantinedRow values).
VALUES = ("pk", "nomor_baris", "nik", "data", "alasan")


def open_rows(batch: ImportBatch) -> QuerySet:
    """Every open quarantined row of ``batch``: for the command line only (shell access);
    users get :func:`visible_rows`."""
    return QuarantinedRow.objects.filter(batch=batch, status=QuarantinedRow.Status.TERBUKA)


def values(rows: QuerySet, limit: int | None = None) -> list[dict]:
    """``rows`` in file order (at most ``limit``), read as shown_frame takes them."""
    ordered = rows.order_by("nomor_baris")
    return list((ordered[:limit] if limit is not None else ordered).values(*VALUES))


def visible_rows(user, batch: ImportBatch, *, as_of: date | None = None) -> QuerySet:
    """The open quarantined rows of ``batch`` that ``user`` may see."""
    return scoped_rows(user, batch, as_of=as_of).filter(status=QuarantinedRow.Status.TERBUKA)


def scoped_rows(user, batch: ImportBatch, *, as_of: date | None = None) -> QuerySet:
    """The quarantined rows of ``batch``, open or closed, that ``user`` may see."""
    rows = QuarantinedRow.objects.filter(batch=batch)
    scope = scope_of(user)
    region = source_region(batch.source)
    if scope is None or not sees_region(scope, region):
        return rows.none()
    within = narrowed_to(scope, region)
    if within is not None:
        rows = rows.filter(in_region("kode_wilayah", within))
    if not scope.role.data_anak:
        rows = rows.exclude(tanggal_lahir__gt=children_born_after(as_of))
    return rows


def shown_frame(role: Role, batch: ImportBatch, rows: list[dict]) -> pl.DataFrame:
    """``rows`` (values of QuarantinedRow: nomor_baris, data, alasan) in the file's own
    columns, with the row number and the reasons, as ``role`` may see them: fix them in
    the sheet and import it again with the same profile and source."""
    report = batch.laporan or {}
    # Batches imported before the report kept the file's header order: the row's own.
    headers = report.get("kolom_berkas") or (list(rows[0]["data"] or {}) if rows else [])
    mapping = report.get("kolom_dipakai")
    columns = ["_baris", *headers, "_alasan"]
    records = []
    for row in rows:
        why = "; ".join(RULES[c].message if c in RULES else c for c in row["alasan"])
        cells = dict(received_values(role, row["data"], mapping))
        records.append({"_baris": str(row["nomor_baris"]), **cells, "_alasan": why})
    return pl.DataFrame(
        [{c: r.get(c) for c in columns} for r in records],
        schema={c: pl.Utf8 for c in columns},
    )
