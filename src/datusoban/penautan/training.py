"""Train the person model on records: u from random pairs, m by EM or from labels.

Without labels (the everyday case: new real files) the m probabilities come
from expectation maximisation, in sessions blocked on rules that leave the
other fields free to be learnt. With a label column (synthetic sources with
their ground truth) m is counted directly from the true pairs.

Registers differ in what they carry: one has NIKs and desa codes, another
(or a foreign test set) only names, birth dates and a postcode. Every rule
training uses is therefore chosen among those the records support: a rule on
a column that is empty or constant is skipped, and the model's notes say
which were used and which were not, and why.
"""

from __future__ import annotations

import logging
import math
from datetime import date
from typing import Any

import polars as pl
from splink import Linker
from splink.blocking_rule_library import CustomRule

from datusoban.formatting import angka
from datusoban.penautan.blocking import RULES, rule_sql
from datusoban.penautan.comparisons import DIALECT
from datusoban.penautan.engines import open_session
from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.features import prepare
from datusoban.penautan.input_notes import input_notes
from datusoban.penautan.model import PersonModel, from_splink_settings, splink_settings
from datusoban.penautan.rule_support import (
    Rule,
    informative,
    pair_count,
    union_pair_count,
    unusable_columns,
)

LABEL = "label"

# Rules that admit almost no false matches: they set the prior. The NIK rule
# where there are NIKs, and the first name-and-date rule the data supports
# (the region or sex narrows it where present).
_NIK_RULE: Rule = ("nik", "nama_given")
_NAME_DATE_RULES: tuple[Rule, ...] = (
    ("nama_key", "tgl", "kab"),
    ("nama_key", "tgl", "jk"),
    ("nama_key", "tgl"),
)
_DETERMINISTIC_RECALL = 0.85
# A deterministic rule whose groups would list more pairs than this is no
# deterministic rule for these records (one name and date shared by thousands).
_MAX_DETERMINISTIC_PAIRS = 20_000_000

# EM sessions: each blocks on fields it therefore cannot learn, and learns the
# rest. Within a group the first rule the records support runs (a birth date
# alone where few share one, else narrowed by sex or region), so that the
# name, the date and the other fields are each learnt in some session.
_EM_GROUPS: tuple[tuple[Rule, ...], ...] = (
    (("nik",),),
    (("nama_given", "tgl"),),
    (("tgl",), ("tgl", "jk"), ("tgl", "kab")),
    (("nama_key",), ("nama_key", "tgl_year")),
    # Blocked on how the name sounds, the name and the date are both learnt
    # in one session: where each duplicate has one error, a session blocked
    # on the exact name (or date) sees only duplicates with the other wrong.
    (("sound_in_year",),),
    (("desa", "tgl_year", "jk"),),
)
# The prior's re-estimation on the compared pairs: records sampled at most,
# rounds at most.
_PRIOR_SAMPLE = 200_000
_PRIOR_ROUNDS = 50

# Pairs above which an EM session is too slow to run on one machine.
_MAX_EM_PAIRS = 5_000_000

# Columns the comparisons read that can tell records apart; a file with none
# of them informative cannot be trained on.
_EVIDENCE = ("nama_key", "nik", "tgl", "jk", "kab", "ibu_key", "tempat", "alamat")


def _skip_reason(features: pl.DataFrame, rule: Rule, limit: int) -> str | None:
    """Why `rule` cannot be used on these records, or None when it can."""
    unusable = unusable_columns(features, rule)
    if unusable:
        return f"kolom kosong atau seragam: {', '.join(unusable)}"
    pairs = pair_count(features, rule)
    if pairs == 0:
        return "tidak ada pasangan"
    if pairs > limit:
        return f"{angka(pairs)} pasangan, lebih dari {angka(limit)}"
    return None


def _describe(rule: Rule) -> str:
    return " + ".join(rule)


def estimate_prior(features: pl.DataFrame, notes: dict[str, list[str]]) -> float:
    """Probability that two random records are the same person.

    From the deterministic rules the records support (their pairs over all
    pairs, divided by the rules' recall); with none, as if each record had
    one other record of the same person in the file.
    """
    total = features.height * (features.height - 1) // 2
    rules: list[Rule] = []
    for candidates in ((_NIK_RULE,), _NAME_DATE_RULES):
        for rule in candidates:
            reason = _skip_reason(features, rule, _MAX_DETERMINISTIC_PAIRS)
            if reason is None:
                rules.append(rule)
                break
            notes["skipped"].append(f"prior {_describe(rule)}: {reason}")
    observed = union_pair_count(features, rules) if rules else 0
    notes["prior_rules"] = [_describe(r) for r in rules]
    if observed == 0:
        notes["skipped"].append(
            "prior: tidak ada aturan deterministik yang berlaku; dianggap tiap rekaman "
            "punya satu pasangan"
        )
        return min(0.5, features.height / 2 / total)
    return min(0.5, observed / _DETERMINISTIC_RECALL / total)


def candidate_prior(
    features: pl.DataFrame,
    model: PersonModel,
    prior: float,
    notes: dict[str, Any],
    *,
    engine: str = "duckdb",
    seed: int = 2025,
) -> float:
    """The prior re-estimated from the pairs `link` compares, with m and u fixed.

    The deterministic rules assume they find 85% of the duplicates; where each
    duplicate carries an error (a register typed twice) they find almost none
    and the prior comes out orders of magnitude too small, so nothing links.
    Here the expected number of same-person pairs among the blocked pairs
    (the sum of their match probabilities) gives the prior, repeated until it
    settles: expectation maximisation of the prior alone. A large file is
    sampled: a random share of the records keeps the ratio of same-person
    pairs to all pairs.
    """
    if features.height > _PRIOR_SAMPLE:
        features = features.sample(_PRIOR_SAMPLE, seed=seed)
    total = features.height * (features.height - 1) / 2
    if total == 0:
        return prior
    with open_session(engine) as session:
        settings = splink_settings(model, session.dialect, term_frequencies=False)
        settings["probability_two_random_records_match"] = 0.5  # weights without the prior
        linker = Linker(
            session.register(features, "__datusoban_prior"), settings, log_level=logging.ERROR
        )
        predictions = linker.inference.predict(warning_mode="never")
        weights = session.to_polars(
            linker.misc.query_sql(
                # The table name is Splink's own, never input.
                "select round(match_weight, 2) as w, count(*) as n"  # noqa: S608
                f" from {predictions.physical_name} group by 1"
            )
        )
    estimate = prior
    for _ in range(_PRIOR_ROUNDS):
        odds = estimate / (1 - estimate)
        expected = (weights["n"] / (1 + 1 / (odds * 2.0 ** weights["w"]))).sum()
        settled, estimate = estimate, min(0.5, max(expected / total, 1 / total))
        if abs(math.log(estimate / settled)) < 0.01:
            break
    notes["prior_from_rules"] = prior
    notes["prior_from_candidates"] = estimate
    return max(prior, estimate)


def em_sessions(features: pl.DataFrame, notes: dict[str, list[str]]) -> list[Rule]:
    """The EM blocking rules these records support, one per group at most."""
    chosen: list[Rule] = []
    for group in _EM_GROUPS:
        for rule in group:
            reason = _skip_reason(features, rule, _MAX_EM_PAIRS)
            if reason is None:
                chosen.append(rule)
                break
            notes["skipped"].append(f"EM {_describe(rule)}: {reason}")
    notes["em_sessions"] = [_describe(r) for r in chosen]
    return chosen


def _check_trainable(features: pl.DataFrame) -> None:
    if features.height < 2:
        raise LinkInputError(
            f"hanya {features.height} rekaman: pelatihan butuh setidaknya dua rekaman"
        )
    if not any(informative(features, c) for c in _EVIDENCE):
        raise LinkInputError(
            "tidak ada kolom yang bisa dipakai untuk pelatihan: nama, NIK, tanggal lahir, "
            "jenis kelamin, kode wilayah, nama ibu, tempat lahir dan alamat semuanya kosong "
            "atau seragam"
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
    Raises LinkInputError when the records cannot train a model (fewer than
    two, or no column with information).
    """
    features = prepare(records, as_of=as_of)
    _check_trainable(features)
    notes: dict[str, list[str]] = {"skipped": []}
    prior = estimate_prior(features, notes)
    sessions = [] if labels is not None else em_sessions(features, notes)
    if labels is not None:
        features = features.with_columns(labels.cast(pl.Utf8).alias(LABEL))
    with open_session(engine) as session:
        settings = splink_settings(None, session.dialect)
        settings["probability_two_random_records_match"] = prior
        linker = Linker(
            session.register(features, "__datusoban_training"),
            settings,
            log_level=logging.ERROR,
        )
        training = linker.training
        training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
        if labels is not None:
            training.estimate_m_from_label_column(LABEL)
        for rule in sessions:
            try:
                training.estimate_parameters_using_expectation_maximisation(
                    CustomRule(rule_sql(rule), sql_dialect=DIALECT),
                    estimate_without_term_frequencies=True,
                )
            # A session on few pairs can degenerate (every pair a match or
            # none, an m of 0); the other sessions still train every field.
            except ValueError:
                notes["skipped"].append(
                    f"EM {_describe(rule)}: tidak konvergen (sebuah peluang m menjadi 0)"
                )
                notes["em_sessions"].remove(_describe(rule))
        trained = linker.misc.save_model_to_json()
    trained["probability_two_random_records_match"] = prior
    model = from_splink_settings(trained, trained_on)
    if labels is None:
        model.prior = candidate_prior(features, model, prior, notes, engine=engine, seed=seed)
    model.notes = {
        "method": "m from labels" if labels is not None else "m by EM",
        "records": records.height,
        "u_max_pairs": int(max_pairs),
        "seed": seed,
        **notes,
        "input": input_notes(records, features, RULES),
    }
    return model
