"""Fill the review queue from a run's scored pairs, with each field's evidence."""

from __future__ import annotations

import polars as pl

from datusoban import db
from datusoban.penautan.models import LinkRun, ReviewPair
from datusoban.penautan.registry_records import ids_in

# Why a held record's links wait in the queue: they would join persons the registry
# already holds, which linkage never does by itself (the review pages name it so).
HELD_REASON = "menyatukan orang yang sudah ada di registri: perlu keputusan petugas"


def evidence(pairs: pl.DataFrame) -> pl.Expr:
    """JSON text per pair: {comparison: {"bobot": match weight, "tingkat": level label}}."""
    names = [c.removeprefix("mw_") for c in pairs.columns if c.startswith("mw_")]
    return pl.struct(
        [
            pl.struct(bobot=pl.col(f"mw_{name}").round(4), tingkat=pl.col(f"level_{name}")).alias(
                name
            )
            for name in names
        ]
    ).struct.json_encode()


def queue_pairs(
    run: LinkRun,
    pairs: pl.DataFrame,
    placed: pl.DataFrame,
    *,
    new_records: set[int],
    held: set[int],
    held_reason: str,
) -> int:
    """Queue the uncertain pairs that involve a new record, and the links of held records.

    `placed`: `record`, `person_db` after the run. A pair whose two records
    now belong to one person needs no decision; a pair already queued is not
    queued twice. Returns how many pairs were queued.
    """
    ids = pairs.with_columns(
        a=pl.col("record_id_l").cast(pl.Int64), b=pl.col("record_id_r").cast(pl.Int64)
    ).with_columns(l=pl.min_horizontal("a", "b"), r=pl.max_horizontal("a", "b"))
    news = pl.Series(sorted(new_records), dtype=pl.Int64).implode()
    helds = pl.Series(sorted(held), dtype=pl.Int64).implode()
    touches_new = pl.col("l").is_in(news) | pl.col("r").is_in(news)
    touches_held = pl.col("l").is_in(helds) | pl.col("r").is_in(helds)
    wanted = ids.filter(
        (touches_new & (pl.col("status") == "review"))
        | ((pl.col("status") == "link") & touches_held)
    )
    owner = placed.select("record", "person_db")
    wanted = (
        wanted.join(owner.rename({"record": "l", "person_db": "p_l"}), on="l", how="left")
        .join(owner.rename({"record": "r", "person_db": "p_r"}), on="r", how="left")
        .filter(
            pl.col("p_l").is_null() | pl.col("p_r").is_null() | (pl.col("p_l") != pl.col("p_r"))
        )
    )
    already = [
        row
        for chunk in ids_in(wanted["l"].unique().to_list())
        for row in ReviewPair.objects.filter(rekaman_l_id__in=chunk).values_list(
            "rekaman_l_id", "rekaman_r_id"
        )
    ]
    if already:
        seen = pl.DataFrame(already, schema={"l": pl.Int64, "r": pl.Int64}, orient="row")
        wanted = wanted.join(seen, on=["l", "r"], how="anti")
    wanted = wanted.unique(["l", "r"], maintain_order=True)
    if wanted.height == 0:
        return 0
    first = db.reserve_ids(ReviewPair._meta.db_table, wanted.height)
    rows = wanted.select(
        id=pl.int_range(first, first + wanted.height, dtype=pl.Int64),
        run_id=pl.lit(run.pk, dtype=pl.Int64),
        rekaman_l_id="l",
        rekaman_r_id="r",
        match_probability="match_probability",
        match_weight="match_weight",
        bukti=evidence(wanted),
        alasan=pl.when(pl.col("status") == "link")
        .then(pl.lit(held_reason))
        .otherwise(pl.col("never_link").fill_null("")),
        status=pl.lit(ReviewPair.Status.MENUNGGU.value),
        diputus_oleh=pl.lit(""),
        diputus_pada=pl.lit(None, dtype=pl.Datetime("us")),
    )
    db.insert_frame(ReviewPair._meta.db_table, rows)
    return rows.height
