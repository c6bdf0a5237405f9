"""The key indicators: kemandirian PPKS, KPM per year and per tahap, pendamping caseload.

Each reads its rows in one or two queries and counts with Polars or SQL
aggregates, for the whole province or a scope (a Household queryset from
``accounts.scope.scoped``).

Kemandirian PPKS (the office's IKU: PPKS who become independent and stay so):
a person *leaves dependency* on the day a PPKS period ends while no other PPKS
period of theirs is still running. They *stay independent* when no new PPKS
period starts within 12 months of that day, and *return* when one does. For
each kab/kota (of the person's current family) and year of leaving, the share
is stayed / (stayed + returned); people whose 12 months have not yet passed on
the reference date are counted apart (``menunggu``), not in the share. A person
who leaves twice in one year counts once, by their last leaving.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.db.models import Count, Q, QuerySet, Sum

from datusoban.program import rules
from datusoban.program.models import Kepesertaan, TahapBayar
from datusoban.program.queries import in_scope
from datusoban.registri.models import Household, PersonPPKS

NO_REGION = "-"  # people without a family are counted province-wide only


def _ppks_periods(scope: QuerySet[Household] | None) -> pl.DataFrame:
    rows = PersonPPKS.objects.all()
    if scope is not None:
        rows = rows.filter(person__household__in=scope.values("pk"))
    values = rows.values_list(
        "pk", "person_id", "mulai", "selesai", "person__household__kode_kabkota"
    )
    return pl.DataFrame(
        list(values.iterator(chunk_size=50_000)),
        schema={"id": pl.Int64, "person_id": pl.Int64, "mulai": pl.Date, "selesai": pl.Date,
                "kode_kabkota": pl.Utf8},
        orient="row",
    ).with_columns(pl.col("kode_kabkota").fill_null(NO_REGION))  # fmt: skip


def kemandirian(
    scope: QuerySet[Household] | None = None, as_of: date | None = None
) -> pl.DataFrame:
    """Per kab/kota and year: keluar, bertahan, kembali, menunggu, persen (see the module)."""
    as_of = as_of or date.today()
    periods = _ppks_periods(scope)
    ended = periods.filter(pl.col("selesai").is_not_null() & (pl.col("selesai") <= as_of))
    others = periods.select("person_id", o_id="id", o_mulai="mulai", o_selesai="selesai")
    # Still PPKS in another category on that day: not a departure from dependency.
    still = (
        ended.join(others, on="person_id")
        .filter(
            (pl.col("o_id") != pl.col("id"))
            & (pl.col("o_mulai").is_null() | (pl.col("o_mulai") <= pl.col("selesai")))
            & (pl.col("o_selesai").is_null() | (pl.col("o_selesai") > pl.col("selesai")))
        )
        .select("id")
        .unique()
    )
    left = (
        ended.join(still, on="id", how="anti")
        .with_columns(tahun=pl.col("selesai").dt.year())
        .sort("selesai")
        .unique(["person_id", "tahun"], keep="last")
        .with_columns(batas=pl.col("selesai").dt.offset_by("12mo"))
    )
    returned = (
        left.join(others, on="person_id")
        .filter((pl.col("o_mulai") > pl.col("selesai")) & (pl.col("o_mulai") <= pl.col("batas")))
        .select("id")
        .unique()
    )
    judged = left.with_columns(
        kembali=pl.col("id").is_in(returned["id"].implode()),
    ).with_columns(
        menunggu=~pl.col("kembali") & (pl.col("batas") > as_of),
    )
    return (
        judged.group_by("kode_kabkota", "tahun")
        .agg(
            keluar=pl.len(),
            kembali=pl.col("kembali").sum(),
            menunggu=pl.col("menunggu").sum(),
        )
        .with_columns(bertahan=pl.col("keluar") - pl.col("kembali") - pl.col("menunggu"))
        .with_columns(
            persen=pl.when(pl.col("bertahan") + pl.col("kembali") > 0).then(
                (100 * pl.col("bertahan") / (pl.col("bertahan") + pl.col("kembali"))).round(1)
            )
        )
        .select(
            "kode_kabkota",
            pl.col("tahun").cast(pl.Int64),
            *[pl.col(c).cast(pl.Int64) for c in ("keluar", "bertahan", "kembali", "menunggu")],
            "persen",
        )
        .sort("kode_kabkota", "tahun")
    )


def kpm_per_year(
    program: str = "PKH",
    scope: QuerySet[Household] | None = None,
    *,
    by_kabkota: bool = False,
    as_of: date | None = None,
) -> pl.DataFrame:
    """Families (or persons) receiving ``program`` at some time in each year, up to ``as_of``."""
    as_of = as_of or date.today()
    rows = Kepesertaan.objects.filter(
        in_scope(scope), program_id=program, mulai__isnull=False, mulai__lte=as_of
    )
    frame = pl.DataFrame(
        list(rows.values_list("mulai", "selesai", "kode_kabkota").iterator(chunk_size=50_000)),
        schema={"mulai": pl.Date, "selesai": pl.Date, "kode_kabkota": pl.Utf8},
        orient="row",
    )
    last = pl.coalesce(pl.col("selesai"), pl.lit(as_of)).dt.year()
    keys = ["kode_kabkota", "tahun"] if by_kabkota else ["tahun"]
    return (
        frame.with_columns(tahun=pl.int_ranges(pl.col("mulai").dt.year(), last + 1))
        .explode("tahun")
        .group_by(keys)
        .agg(kpm=pl.len().cast(pl.Int64))
        .with_columns(pl.col("tahun").cast(pl.Int64))
        .sort(keys)
    )


def kpm_per_tahap(program: str, tahun: int, scope: QuerySet[Household] | None = None) -> list[dict]:
    """Per stage of ``tahun``: families due, paid, failed, and the rupiah due and paid."""
    rows = TahapBayar.objects.filter(
        in_scope(scope, "kepesertaan__"), tahun=tahun, kepesertaan__program_id=program
    )
    return list(
        rows.values("tahap")
        .annotate(
            kpm=Count("kepesertaan_id", distinct=True),
            dibayar=Count("pk", filter=Q(status=TahapBayar.Status.DIBAYAR)),
            gagal=Count("pk", filter=Q(status=TahapBayar.Status.GAGAL)),
            jatuh_tempo=Count("pk", filter=Q(status=TahapBayar.Status.JATUH_TEMPO)),
            jumlah_jatuh_tempo=Sum("jumlah_jatuh_tempo"),
            jumlah_dibayar=Sum("jumlah_dibayar"),
        )
        .order_by("tahap")
    )


def pendamping_caseload(
    scope: QuerySet[Household] | None = None, on: date | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """PKH caseloads against the catalogue's norm (``norma_pendamping_kpm``).

    Returns (per pendamping: pendamping, kpm, kode_kabkota — where most of their
    families live —, rasio, di_atas_norma) and (per kab/kota: kpm,
    tanpa_pendamping, pendamping, kpm_per_pendamping, pendamping_dibutuhkan).
    """
    norm = caseload_norm(on)
    rows = Kepesertaan.objects.filter(in_scope(scope), program_id="PKH", status__in=rules.RECEIVING)
    counted = pl.DataFrame(
        list(rows.values("pendamping", "kode_kabkota").annotate(n=Count("pk")).values_list(
            "pendamping", "kode_kabkota", "n")),
        schema={"pendamping": pl.Utf8, "kode_kabkota": pl.Utf8, "n": pl.Int64},
        orient="row",
    )  # fmt: skip
    assigned = counted.filter(pl.col("pendamping").is_not_null())
    per_pendamping = (
        assigned.sort("n", "kode_kabkota", descending=[True, False])
        .group_by("pendamping", maintain_order=True)
        .agg(kpm=pl.col("n").sum(), kode_kabkota=pl.col("kode_kabkota").first())
        .with_columns(rasio=(pl.col("kpm") / norm).round(2), di_atas_norma=pl.col("kpm") > norm)
        .sort("kpm", "pendamping", descending=[True, False])
    )
    # A pendamping may serve families in more than one kab/kota: counted in each.
    per_kabkota = (
        counted.group_by("kode_kabkota")
        .agg(
            kpm=pl.col("n").sum(),
            tanpa_pendamping=pl.col("n").filter(pl.col("pendamping").is_null()).sum(),
            pendamping=pl.col("pendamping").drop_nulls().n_unique().cast(pl.Int64),
        )
        .with_columns(
            kpm_per_pendamping=pl.when(pl.col("pendamping") > 0).then(
                (pl.col("kpm") / pl.col("pendamping")).round(1)
            ),
            pendamping_dibutuhkan=(pl.col("kpm") / norm).ceil().cast(pl.Int64),
        )
        .sort("kode_kabkota")
    )
    return per_pendamping, per_kabkota


def caseload_norm(on: date | None = None) -> int:
    """KPM per pendamping the catalogue takes as the norm (configurable)."""
    return int(rules.parameters("PKH", on)["norma_pendamping_kpm"])


def exits_per_year(program: str = "PKH", scope: QuerySet[Household] | None = None) -> list[dict]:
    """Exits per year and reason; for PKH, graduasi alamiah / mandiri / paksa apart from
    the other reasons (died, moved, able, another aid, duplicate, not found)."""
    rows = Kepesertaan.objects.filter(
        in_scope(scope), program_id=program, status=rules.KELUAR, selesai__isnull=False
    )
    counted = (
        rows.values("selesai__year", "alasan_keluar")
        .annotate(jumlah=Count("pk"))
        .order_by("selesai__year", "alasan_keluar")
    )
    return [
        {
            "tahun": row["selesai__year"],
            "alasan": row["alasan_keluar"],
            "jenis": rules.exit_kind(program, row["alasan_keluar"]),
            "label": rules.reason_label(row["alasan_keluar"] or ""),
            "jumlah": row["jumlah"],
        }
        for row in counted
    ]
