"""Overlap checks ("tumpang tindih"): aid received twice where it should be once.

Three checks, each a few set-based queries and Polars joins:

- ``exclusive``: one person or family in two programmes that exclude each other
  (the pairs are data: ``data/saling_meniadakan/``);
- ``twice``: the same person or family enrolled twice in one programme under two
  registry records: people sharing a NIK, families sharing a No KK, or two
  records still waiting in the linkage review queue;
- ``lks``: a person on the client lists of two LKS for the same service.

Each takes an optional ``scope`` (a Household queryset from
``accounts.scope.scoped``) and looks only at recipients placed in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform

from datusoban.program import rules
from datusoban.program.bulk import in_slices
from datusoban.program.models import Kepesertaan
from datusoban.program.queries import in_scope
from datusoban.registri.models import Household, ImportBatch, Person, Source, SourceRecord


@dataclass
class Overlaps:
    exclusive: pl.DataFrame
    twice: pl.DataFrame
    lks: pl.DataFrame

    def counts(self) -> dict[str, int]:
        return {
            "saling_meniadakan": self.exclusive.height,
            "ganda_dalam_program": self.twice.height,
            "lks_tumpang_tindih": self.lks.height,
        }


def _rows(queryset: QuerySet, ids: pl.Series, *fields: str) -> list[tuple]:
    """``fields`` of the rows of ``queryset`` whose pk is in ``ids``, a slice at a time."""
    rows: list[tuple] = []
    for part in in_slices(ids.to_list()):
        rows += queryset.filter(pk__in=part).values_list(*fields)
    return rows


def open_enrolments(
    programs: list[str] | None = None, scope: QuerySet[Household] | None = None
) -> pl.DataFrame:
    """Open enrolments: id, program, status, person_id, household_id (a person's own
    household for personal ones), kode_kabkota."""
    rows = Kepesertaan.objects.filter(in_scope(scope), status__in=rules.OPEN)
    if programs is not None:
        rows = rows.filter(program_id__in=programs)
    values = rows.values_list(
        "pk", "program_id", "status", "person_id", "household_id", "person__household_id",
        "kode_kabkota",
    )  # fmt: skip
    frame = pl.DataFrame(
        list(values.iterator(chunk_size=20_000)),
        schema={"id": pl.Int64, "program": pl.Utf8, "status": pl.Utf8, "person_id": pl.Int64,
                "own_household": pl.Int64, "person_household": pl.Int64,
                "kode_kabkota": pl.Utf8},
        orient="row",
    )  # fmt: skip
    return frame.select(
        "id", "program", "status", "person_id",
        household_id=pl.coalesce("own_household", "person_household"),
        kode_kabkota="kode_kabkota",
    )  # fmt: skip


def exclusive(scope: QuerySet[Household] | None = None, on: date | None = None) -> pl.DataFrame:
    """Recipients of two programmes that exclude each other, one row per pair of enrolments."""
    pairs = rules.exclusions(on)
    programs = sorted({p.a for p in pairs} | {p.b for p in pairs})
    found = []
    enrolled = open_enrolments(programs, scope)
    for pair in pairs:
        key = "person_id" if pair.tingkat == "orang" else "household_id"
        a = enrolled.filter(pl.col("program") == pair.a, pl.col(key).is_not_null())
        b = enrolled.filter(pl.col("program") == pair.b, pl.col(key).is_not_null())
        both = a.join(b, on=key, suffix="_b").filter(pl.col("id") != pl.col("id_b"))
        found.append(
            both.select(
                program_a=pl.lit(pair.a),
                program_b=pl.lit(pair.b),
                tingkat=pl.lit(pair.tingkat),
                penerima=pl.col(key),
                kepesertaan_a="id",
                kepesertaan_b="id_b",
                status_a="status",
                status_b="status_b",
                kode_kabkota="kode_kabkota",
                alasan=pl.lit(pair.alasan),
            )
        )
    return _concat(found, _EXCLUSIVE)


_EXCLUSIVE = {
    "program_a": pl.Utf8, "program_b": pl.Utf8, "tingkat": pl.Utf8, "penerima": pl.Int64,
    "kepesertaan_a": pl.Int64, "kepesertaan_b": pl.Int64, "status_a": pl.Utf8,
    "status_b": pl.Utf8, "kode_kabkota": pl.Utf8, "alasan": pl.Utf8,
}  # fmt: skip
_TWICE = {
    "program": pl.Utf8, "sebab": pl.Utf8, "kepesertaan_a": pl.Int64, "kepesertaan_b": pl.Int64,
    "kode_kabkota": pl.Utf8,
}  # fmt: skip
_LKS = {
    "person_id": pl.Int64, "nik": pl.Utf8, "layanan": pl.Utf8, "lks": pl.List(pl.Utf8),
    "jumlah_lks": pl.Int64, "kode_kabkota": pl.Utf8,
}  # fmt: skip


def _concat(frames: list[pl.DataFrame], schema: dict) -> pl.DataFrame:
    frames = [f.cast(schema) for f in frames if f.height]
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)


def _pairs(rows: list[tuple[int, int]], sebab: str) -> pl.DataFrame:
    """Unordered pairs of distinct ids, smaller first."""
    frame = pl.DataFrame(rows, schema={"a": pl.Int64, "b": pl.Int64}, orient="row")
    return (
        frame.filter(pl.col("a") != pl.col("b"))
        .select(x=pl.min_horizontal("a", "b"), y=pl.max_horizontal("a", "b"))
        .unique()
        .with_columns(sebab=pl.lit(sebab))
    )


def _groups_to_pairs(groups: pl.DataFrame, key: str, member: str, sebab: str) -> pl.DataFrame:
    joined = groups.join(groups, on=key, suffix="_b")
    return _pairs(list(joined.select(member, f"{member}_b").iter_rows()), sebab)


def _same_nik() -> pl.DataFrame:
    shared = (
        Person.objects.filter(nik__isnull=False)
        .values("nik")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("nik")
    )
    rows = Person.objects.filter(nik__in=shared).values_list("nik", "pk")
    groups = pl.DataFrame(list(rows), schema={"nik": pl.Utf8, "p": pl.Int64}, orient="row")
    return _groups_to_pairs(groups, "nik", "p", "nik_sama")


def _same_kk() -> pl.DataFrame:
    shared = (
        Household.objects.filter(no_kk__isnull=False)
        .values("no_kk")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("no_kk")
    )
    rows = Household.objects.filter(no_kk__in=shared).values_list("no_kk", "pk")
    groups = pl.DataFrame(list(rows), schema={"no_kk": pl.Utf8, "h": pl.Int64}, orient="row")
    return _groups_to_pairs(groups, "no_kk", "h", "no_kk_sama")


def _review_queue() -> pl.DataFrame:
    """Person pairs behind the records still waiting in the linkage review queue.

    Read by model name: linkage sits above programs in the layers (its merges
    move enrolments), so programs must not import it; it only reads the queue.
    """
    if not apps.is_installed("datusoban.penautan"):
        return _pairs([], "antrean_tinjauan")
    review = apps.get_model("linkage", "ReviewPair")
    waiting = review.objects.filter(
        status="menunggu", rekaman_l__person__isnull=False, rekaman_r__person__isnull=False
    ).values_list("rekaman_l__person_id", "rekaman_r__person_id")
    return _pairs(list(waiting), "antrean_tinjauan")


def twice(scope: QuerySet[Household] | None = None) -> pl.DataFrame:
    """One programme, two open enrolments of what may be one person or family."""
    person_pairs = pl.concat([_same_nik(), _review_queue()])
    members = person_pairs.select(p=pl.concat_list("x", "y")).explode("p").unique()
    homes = pl.DataFrame(
        _rows(Person.objects.filter(household__isnull=False), members["p"], "pk", "household_id"),
        schema={"p": pl.Int64, "h": pl.Int64},
        orient="row",
    )
    # Two people who may be one make their two families possibly one as well.
    family_pairs = (
        person_pairs.join(homes.rename({"p": "x", "h": "hx"}), on="x")
        .join(homes.rename({"p": "y", "h": "hy"}), on="y")
        .filter(pl.col("hx") != pl.col("hy"))
        .select(x=pl.min_horizontal("hx", "hy"), y=pl.max_horizontal("hx", "hy"), sebab="sebab")
    )
    family_pairs = pl.concat([family_pairs, _same_kk()]).unique(["x", "y"], keep="first")
    enrolled = open_enrolments(None, scope)
    personal = enrolled.filter(pl.col("person_id").is_not_null())
    family = enrolled.filter(pl.col("person_id").is_null())
    found = [
        _enrolled_pairs(person_pairs, personal, "person_id"),
        _enrolled_pairs(family_pairs, family, "household_id"),
    ]
    return _concat(found, _TWICE).unique(["kepesertaan_a", "kepesertaan_b"], keep="first")


def _enrolled_pairs(pairs: pl.DataFrame, enrolled: pl.DataFrame, key: str) -> pl.DataFrame:
    left = enrolled.select("program", x=key, kepesertaan_a="id", kode_kabkota="kode_kabkota")
    right = enrolled.select("program", y=key, kepesertaan_b="id")
    return (
        pairs.join(left, on="x")
        .join(right, on=["y", "program"])
        .select("program", "sebab", "kepesertaan_a", "kepesertaan_b", "kode_kabkota")
    )


def lks(scope: QuerySet[Household] | None = None) -> pl.DataFrame:
    """People on the client lists of two LKS for the same service (tumpang tindih).

    An LKS is a source of kind LKS, or the LKS column of a combined list; the
    service is the profile's ``layanan`` column. Which header holds each was
    recorded per batch when the file was imported (``kolom_dipakai``).
    """
    batches = ImportBatch.objects.filter(
        Q(source__jenis=Source.Jenis.LKS) | Q(profil="lks"), status=ImportBatch.Status.SELESAI
    ).select_related("source")
    parts = []
    for batch in batches:
        used = (batch.laporan or {}).get("kolom_dipakai", {})
        if "layanan" not in used:
            continue
        records = SourceRecord.objects.filter(batch=batch, person__isnull=False)
        if scope is not None:
            records = records.filter(person__household__in=scope.values("pk"))
        # The headers as written in the file: read as JSON keys, never as lookups.
        fields = {"layanan": KeyTextTransform(used["layanan"], "data")}
        if "lks_id" in used:
            fields["lks_id"] = KeyTextTransform(used["lks_id"], "data")
        rows = records.values_list("person_id", *fields.values())
        frame = pl.DataFrame(
            list(rows), schema={"person_id": pl.Int64, **dict.fromkeys(fields, pl.Utf8)},
            orient="row",
        )  # fmt: skip
        lks_id = pl.col("lks_id") if "lks_id" in fields else pl.lit(None, dtype=pl.Utf8)
        parts.append(
            frame.select(
                "person_id",
                layanan=pl.col("layanan").str.strip_chars().str.to_lowercase(),
                lks=pl.coalesce(
                    pl.lit(batch.source.kode + ":") + lks_id.str.strip_chars(),
                    pl.lit(batch.source.kode),
                ),
            )
        )
    clients = pl.concat(parts) if parts else pl.DataFrame(
        schema={"person_id": pl.Int64, "layanan": pl.Utf8, "lks": pl.Utf8}
    )  # fmt: skip
    clients = clients.filter(pl.col("layanan").is_not_null() & (pl.col("layanan") != ""))
    found = (
        clients.group_by("person_id", "layanan")
        .agg(lks=pl.col("lks").unique().sort())
        .with_columns(jumlah_lks=pl.col("lks").list.len().cast(pl.Int64))
        .filter(pl.col("jumlah_lks") > 1)
    )
    placed = pl.DataFrame(
        _rows(Person.objects.all(), found["person_id"], "pk", "nik", "household__kode_kabkota"),
        schema={"person_id": pl.Int64, "nik": pl.Utf8, "kode_kabkota": pl.Utf8},
        orient="row",
    )
    return _concat([found.join(placed, on="person_id", how="left").select(list(_LKS))], _LKS).sort(
        "person_id", "layanan"
    )


def overlaps(scope: QuerySet[Household] | None = None, on: date | None = None) -> Overlaps:
    """All three checks."""
    return Overlaps(exclusive(scope, on), twice(scope), lks(scope))
