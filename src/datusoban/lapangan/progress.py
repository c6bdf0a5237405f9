"""Progress of field verification per kecamatan, without a map: households still to visit,
visits waiting for the office, conflicts, visits decided.

Households to visit are those in the work the field workers hold now (each worker's latest
download: a new download replaces the phone's copy) that no visit was ever sent for, in the
user's region. Every count is grouped by the household's own kecamatan, as the visits are
(``KunjunganLapangan.kode_kecamatan``), so that the columns of one row speak of the same
households. All of it is a few grouped queries; the household ids a download holds are
read out of its JSON list by the database (``json_each`` on SQLite,
``jsonb_array_elements_text`` on PostgreSQL), never one by one in Python.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from datusoban.accounts.scope import scoped
from datusoban.lapangan.models import KunjunganLapangan, Unduhan
from datusoban.registri.models import Household

Verifikasi = KunjunganLapangan.Verifikasi
COUNTS = ("belum", "menunggu", "konflik", "selesai")


def _held_households() -> RawSQL:
    """The ids of the households in each worker's latest download, as a subquery."""
    latest, params = (
        Unduhan.objects.values("pengguna")
        .annotate(last=Max("pk"))
        .values("last")
        .query.sql_with_params()
    )
    table = Unduhan._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT (jsonb_array_elements_text(u.keluarga))::bigint FROM {table} u "  # noqa: S608
            f"WHERE u.id IN ({latest})"
        )
    else:
        sql = (
            f"SELECT CAST(j.value AS INTEGER) FROM {table} u, json_each(u.keluarga) j "  # noqa: S608
            f"WHERE u.id IN ({latest})"
        )
    return RawSQL(sql, params)


def to_visit(user) -> QuerySet[Household]:
    """The households in the field workers' current work that no visit was sent for, as far
    as ``user``'s region reaches."""
    visited = KunjunganLapangan.objects.filter(household=OuterRef("pk"))
    return scoped(user, Household.objects.filter(pk__in=_held_households())).exclude(
        Exists(visited)
    )


def per_kecamatan(user, visits: QuerySet[KunjunganLapangan]) -> list[dict]:
    """Per kecamatan (code), in code order: households to visit (``belum``), visits waiting
    (``menunggu``), conflicts (``konflik``) and visits decided, accepted or refused
    (``selesai``); ``visits`` are the user's (``review.visits_for``)."""
    rows: dict[str, dict] = {}
    households = (
        to_visit(user).values(kecamatan=F("wilayah__parent_id")).annotate(n=Count("pk")).order_by()
    )
    for row in households:
        rows.setdefault(row["kecamatan"] or "", dict.fromkeys(COUNTS, 0))["belum"] = row["n"]
    counted = (
        visits.values("kode_kecamatan")
        .annotate(
            menunggu=Count("pk", filter=Q(verifikasi=Verifikasi.MENUNGGU)),
            konflik=Count("pk", filter=Q(verifikasi=Verifikasi.KONFLIK)),
            selesai=Count("pk", filter=Q(verifikasi__in=(Verifikasi.DITERIMA, Verifikasi.DITOLAK))),
        )
        .order_by()
    )
    for row in counted:
        counts = rows.setdefault(row.pop("kode_kecamatan"), dict.fromkeys(COUNTS, 0))
        counts.update(row)
    return [{"kode_kecamatan": kode, **rows[kode]} for kode in sorted(rows)]
