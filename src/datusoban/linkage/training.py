"""Train the person model on records: u from random pairs, m by EM or from labels.

Without labels (the everyday case: new real files) the m probabilities come
from expectation maximisation, in sessions blocked on rules that leave the
other fields free to be learnt. With a label column (synthetic sources with
their ground truth) m is counted directly from the true pairs.
"""

from __future__ import annotations

import logging
from datetime import date

import polars as pl
from splink import Linker
from splink.blocking_rule_library import CustomRule

from datusoban.linkage.blocking import rule_sql
from datusoban.linkage.comparisons import DIALECT
from datusoban.linkage.engines import open_session
from datusoban.linkage.features import prepare
from datusoban.linkage.model import PersonModel, from_splink_settings, splink_settings

LABEL = "label"

# Rules that admit almost no false matches: they set the prior.
_DETERMINISTIC = (
    "l.nik = r.nik AND l.nama_given = r.nama_given",
    "l.nama_key = r.nama_key AND l.tgl = r.tgl AND l.kab = r.kab",
)
_DETERMINISTIC_RECALL = 0.85

# EM sessions: each blocks on fields it therefore cannot learn, and learns the rest.
_EM_SESSIONS: tuple[tuple[str, ...], ...] = (
    ("nik",),
    ("nama_given", "tgl"),
    ("desa", "tgl_year", "jk"),
)


def train(
    records: pl.DataFrame,
    *,
    trained_on: str,
    labels: pl.Series | None = None,
    max_pairs: float = 2e6,
    seed: int = 2025,
    as_of: date | None = None,
    engine: str = "duckdb",
) -> PersonModel:
    """A model trained on `records` (interchange columns plus `source`).

    `labels`, when given, holds the true person of each record (same order).
    """
    features = prepare(records, as_of=as_of)
    if labels is not None:
        features = features.with_columns(labels.cast(pl.Utf8).alias(LABEL))
    with open_session(engine) as session:
        settings = splink_settings(None, session.dialect)
        linker = Linker(
            session.register(features, "__datusoban_training"),
            settings,
            log_level=logging.ERROR,
        )
        training = linker.training
        training.estimate_probability_two_random_records_match(
            [CustomRule(r, sql_dialect=DIALECT) for r in _DETERMINISTIC],
            recall=_DETERMINISTIC_RECALL,
        )
        training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
        if labels is not None:
            training.estimate_m_from_label_column(LABEL)
        else:
            # A session needs pairs: data without a desa or sex (FEBRL) skips its rule.
            for rule in _EM_SESSIONS:
                if any(features[c].null_count() == features.height for c in rule):
                    continue
                training.estimate_parameters_using_expectation_maximisation(
                    CustomRule(rule_sql(rule), sql_dialect=DIALECT),
                    estimate_without_term_frequencies=True,
                )
        trained = linker.misc.save_model_to_json()
    model = from_splink_settings(trained, trained_on)
    model.notes = {
        "method": "m from labels" if labels is not None else "m by EM",
        "records": records.height,
        "u_max_pairs": int(max_pairs),
        "seed": seed,
    }
    return model
