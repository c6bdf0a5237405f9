"""`link_registry`: unlinked source records of import batches become persons, set-based.

New records are linked together with the already linked records that share
a blocking key with one of them (the only ones the model could compare them
with), so a new batch costs what it brings, not a re-run of the registry.
Then, per cluster of the run:

- only new records: a new Person, its fields chosen by survivorship;
- new records and one existing Person: the records attach to it (its
  golden fields are chosen again with them);
- new records and two or more existing Persons: nothing is merged
  automatically; the new records stay unlinked and their links go to the
  review queue, where a person decides.

Then the run's family cards become households (households.py), and records
already linked are never relinked. Uncertain pairs (the review band
and never-link patterns) go to the review queue with every field's evidence.
Everything is written in one transaction, with a LinkRun that says when, who,
how and what came of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from datusoban import db
from datusoban.penautan.blocking import RULES
from datusoban.penautan.columns import RECORD_ID
from datusoban.penautan.features import prepare
from datusoban.penautan.golden import write_golden
from datusoban.penautan.households import link_households
from datusoban.penautan.linking import link_records
from datusoban.penautan.model import PersonModel, load_model
from datusoban.penautan.models import LinkRun
from datusoban.penautan.policy import Thresholds, load_thresholds
from datusoban.penautan.registry_records import ids_in, interchange, read_records
from datusoban.penautan.review_queue import HELD_REASON, queue_pairs
from datusoban.penautan.survivorship import Survivorship, load_survivorship
from datusoban.registri.events import UPDATE, announce
from datusoban.registri.models import ImportBatch, Person, SourceRecord
from datusoban.registri.stats import refresh_counts


@dataclass(frozen=True)
class Policies:
    """Model, thresholds and survivorship rules of one run (the shipped ones by default)."""

    model: PersonModel
    thresholds: Thresholds
    survivorship: Survivorship

    @classmethod
    def shipped(cls) -> Policies:
        return cls(load_model(), load_thresholds(), load_survivorship())


def link_registry(
    *,
    user: str,
    batches: list[int] | None = None,
    engine: str = "duckdb",
    policies: Policies | None = None,
    as_of: date | None = None,
) -> LinkRun:
    """Link the unlinked records of `batches` (default: every finished batch) into the registry."""
    policies = policies or Policies.shipped()
    with transaction.atomic():
        run = LinkRun.objects.create(
            dijalankan_oleh=user,
            mesin=engine,
            versi_model=f"v{policies.model.version}: {policies.model.trained_on}"[:200],
            ambang={
                "match_probability": policies.thresholds.match_probability,
                "review_probability": policies.thresholds.review_probability,
                "never_link": [rule.reason for rule in policies.thresholds.never_link],
                "survivorship": policies.survivorship.as_json(),
            },
        )
        pending = SourceRecord.objects.filter(
            person__isnull=True, batch__status=ImportBatch.Status.SELESAI
        )
        if batches:
            pending = pending.filter(batch_id__in=batches)
        # Lock the batches being linked: a second run at the same time waits for
        # this one and then finds their records linked (PostgreSQL; SQLite
        # transactions already write one at a time).
        locked = ImportBatch.objects.select_for_update().filter(
            pk__in=pending.order_by().values("batch_id").distinct()
        )
        list(locked.values_list("pk", flat=True))
        new = read_records(pending)
        run.batch = sorted(new["batch"].unique().to_list())
        if new.height:
            _link(run, new, engine, policies, as_of)
            # Persons, households and PPKS were added: recount them per kab/kota.
            refresh_counts()
        run.selesai = timezone.now()
        run.save()
    return run


def _link(
    run: LinkRun, new: pl.DataFrame, engine: str, policies: Policies, as_of: date | None
) -> None:
    known = _comparison_records(new, as_of)
    records = pl.concat(
        [new.with_columns(is_new=pl.lit(True)), known.with_columns(is_new=pl.lit(False))]
    )
    result = link_records(
        interchange(records),
        model=policies.model,
        thresholds=policies.thresholds,
        engine=engine,
        as_of=as_of,
    )
    clusters = result.clusters.select(
        record=pl.col(RECORD_ID).cast(pl.Int64), cluster=pl.col("person_id")
    )
    records = records.join(clusters, on="record", how="left")
    owners = (
        records.filter(~pl.col("is_new"))
        .group_by("cluster")
        .agg(pl.col("person_db").unique().alias("owners"))
    )
    incoming = records.filter(pl.col("is_new")).join(owners, on="cluster", how="left")
    count = pl.col("owners").list.len().fill_null(0)
    attach = incoming.filter(count == 1).with_columns(person_db=pl.col("owners").list.first())
    held = incoming.filter(count >= 2)
    fresh = incoming.filter(count == 0)

    # New persons: one per cluster of new records only, ids reserved in one go.
    first = (
        db.reserve_ids(Person._meta.db_table, fresh["cluster"].n_unique()) if fresh.height else 0
    )
    numbered = fresh.select("cluster").unique(maintain_order=True).with_row_index("n")
    fresh = fresh.join(numbered, on="cluster").with_columns(
        person_db=(pl.col("n").cast(pl.Int64) + first)
    )
    placed = pl.concat([attach.select("record", "person_db"), fresh.select("record", "person_db")])
    db.update_frame(SourceRecord._meta.db_table, placed.select(id="record", person_id="person_db"))
    write_golden(
        new_persons=fresh.select(new.columns),
        touched=attach["person_db"].unique().to_list(),
        policy=policies.survivorship,
    )

    households = link_households(
        pl.concat([attach.select(new.columns), fresh.select(new.columns)]), as_of=as_of
    )

    final = records.select("record", "person_db").update(placed, on="record")
    queued = queue_pairs(
        run, result.pairs, final, new_records=set(new["record"]), held=set(held["record"]),
        held_reason=HELD_REASON,
    )  # fmt: skip
    # Subscribers hear of those whose records grew (of new persons: write_golden).
    announce(UPDATE, attach["person_db"].unique().to_list())
    run.rekaman_baru = new.height
    run.rekaman_pembanding = known.height
    run.orang_baru = numbered.height
    run.rekaman_ke_orang_lama = attach.height
    run.rekaman_ke_orang_baru = fresh.height
    run.rekaman_ditahan = held.height
    run.pasangan_tinjauan = queued
    run.keluarga_baru = households


def _comparison_records(new: pl.DataFrame, as_of: date | None) -> pl.DataFrame:
    """Linked records that share at least one blocking key with a new record."""
    linked = SourceRecord.objects.filter(person__isnull=False)
    frames = []
    # A first, generous cut in SQL (same NIK, birth date or name), then the
    # exact cut: the blocking keys themselves, computed as linkage computes them.
    for column in ("nik", "tanggal_lahir", "nama"):
        values = new[column].drop_nulls().unique().to_list()
        for chunk in ids_in(values):
            frames.append(read_records(linked.filter(Q(**{f"{column}__in": chunk}))))
    if not frames:
        return new.clear()
    candidates = pl.concat(frames).unique("record", maintain_order=True)
    if candidates.height == 0:
        return candidates
    features = prepare(interchange(pl.concat([new, candidates])), as_of=as_of).with_columns(
        is_new=pl.int_range(0, pl.len()) < new.height
    )
    ours, theirs = features.filter(pl.col("is_new")), features.filter(~pl.col("is_new"))
    sharing = pl.concat(
        [
            theirs.drop_nulls(list(rule))
            .join(ours.select(rule).drop_nulls().unique(), on=list(rule), how="semi")
            .select(RECORD_ID)
            for rule in RULES
        ]
    ).unique()
    keep = sharing[RECORD_ID].cast(pl.Int64)
    return candidates.filter(pl.col("record").is_in(keep.implode()))
