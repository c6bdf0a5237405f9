"""From interchange records to the columns the model compares, set-based.

Each feature is computed once per distinct value where Python is needed
(names, unusual dates and NIKs) and with Polars expressions everywhere else,
so a million records take seconds, not minutes.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from datusoban.frames import map_unique
from datusoban.identity.dates import PLACEHOLDER_DAY_MONTHS, parse_date
from datusoban.identity.errors import IdentityError
from datusoban.penautan.columns import INTERCHANGE, RECORD_ID, SOURCE, UNIQUE_ID
from datusoban.penautan.name_features import name_columns
from datusoban.penautan.nik_features import clean_nik, decoded

# What the registers write for sex (docs/INTERCHANGE.md "jenis_kelamin": L/P, also
# LAKI-LAKI/PEREMPUAN and the other words listed there).
SEXES = {
    "L": "L", "LK": "L", "LAKI-LAKI": "L", "LAKI LAKI": "L", "LAKI": "L", "PRIA": "L",
    "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P",
}  # fmt: skip

# Relations to the head of family, folded to one word each. SUAMI sits with
# ISTRI: a couple swap head-of-family between sources more often than not.
RELATIONS = {
    "KEPALA KELUARGA": "KEPALA", "KEPALA": "KEPALA", "KK": "KEPALA",
    "ISTRI": "PASANGAN", "SUAMI": "PASANGAN", "ISTERI": "PASANGAN",
    "ANAK": "ANAK", "ANAK KANDUNG": "ANAK", "ANAK ANGKAT": "ANAK", "ANAK TIRI": "ANAK",
    "CUCU": "CUCU", "MENANTU": "MENANTU",
    "ORANG TUA": "ORANG_TUA", "MERTUA": "ORANG_TUA", "FAMILI LAIN": "FAMILI", "LAINNYA": "LAIN",
}  # fmt: skip

FEATURES = (
    UNIQUE_ID,
    SOURCE,
    RECORD_ID,
    "nama_key",
    "nama_sorted",
    "nama_joined",
    "nama_tokens",
    "nama_plain",
    "nama_rare",
    "nama_rare_key",
    "nama_given",
    "nama_initial",
    "nama_last",
    "nama_sound",
    "nik",
    "nik_head",
    "nik_digits",
    "nik_front",
    "nik_back",
    "nik_birth",
    "nik_ok",
    "nik_home",
    "nik_jk",
    "tgl",
    "tgl_year",
    "tgl_weak",
    "jk",
    "desa",
    "kec",
    "kab",
    "ibu_key",
    "ibu_given",
    "tempat",
    "hubungan",
    "alamat",
    "nama_in_kab",
    "ibu_in_year",
    "tgl_rare",
    "nama_in_year",
    "sound_in_year",
    "sound_rare",
    "given_in_month",
    "given_on_day",
    "last_in_month",
    "last_on_day",
    "last_rare",
    "given_in_kab",
    "last_in_kab",
)

# A blocking key shared by more records than this is left out (null) for
# that rule: a very common name in a kab/kota (RAHMAH, MUHAMMAD RIZKI) would
# make tens of millions of pairs that other rules already cover better. FEBRL
# and rare names keep the rule; compared pairs stay bounded.
BLOCK_GROUP_CAP = 20
# The keys for a mistyped birth date are looser (a year, a month): a key
# shared by more than this few records is left out, so that a million
# records do not double the compared pairs.
LOOSE_GROUP_CAP = 5
_ALL = pl.lit("")  # a capped key counted over all records
_year = pl.col("tgl").str.slice(0, 4)
_month = pl.col("tgl").str.slice(0, 7)
_day = pl.col("tgl").str.slice(5, 5)
_other_id = pl.when(pl.col("nik").str.len_chars() != 16).then(pl.col("nik"))


def date_or_none(value: str) -> date | None:
    """identity.parse_date, or None for what it refuses."""
    try:
        return parse_date(value)
    except IdentityError:
        return None


def _letters(expr: pl.Expr) -> pl.Expr:
    """Upper case, anything but letters and digits as one space; empty becomes null."""
    text = expr.str.to_uppercase().str.replace_all(r"[^A-Z0-9]+", " ").str.strip_chars()
    return pl.when(text != "").then(text)


def _placeholder(born: pl.Expr) -> pl.Expr:
    key = born.dt.day().cast(pl.Int32) * 100 + born.dt.month().cast(pl.Int32)
    return key.is_in([d * 100 + m for d, m in sorted(PLACEHOLDER_DAY_MONTHS)])


def with_interchange_columns(records: pl.DataFrame) -> pl.DataFrame:
    """Every interchange column present (missing optional ones as nulls), all text."""
    missing = [c for c in INTERCHANGE if c not in records.columns]
    return records.with_columns(pl.lit(None, dtype=pl.Utf8).alias(c) for c in missing)


def prepare(records: pl.DataFrame, *, as_of: date | None = None) -> pl.DataFrame:
    """The feature frame (columns FEATURES) for records with `source` and interchange columns.

    `unique_id` is the row number, in input order. `as_of` fixes the century
    of a NIK's two-digit year (default: today).
    """
    as_of = as_of or date.today()
    frame = with_interchange_columns(records).with_columns(
        pl.col(c).cast(pl.Utf8) for c in INTERCHANGE
    )
    names = name_columns(frame["nama"], "nama")
    mothers = name_columns(frame["nama_ibu_kandung"], "ibu").select("ibu_key", "ibu_given")
    nik = clean_nik(frame["nik"])
    stated = map_unique(frame["tanggal_lahir"].str.strip_chars(), date_or_none, pl.Date)
    region = frame["kode_wilayah"].str.replace_all(r"[^0-9]", "")
    base = pl.DataFrame(
        {
            UNIQUE_ID: pl.int_range(0, frame.height, eager=True, dtype=pl.Int64),
            SOURCE: frame[SOURCE],
            RECORD_ID: frame[RECORD_ID],
            "nik": nik,
            "stated_tgl": stated,
            "stated_jk": frame["jenis_kelamin"]
            .str.strip_chars()
            .str.to_uppercase()
            .str.replace_all(r"\s+", " ")
            .replace_strict(SEXES, default=None, return_dtype=pl.Utf8),
            "region": region,
            "hubungan": frame["hubungan_keluarga"]
            .str.strip_chars()
            .str.to_uppercase()
            .str.replace_all(r"\s+", " ")
            .replace_strict(RELATIONS, default=None, return_dtype=pl.Utf8),
            # The name's letters as written, not respelled (for the typo level).
            "nama_plain": frame.select(
                pl.col("nama").str.to_uppercase().str.replace_all(r"[^A-Z]", "")
            )
            .to_series()
            .replace("", None),
            "tempat_raw": frame["tempat_lahir"],
            "alamat_raw": frame["alamat"],
        }
    )
    base = pl.concat([base, names, mothers], how="horizontal")
    nik_parts = decoded(pl.col("nik"), as_of)
    base = base.with_columns(**nik_parts)
    stated_tgl, stated_jk = pl.col("stated_tgl"), pl.col("stated_jk")
    # A NIK agrees with its record when what it encodes fits what the record
    # says. A child's row carrying the mother's NIK does not: that is the
    # signal that keeps the two apart.
    tgl_agrees = (
        stated_tgl.is_null()
        | (pl.col("nik_tgl") == stated_tgl)
        | (_placeholder(stated_tgl) & (pl.col("nik_tgl").dt.year() == stated_tgl.dt.year()))
    )
    jk_agrees = stated_jk.is_null() | (pl.col("nik_jk") == stated_jk)
    born = pl.coalesce(stated_tgl, pl.col("nik_tgl"))
    region_ = pl.col("region")
    return (
        base.select(
            UNIQUE_ID,
            SOURCE,
            RECORD_ID,
            "nama_key",
            "nama_sorted",
            "nama_joined",
            "nama_tokens",
            "nama_plain",
            "nama_rare",
            "nama_rare_key",
            "nama_given",
            pl.col("nama_sorted").str.slice(0, 1).alias("nama_initial"),
            "nama_last",
            "nama_sound",
            "nik",
            pl.when(pl.col("nik").str.len_chars() == 16)
            .then(pl.col("nik").str.slice(0, 12))
            .alias("nik_head"),
            # Region and birth date without the sex: what twins' NIKs share.
            pl.when(pl.col("nik_tgl").is_not_null())
            .then(pl.col("nik").str.slice(0, 6) + pl.col("nik_tgl").dt.strftime("%Y%m%d"))
            .alias("nik_birth"),
            # Null when the number is no decodable NIK (another kind of id): it
            # can then neither fit nor contradict its record.
            pl.when(pl.col("nik_tgl").is_not_null()).then(tgl_agrees & jk_agrees).alias("nik_ok"),
            # Whether the NIK's kecamatan is the record's own (null when either
            # is unknown): with nik_ok, a NIK that its record explains fully.
            pl.when(pl.col("nik_tgl").is_not_null() & (region_.str.len_chars() >= 6))
            .then(pl.col("nik").str.slice(0, 6) == region_.str.slice(0, 6))
            .alias("nik_home"),
            "nik_jk",
            born.dt.strftime("%Y-%m-%d").alias("tgl"),
            born.dt.year().cast(pl.Int32).alias("tgl_year"),
            _placeholder(born).alias("tgl_weak"),
            pl.coalesce(stated_jk, pl.col("nik_jk")).alias("jk"),
            pl.when(region_.str.len_chars() >= 10).then(region_.str.slice(0, 10)).alias("desa"),
            pl.when(region_.str.len_chars() >= 6).then(region_.str.slice(0, 6)).alias("kec"),
            pl.when(region_.str.len_chars() >= 4).then(region_.str.slice(0, 4)).alias("kab"),
            "ibu_key",
            "ibu_given",
            _letters(pl.col("tempat_raw")).alias("tempat"),
            _letters(pl.col("alamat_raw")).alias("alamat"),
            "hubungan",
        )
        .with_columns(
            # The number's digits in sorted order: equal when two digits were
            # swapped (a transposition typo, the commonest), wherever they are.
            nik_digits=_capped(pl.col("nik").str.split("").list.sort().list.join(""), pl.lit("")),
            # Its two halves: one survives a single mistyped digit. Only for
            # numbers that are no NIK (other kinds of id): a NIK's halves are a
            # region with a day and a birth month with a serial, shared by
            # many; for a NIK, nik_head and the name rules do that work.
            nik_front=_capped(_other_id.str.slice(0, _other_id.str.len_chars() // 2), _ALL),
            nik_back=_capped(_other_id.str.slice(_other_id.str.len_chars() // 2), _ALL),
            # The birth date alone, where few share it (small files; never a province).
            tgl_rare=_capped(pl.col("tgl"), _ALL),
            nama_in_kab=_capped(pl.col("nama_joined"), pl.col("kab")),
            ibu_in_year=_capped(pl.col("ibu_key"), pl.col("tgl_year").cast(pl.Utf8)),
            # Keys that survive one mistake in the birth date: the name with
            # the year (day or month mistyped or swapped), the given name or
            # the last name with the year and month (day mistyped) or with
            # the day and month (year mistyped); the sound of the name with
            # the year (a typo in the name too), and the sound alone where few
            # share it, and the last name where few share it (no usable date
            # at all). Capped like the rest.
            nama_in_year=_capped(pl.col("nama_sorted"), _year, LOOSE_GROUP_CAP),
            sound_in_year=_capped(pl.col("nama_sound"), _year, LOOSE_GROUP_CAP),
            sound_rare=_capped(pl.col("nama_sound"), _ALL, LOOSE_GROUP_CAP),
            given_in_month=_capped(pl.col("nama_given"), _month, LOOSE_GROUP_CAP),
            given_on_day=_capped(pl.col("nama_given"), _day, LOOSE_GROUP_CAP),
            last_in_month=_capped(pl.col("nama_last"), _month, LOOSE_GROUP_CAP),
            last_on_day=_capped(pl.col("nama_last"), _day, LOOSE_GROUP_CAP),
            last_rare=_capped(pl.col("nama_last"), _ALL, LOOSE_GROUP_CAP),
            # A rare given or last name within one kab/kota (or postcode):
            # a name variant whose birth date is missing or wrong too.
            given_in_kab=_capped(pl.col("nama_given"), pl.col("kab"), LOOSE_GROUP_CAP),
            last_in_kab=_capped(pl.col("nama_last"), pl.col("kab"), LOOSE_GROUP_CAP),
        )
        .select(FEATURES)
    )


def _capped(key: pl.Expr, within: pl.Expr, cap: int = BLOCK_GROUP_CAP) -> pl.Expr:
    """`key|within` where at most `cap` records share it, else null."""
    joined = pl.concat_str([key, within], separator="|")
    return pl.when(pl.len().over(joined) <= cap).then(joined)
