"""Link person records: the one entry point for the CLI and, next, the registry.

`link_records` takes a Polars frame of interchange records with a `source`
column and returns the cluster of every record and the scored pairs with the
match weight of each field (the evidence a reviewer sees).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from splink import Linker

from datusoban.penautan.blocking import RULES
from datusoban.penautan.engines import open_session
from datusoban.penautan.features import prepare
from datusoban.penautan.input_notes import input_notes
from datusoban.penautan.model import (
    MIN_RECORDS_FOR_TERM_FREQUENCIES,
    PersonModel,
    load_model,
    splink_settings,
)
from datusoban.penautan.pairs import scored_pairs
from datusoban.penautan.person_ids import assign_person_ids
from datusoban.penautan.policy import Thresholds, load_thresholds


@dataclass
class LinkResult:
    """What a linking run found.

    clusters: one row per input record, in input order: `source`, `record_id`,
      `person_id`, `cluster_size`, `link_probability` (the strongest link that
      put the record in its cluster; null for a record linked to nobody).
    pairs: every pair scored at or above the review threshold: both records'
      `source`/`record_id`, `match_probability`, `match_weight`, `status`
      (`link` or `review`), `never_link` (the reason a family pattern keeps a
      probable pair apart, else null) and per comparison `mw_<name>` (its
      match weight) and `level_<name>` (the level label that applied).
    input_notes: per source file, the values that could not be read and the
      share of records blocking compared with nothing (input_notes.py).
    """

    clusters: pl.DataFrame
    pairs: pl.DataFrame
    input_notes: dict[str, Any] = field(default_factory=dict)


def link_records(
    records: pl.DataFrame,
    *,
    model: PersonModel | None = None,
    thresholds: Thresholds | None = None,
    engine: str = "duckdb",
    as_of: date | None = None,
    threads: int | None = None,
) -> LinkResult:
    """Cluster `records` (interchange columns plus `source`) into persons.

    `(source, record_id)` must be unique. The model and thresholds default to
    the shipped ones.
    """
    model = model or load_model()
    thresholds = thresholds or load_thresholds()
    features = prepare(records, as_of=as_of)
    with open_session(engine, threads=threads) as session:
        table = session.register(features, "__datusoban_records")
        settings = splink_settings(
            model,
            session.dialect,
            term_frequencies=features.height >= MIN_RECORDS_FOR_TERM_FREQUENCIES,
        )
        linker = Linker(table, settings, log_level=logging.ERROR)
        predictions = linker.inference.predict(
            threshold_match_probability=thresholds.review_probability, warning_mode="never"
        )
        raw_pairs = session.to_polars(predictions)
    pairs = scored_pairs(raw_pairs, model, thresholds)
    clusters = assign_person_ids(features, pairs)
    notes = input_notes(records, features, RULES)
    return LinkResult(clusters=clusters, pairs=pairs, input_notes=notes)
