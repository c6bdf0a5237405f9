"""Splink set up on each data set's own columns as Splink's documentation sets it up.

FEBRL 1-3 follow Splink's FEBRL3 deduplication example and FEBRL 4 its
FEBRL4 link-only example (docs/demos/examples/duckdb/febrl3 and febrl4 in the
Splink repository): the same comparisons, term frequencies, blocking rules,
prior, u sampling, EM sessions and prediction threshold. The FEBRL3 example
stops at pairwise predictions; the clustering threshold (0.99) is the one its
FEBRL4 sibling clusters at. Splink has no RLdata example, so RLdata follows its
person-data guidance as the 50k synthetic-person example applies it (name
comparisons with term frequencies, a date-of-birth comparison, blocking on
pairs of exact fields, EM blocked on name and on birth date, clusters at
0.95). The synthetic sources are already in the interchange format: there
the same guidance is applied to the interchange columns.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import polars as pl
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from datusoban.frames import map_unique
from datusoban.penautan.engines import open_session
from datusoban.penautan.evaluation.datasets import EvalData
from datusoban.penautan.evaluation.methods import Outcome, Rule
from datusoban.penautan.features import date_or_none, with_interchange_columns


@dataclass(frozen=True)
class Setup:
    """One documented Splink set-up: what it compares, blocks on and trains with."""

    link_type: str
    comparisons: list
    blocking: tuple[Rule, ...]
    prior_rules: tuple[Rule, ...]
    prior_recall: float
    em_rules: tuple[Rule, ...]
    em_without_tf: bool
    predict_threshold: float
    cluster_threshold: float
    u_seed: int | None = None


def _sql(rule: Rule) -> str:
    """A rule as Splink SQL: `l.x = r.x`, or `l.x = r.y` for a (x, y) pair."""
    terms = [(t, t) if isinstance(t, str) else t for t in rule]
    return " AND ".join(f'l."{a}" = r."{b}"' for a, b in terms)


def _rule(rule: Rule):
    return block_on(*rule) if all(isinstance(t, str) for t in rule) else _sql(rule)


def _febrl_dedupe(with_id: bool) -> Setup:
    return _without_id(
        Setup(
            link_type="dedupe_only",
            comparisons=[
                cl.NameComparison("given_name"),
                cl.NameComparison("surname"),
                # The example parses every date; FEBRL's corrupted ones (day 31 of
                # a 30-day month) would stop DuckDB, so they count as unknown, as
                # the FEBRL4 example sets it.
                cl.DateOfBirthComparison(
                    "date_of_birth",
                    input_is_string=True,
                    datetime_format="%Y%m%d",
                    invalid_dates_as_null=True,
                ),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            ],
            blocking=(
                ("soc_sec_id",),
                ("given_name",),
                ("surname",),
                ("date_of_birth",),
                ("postcode",),
            ),
            prior_rules=(
                ("soc_sec_id",),
                ("given_name", "surname", "date_of_birth"),
                (("given_name", "surname"), ("surname", "given_name"), "date_of_birth"),
            ),
            prior_recall=0.9,
            em_rules=(("date_of_birth",), ("postcode",)),
            em_without_tf=False,
            predict_threshold=0.2,
            cluster_threshold=0.99,
            u_seed=2,
        ),
        with_id,
    )


def _febrl_link(with_id: bool) -> Setup:
    return _without_id(
        Setup(
            link_type="link_only",
            comparisons=[
                cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                cl.DateOfBirthComparison(
                    "date_of_birth",
                    input_is_string=True,
                    datetime_format="%Y%m%d",
                    invalid_dates_as_null=True,
                ),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                    term_frequency_adjustments=True
                ),
            ],
            blocking=(
                ("given_name", "surname"),
                (("given_name", "surname"), ("surname", "given_name")),
                ("date_of_birth",),
                ("soc_sec_id",),
                ("state", "address_1"),
                ("street_number", "address_1"),
                ("postcode",),
            ),
            prior_rules=(("soc_sec_id",), ("given_name", "surname", "date_of_birth")),
            prior_recall=0.8,
            em_rules=(("date_of_birth",), ("postcode",)),
            em_without_tf=True,
            predict_threshold=0.2,
            cluster_threshold=0.99,
        ),
        with_id,
    )


FEBRL_ID = "soc_sec_id"


def _without_id(setup: Setup, with_id: bool) -> Setup:
    """The FEBRL set-up as is, or without the identifier interchange cannot carry.

    The second shows what Splink does with the information our model gets.
    """
    if with_id:
        return setup

    def free(rule: Rule) -> bool:
        return FEBRL_ID not in str(rule)

    return dataclasses.replace(
        setup,
        comparisons=[
            c
            for c in setup.comparisons
            if FEBRL_ID not in str(c.get_comparison("duckdb").as_dict())
        ],
        blocking=tuple(r for r in setup.blocking if free(r)),
        prior_rules=tuple(r for r in setup.prior_rules if free(r)),
    )


def _rldata() -> Setup:
    return Setup(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("fname_c1").configure(term_frequency_adjustments=True),
            cl.NameComparison("lname_c1").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True, invalid_dates_as_null=True),
        ],
        blocking=(
            ("fname_c1", "lname_c1"),
            ("lname_c1", "by"),
            ("fname_c1", "by"),
            ("by", "bm", "bd"),
        ),
        # Every RLdata duplicate carries one error, so no pair agrees on name
        # and full date at once: the near-deterministic rules each allow one.
        prior_rules=(("lname_c1", "dob"), ("fname_c1", "dob"), ("fname_c1", "lname_c1", "by")),
        prior_recall=0.6,
        em_rules=(("fname_c1", "lname_c1"), ("dob",)),
        em_without_tf=False,
        predict_threshold=0.2,
        cluster_threshold=0.95,
    )


_INTERCHANGE_BLOCKING: tuple[Rule, ...] = (
    ("nik",),
    ("nama", "tanggal_lahir"),
    ("nama", "kode_wilayah"),
    ("tanggal_lahir", "kode_wilayah"),
)


def _interchange_frame(records: pl.DataFrame) -> pl.DataFrame:
    """Lightly cleaned interchange columns: upper case, trimmed, stated dates in ISO form."""
    frame = with_interchange_columns(records)
    born = map_unique(frame["tanggal_lahir"].str.strip_chars(), date_or_none, pl.Date)
    upper = [
        pl.col(c).str.strip_chars().str.to_uppercase().alias(c)
        for c in ("nama", "nama_ibu_kandung", "kode_wilayah")
    ]
    return frame.select(
        *upper,
        pl.col("nik").str.strip_chars(),
        pl.col("jenis_kelamin").str.strip_chars().str.to_uppercase().str.slice(0, 1),
    ).with_columns(tanggal_lahir=born.dt.strftime("%Y-%m-%d"))


def _interchange(frame: pl.DataFrame) -> Setup:
    present = {c for c in frame.columns if frame[c].null_count() < frame.height}
    named = [
        ("nama", cl.NameComparison("nama")),
        ("tanggal_lahir", cl.DateOfBirthComparison("tanggal_lahir", input_is_string=True)),
        ("nik", cl.ExactMatch("nik")),
        ("jenis_kelamin", cl.ExactMatch("jenis_kelamin")),
        ("kode_wilayah", cl.ExactMatch("kode_wilayah").configure(term_frequency_adjustments=True)),
        ("nama_ibu_kandung", cl.NameComparison("nama_ibu_kandung")),
    ]
    blocking = tuple(r for r in _INTERCHANGE_BLOCKING if set(r) <= present)
    return Setup(
        link_type="dedupe_only",
        comparisons=[c for name, c in named if name in present],
        blocking=blocking,
        prior_rules=(("nama", "tanggal_lahir"),),
        prior_recall=0.7,
        em_rules=(("nama",), ("tanggal_lahir",)),
        em_without_tf=False,
        predict_threshold=0.5,
        cluster_threshold=0.95,
    )


def has_identifier(data: EvalData) -> bool:
    """Whether Splink's set-up for `data` uses an identifier our records do not carry."""
    return data.setup.startswith("febrl")


def setup_for(data: EvalData, *, with_id: bool = True) -> tuple[Setup, pl.DataFrame]:
    """The documented set-up for this data set and the frame it reads."""
    if data.setup == "interchange":
        frame = _interchange_frame(data.records)
        return _interchange(frame), frame
    if data.setup == "febrl_dedupe":
        return _febrl_dedupe(with_id), data.original
    if data.setup == "febrl_link":
        return _febrl_link(with_id), data.original
    return _rldata(), data.original


def splink_tutorial(data: EvalData, *, with_id: bool = True) -> Outcome:
    """Splink trained and run on `data` as its documentation sets it up.

    `with_id=False` leaves out the identifier (FEBRL's soc_sec_id) from the
    comparisons and rules, everything else as documented.
    """
    setup, frame = setup_for(data, with_id=with_id)
    frame = frame.with_columns(pl.int_range(0, frame.height, dtype=pl.Int64).alias("unique_id"))
    settings = SettingsCreator(
        link_type=setup.link_type,
        comparisons=setup.comparisons,
        blocking_rules_to_generate_predictions=[_rule(r) for r in setup.blocking],
    )
    link_only = setup.link_type == "link_only"
    with open_session("duckdb") as session:
        if link_only:
            inputs = [
                session.register(part, f"input_{i}")
                for i, part in enumerate(frame.partition_by("source_dataset", maintain_order=True))
            ]
        else:
            inputs = session.register(frame, "input_0")
        linker = Linker(inputs, settings, log_level=logging.ERROR)
        training = linker.training
        training.estimate_probability_two_random_records_match(
            [_rule(r) for r in setup.prior_rules], recall=setup.prior_recall
        )
        training.estimate_u_using_random_sampling(max_pairs=1e6, seed=setup.u_seed)
        for rule in setup.em_rules:
            training.estimate_parameters_using_expectation_maximisation(
                _rule(rule), estimate_without_term_frequencies=setup.em_without_tf
            )
        predictions = linker.inference.predict(threshold_match_probability=setup.predict_threshold)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, setup.cluster_threshold
        )
        labelled = session.to_polars(clusters).select("unique_id", "cluster_id")
    labels = frame.select("unique_id").join(
        labelled, on="unique_id", how="left", maintain_order="left"
    )
    across = frame["source_dataset"] if link_only else None
    return Outcome(labels["cluster_id"].cast(pl.Utf8), frame, setup.blocking, across)
