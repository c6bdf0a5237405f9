"""The methods compared: exact NIK, Splink as its documentation sets it up, and ours.

Each takes interchange records (plus `source`) and returns the person label
of every record (same order) and the blocking rules it compared pairs with,
as column tuples over its own prepared frame, for the blocking figures.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import polars as pl
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from datusoban.frames import map_unique
from datusoban.linkage.blocking import RULES
from datusoban.linkage.engines import open_session
from datusoban.linkage.features import date_or_none, prepare, with_interchange_columns
from datusoban.linkage.linking import link_records
from datusoban.linkage.model import PersonModel
from datusoban.linkage.nik_features import clean_nik
from datusoban.linkage.training import train


@dataclass
class Outcome:
    """What one method did on one data set."""

    labels: pl.Series
    blocking_frame: pl.DataFrame  # the columns its blocking rules read
    rules: tuple[tuple[str, ...], ...]


def exact_nik(records: pl.DataFrame) -> Outcome:
    """Records with the same (cleaned) NIK are one person; no NIK, no link."""
    nik = clean_nik(with_interchange_columns(records)["nik"])
    own = pl.Series(range(records.height)).cast(pl.Utf8)
    labels = pl.DataFrame({"nik": nik, "own": own}).select(
        pl.coalesce("nik", pl.lit("#") + pl.col("own"))
    )
    return Outcome(labels.to_series(), pl.DataFrame({"nik": nik}), (("nik",),))


# Splink's person-data set-up as its tutorials write it (NameComparison,
# DateOfBirthComparison, exact matches with term frequencies, blocking on
# pairs of exact fields, EM on two blocking rules, clustering at 0.95), over
# lightly cleaned interchange columns: upper case, trimmed, dates in ISO form.
_DEFAULT_THRESHOLD = 0.95
_DEFAULT_BLOCKING = (
    ("nik",),
    ("nama", "tanggal_lahir"),
    ("nama", "kode_wilayah"),
    ("tanggal_lahir", "kode_wilayah"),
)


def _default_frame(records: pl.DataFrame) -> pl.DataFrame:
    frame = with_interchange_columns(records)
    # The stated date only, in ISO form (no NIK-derived dates: that is ours).
    born = map_unique(frame["tanggal_lahir"].str.strip_chars(), date_or_none, pl.Date)
    upper = [
        pl.col(c).str.strip_chars().str.to_uppercase().alias(c)
        for c in ("nama", "nama_ibu_kandung", "kode_wilayah")
    ]
    return frame.select(
        pl.int_range(0, frame.height, dtype=pl.Int64).alias("unique_id"),
        *upper,
        pl.col("nik").str.strip_chars(),
        pl.col("jenis_kelamin").str.strip_chars().str.to_uppercase().str.slice(0, 1),
    ).with_columns(tanggal_lahir=born.dt.strftime("%Y-%m-%d"))


def splink_default(records: pl.DataFrame) -> Outcome:
    """Splink configured only as its documentation suggests for person data."""
    frame = _default_frame(records)
    present = [c for c in frame.columns if frame[c].null_count() < frame.height]
    comparisons = [
        cl.NameComparison("nama"),
        cl.DateOfBirthComparison("tanggal_lahir", input_is_string=True),
        cl.ExactMatch("nik"),
        cl.ExactMatch("jenis_kelamin"),
        cl.ExactMatch("kode_wilayah").configure(term_frequency_adjustments=True),
        cl.NameComparison("nama_ibu_kandung"),
    ]
    names = ["nama", "tanggal_lahir", "nik", "jenis_kelamin", "kode_wilayah", "nama_ibu_kandung"]
    comparisons = [c for c, n in zip(comparisons, names, strict=True) if n in present]
    rules = tuple(r for r in _DEFAULT_BLOCKING if all(c in present for c in r))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[block_on(*r) for r in rules],
    )
    with open_session("duckdb") as session:
        linker = Linker(session.register(frame, "baseline"), settings, log_level=logging.ERROR)
        linker.training.estimate_probability_two_random_records_match(
            [block_on(*rules[1])], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
        for rule in (("nama",), ("tanggal_lahir",)):
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(*rule))
        predictions = linker.inference.predict(threshold_match_probability=0.5)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, _DEFAULT_THRESHOLD
        )
        labelled = session.to_polars(clusters).select("unique_id", "cluster_id")
    labels = frame.select("unique_id").join(
        labelled, on="unique_id", how="left", maintain_order="left"
    )
    return Outcome(labels["cluster_id"].cast(pl.Utf8), frame, rules)


def ours(records: pl.DataFrame, model: PersonModel | None, *, train_on_input: bool) -> Outcome:
    """The Datu Soban model: the shipped one, or trained (EM) on the input itself."""
    if train_on_input:
        model = train(records, trained_on="evaluation input")
    result = link_records(records, model=model)
    return Outcome(result.clusters["person_id"], prepare(records), RULES)


__all__ = ["Outcome", "exact_nik", "ours", "splink_default"]
