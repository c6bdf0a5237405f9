"""The facts of the whole registry, or of one family, read set-based into Polars frames.

One SELECT per table (persons, households, PPKS, ranking, enrolments), each read by
the engine's fastest path (``db.reading``); for one family the same SELECTs are
narrowed to its household, so an explanation reads a handful of rows and then
runs exactly what the bulk run runs (``fact_columns``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import connection, connections

from datusoban.db.reading import as_flag, as_text, read_frame
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person, PersonPPKS
from datusoban.sasaran import fact_columns as fc
from datusoban.sasaran.design import ASSETS
from datusoban.sasaran.fact_columns import Facts
from datusoban.sasaran.model import versions as pmt_versions
from datusoban.sasaran.models import PeringkatKeluarga

# Enrolments that mean aid was received: enrolled at some time (mulai set).
RECEIVED = ("terdaftar", "ditangguhkan", "keluar")


def _t(model) -> str:
    return model._meta.db_table


def latest_ranking() -> str | None:
    """The newest proxy-means model version with a stored ranking (``datusoban rank``);
    each probe is one step of the (versi, desil) index."""
    for versi in reversed(pmt_versions()):
        if PeringkatKeluarga.objects.filter(versi=versi).exists():
            return versi
    return None


def _persons(household: int | None) -> pl.DataFrame:
    where = "AND p.household_id = %s" if household is not None else ""
    sql = f"""
        SELECT p.id, p.household_id, p.jenis_kelamin, {as_text("p.tanggal_lahir")},
               p.hubungan_keluarga, p.sekolah, p.pendidikan, p.pekerjaan, p.disabilitas,
               {as_flag("p.disabilitas_berat")}, {as_flag("p.hamil")}, p.penyakit_kronis,
               CASE WHEN length(p.nik) = 16 THEN 1 ELSE 0 END
        FROM {_t(Person)} p
        WHERE p.household_id IS NOT NULL AND p.status = 'hidup' {where}
    """  # noqa: S608 (table names from the models, values bound)
    params = [household] if household is not None else []
    frame = read_frame(sql, params, schema=fc.PERSON_RAW, bulk=household is None)
    # SQLite stores "" for a blank text; it is as unknown as NULL.
    text = [c for c, t in fc.PERSON_RAW.items() if t == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in text
    )


def _households(household: int | None, with_assets: bool = False) -> pl.DataFrame:
    where = "WHERE h.id = %s" if household is not None else ""
    schema = {**fc.FAMILY_RAW, **({a: pl.Boolean for a in ASSETS} if with_assets else {})}
    columns = ", ".join(
        ["h.id", *(as_flag(f"h.{c}") if c in ASSETS else f"h.{c}" for c in list(schema)[1:])]
    )
    sql = f"SELECT {columns} FROM {_t(Household)} h {where}"  # noqa: S608
    params = [household] if household is not None else []
    return read_frame(sql, params, schema=schema, bulk=household is None)


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values)) or "NULL"


def _ppks(members: list[int] | None, as_of: date) -> pl.DataFrame:
    """Categories held on ``as_of``: of everyone, or of ``members`` (one family's people,
    looked up by their ids: one index probe each, whatever the planner guesses a
    family's size to be)."""
    narrow = f"AND pp.person_id IN ({_marks(members)})" if members is not None else ""
    sql = f"""
        SELECT pp.person_id, pp.kategori_id FROM {_t(PersonPPKS)} pp
        WHERE (pp.mulai IS NULL OR pp.mulai <= %s) AND (pp.selesai IS NULL OR pp.selesai > %s)
        {narrow}
    """  # noqa: S608
    params = [as_of, as_of, *(members or [])]
    return read_frame(sql, params, schema=fc.PPKS_RAW, bulk=members is None)


def _ranks(household: int | None, versi: str | None) -> pl.DataFrame:
    if versi is None:
        return pl.DataFrame(schema=fc.RANK_RAW)
    where = "AND r.household_id = %s" if household is not None else ""
    sql = f"""
        SELECT r.household_id, r.desil, r.desil_kabkota, r.desil_dtsen
        FROM {_t(PeringkatKeluarga)} r WHERE r.versi = %s {where}
    """  # noqa: S608
    params = [versi] + ([household] if household is not None else [])
    return read_frame(sql, params, schema=fc.RANK_RAW, bulk=household is None)


def _aid(
    household: int | None, members: list[int] | None, programmes: list[str], as_of: date
) -> pl.DataFrame:
    """Enrolments of ``programmes`` that were received by ``as_of``; keluarga is the
    enrolled household, or the current household of the enrolled person. For one
    family: its own enrolments and those of its ``members``."""
    if not programmes:
        return pl.DataFrame(schema=fc.AID_RAW)
    received = f"""
        k.program_id IN ({_marks(programmes)}) AND k.status IN ({_marks(list(RECEIVED))})
        AND k.mulai IS NOT NULL AND k.mulai <= %s
    """
    flags = "CASE WHEN k.status = 'terdaftar' AND k.selesai IS NULL THEN 1 ELSE 0 END"
    params = [*programmes, *RECEIVED, as_of]
    if household is None:
        sql = f"""
            SELECT k.person_id, COALESCE(k.household_id, p.household_id), k.program_id,
                   {as_text("k.mulai")},
                   {flags}
            FROM {_t(Kepesertaan)} k LEFT JOIN {_t(Person)} p ON p.id = k.person_id
            WHERE {received}
        """  # noqa: S608
    else:
        sql = f"""
            SELECT k.person_id, %s, k.program_id, {as_text("k.mulai")}, {flags}
            FROM {_t(Kepesertaan)} k
            WHERE {received} AND (k.household_id = %s OR k.person_id IN ({_marks(members)}))
        """  # noqa: S608
        params = [household, *params, household, *members]
    schema = {**fc.AID_RAW, "sedang": pl.Int64}
    frame = read_frame(sql, params, schema=schema, bulk=household is None)
    return frame.with_columns(pl.col("sedang").cast(pl.Boolean))


@dataclass(frozen=True)
class RawRegistry:
    """The rows facts are made of (``fact_columns.*_RAW`` schemas), as read."""

    persons: pl.DataFrame
    households: pl.DataFrame
    ppks: pl.DataFrame
    ranks: pl.DataFrame
    aid: pl.DataFrame
    versi_peringkat: str | None


def read_raw(
    as_of: date,
    *,
    programmes: Iterable[str] = (),
    household: int | None = None,
    versi_peringkat: str | None = None,
    with_assets: bool = False,
    with_ranks: bool = True,
) -> RawRegistry:
    """One SELECT per table, for the whole registry or ``household`` only.
    ``with_assets`` adds the household assets (for ranking in the same pass)."""
    versi = (versi_peringkat or latest_ranking()) if with_ranks else None
    wanted = sorted(set(programmes))
    if household is not None:
        persons = _persons(household)
        members = persons["orang"].to_list()
        return RawRegistry(
            persons,
            _households(household, with_assets),
            _ppks(members, as_of),
            _ranks(household, versi),
            _aid(household, members, wanted, as_of),
            versi,
        )
    later = _beside(lambda: _persons(None))
    households = _households(None, with_assets)
    ppks = _ppks(None, as_of)
    ranks = _ranks(None, versi)
    aid = _aid(None, None, wanted, as_of)
    return RawRegistry(later(), households, ppks, ranks, aid, versi)


def _beside(read: Callable[[], pl.DataFrame]) -> Callable[[], pl.DataFrame]:
    """Start ``read`` (the persons, the largest table) in a second thread on its own
    connection while this one reads the rest: both cores work, the database's and
    ours. Only outside a transaction, where a second connection sees the same data
    (inside one, it runs here)."""
    if connection.in_atomic_block:
        frame = read()
        return lambda: frame

    def in_thread() -> pl.DataFrame:
        try:
            return read()
        finally:
            connections.close_all()  # this thread's connection

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(in_thread)
    pool.shutdown(wait=False)
    return future.result


def read_facts(
    as_of: date,
    *,
    programmes: Iterable[str] = (),
    household: int | None = None,
    versi_peringkat: str | None = None,
) -> Facts:
    """The facts of every family (or of ``household`` only) on ``as_of``; previous aid
    of ``programmes``; desil from ranking ``versi_peringkat`` (default: the latest)."""
    raw = read_raw(
        as_of, programmes=programmes, household=household, versi_peringkat=versi_peringkat
    )
    return fc.assemble(
        raw.persons, raw.households, raw.ppks, raw.ranks, raw.aid,
        programmes=programmes, as_of=as_of, versi_peringkat=raw.versi_peringkat,
    )  # fmt: skip
