"""The methods compared: exact matching, our shipped model and our model retrained.

Each takes a data set and returns the person label of every record (same
order) and the blocking rules it compared pairs with, for the blocking
figures. Splink as its tutorials set it up lives in `splink_tutorial.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from datusoban.penautan.evaluation.datasets import EvalData
from datusoban.penautan.features import prepare, with_interchange_columns
from datusoban.penautan.linking import link_records
from datusoban.penautan.model import PersonModel
from datusoban.penautan.nik_features import clean_nik
from datusoban.penautan.training import train

# A blocking rule as the figures read it: each element a column equal on both
# records, or a (left, right) pair of columns (e.g. given name = surname).
RuleTerm = str | tuple[str, str]
Rule = tuple[RuleTerm, ...]


@dataclass
class Outcome:
    """What one method did on one data set."""

    labels: pl.Series
    blocking_frame: pl.DataFrame  # the columns its blocking rules read, same rows
    rules: tuple[Rule, ...]
    # For a link-only set-up: the file of each record (pairs within one file
    # are never compared); None when every pair may be.
    across: pl.Series | None = None


def _own_labels(height: int) -> pl.Expr:
    return pl.lit("#") + pl.int_range(0, height).cast(pl.Utf8)


def exact(data: EvalData) -> Outcome:
    """Records agreeing exactly are one person: on the NIK when the data set has
    one, else on full name and date of birth; a record missing them links to nobody.
    """
    frame = with_interchange_columns(data.records)
    nik = clean_nik(frame["nik"])
    if nik.null_count() < nik.len():
        keys = pl.DataFrame({"nik": nik})
    else:
        keys = frame.select(
            pl.col("nama")
            .str.to_uppercase()
            .str.replace_all(r"[^A-Z]+", " ")
            .str.strip_chars()
            .replace("", None),
            pl.col("tanggal_lahir").str.strip_chars().replace("", None),
        )
    columns = keys.columns
    labels = keys.select(
        pl.when(pl.all_horizontal(pl.col(c).is_not_null() for c in columns))
        .then(pl.concat_str(columns, separator="|"))
        .otherwise(_own_labels(keys.height))
    ).to_series()
    return Outcome(labels, keys, (tuple(columns),))


def ours_shipped(data: EvalData, model: PersonModel | None) -> Outcome:
    """`datusoban link` as is: the shipped model (or the one given)."""
    result = link_records(data.records, model=model)
    return Outcome(result.clusters["person_id"], prepare(data.records), _our_rules())


def ours_retrained(data: EvalData, *, with_id: bool = False) -> Outcome:
    """Our model retrained as `link-train` does (EM, no labels), then linked.

    It is trained on the data set itself, as Splink's tutorials train theirs,
    or, for synthetic sources, on a population of another seed. `with_id`
    puts the data set's own identifier (FEBRL's soc_sec_id) in the `nik`
    column, where a number that is no NIK is compared as another kind of id.
    """
    records = data.records
    if with_id:
        records = records.with_columns(data.original["soc_sec_id"].alias("nik"))
    source = data.training_records if data.training_records is not None else records
    model = train(source, trained_on=f"evaluation: {data.name}")
    result = link_records(records, model=model)
    return Outcome(result.clusters["person_id"], prepare(records), _our_rules())


def _our_rules() -> tuple[Rule, ...]:
    # Read at call time: the blocking module defines the rules `link` uses.
    from datusoban.penautan.blocking import RULES

    return tuple(tuple(rule) for rule in RULES)


__all__ = ["Outcome", "Rule", "exact", "ours_retrained", "ours_shipped"]
