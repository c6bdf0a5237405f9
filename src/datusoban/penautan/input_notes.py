"""What linking could not read in its input, per file and field, said aloud.

A date the parser refuses, a region code that is no Kemendagri code, a sex
or relation label nobody listed: each becomes a missing value for the
model, which is right, but the person who sent the file must hear of it, or
a file written in an unexpected convention is quietly linked on names
alone. The share of records that blocking puts with no other record says
the same about the file as a whole (a file whose every date is unreadable
and that has no NIK is compared on little).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from datusoban.formatting import angka, persen
from datusoban.frames import map_unique
from datusoban.penautan.columns import SOURCE
from datusoban.penautan.features import RELATIONS, SEXES, date_or_none, with_interchange_columns
from datusoban.penautan.nik_features import clean_nik
from datusoban.penautan.rule_support import comparable

# Kemendagri province codes (two digits); a code that starts otherwise is no
# Kemendagri code (a postcode, a code of another scheme).
PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "16", "17", "18", "19", "21"}
    | {"31", "32", "33", "34", "35", "36", "51", "52", "53"}
    | {"61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
    | {"81", "82", "91", "92", "93", "94", "95", "96"}
)
_KEMENDAGRI = (
    r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$|^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?$"
)

# Field -> how it is described to the operator.
FIELDS = {
    "tanggal_lahir": "tanggal lahir tak terbaca",
    "kode_wilayah": "kode wilayah bukan kode Kemendagri",
    "jenis_kelamin": "jenis kelamin tak dikenal",
    "hubungan_keluarga": "hubungan keluarga tak dikenal",
    "nik": "NIK tak terbaca",
}


def _given(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return text.is_not_null() & (text != "")


def _label(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.to_uppercase().str.replace_all(r"\s+", " ")


def unread_flags(records: pl.DataFrame) -> pl.DataFrame:
    """One boolean column per field in FIELDS: a value was given and could not be read."""
    frame = with_interchange_columns(records)
    dates = map_unique(frame["tanggal_lahir"].str.strip_chars(), date_or_none, pl.Date)
    niks = clean_nik(frame["nik"])
    code = pl.col("kode_wilayah").str.strip_chars()
    kemendagri = code.str.contains(_KEMENDAGRI) & code.str.slice(0, 2).is_in(sorted(PROVINCES))
    return frame.with_columns(__date=dates, __nik=niks).select(
        tanggal_lahir=_given("tanggal_lahir") & pl.col("__date").is_null(),
        kode_wilayah=_given("kode_wilayah") & ~kemendagri.fill_null(False),
        jenis_kelamin=_given("jenis_kelamin")
        & ~_label("jenis_kelamin").is_in(sorted(SEXES)).fill_null(False),
        hubungan_keluarga=_given("hubungan_keluarga")
        & ~_label("hubungan_keluarga").is_in(sorted(RELATIONS)).fill_null(False),
        nik=_given("nik") & pl.col("__nik").is_null(),
    )


def input_notes(
    records: pl.DataFrame, features: pl.DataFrame, rules: Sequence[Sequence[str]]
) -> dict[str, Any]:
    """Per source file: records, unread values per field, share compared with nobody.

    `features` is prepare(records) (same order); `rules` the blocking rules.
    """
    flags = unread_flags(records)
    frame = pl.concat(
        [
            records.select(SOURCE),
            flags,
            comparable(features, rules).not_().alias("alone").to_frame(),
        ],
        how="horizontal",
    )
    per_file = (
        frame.group_by(SOURCE, maintain_order=True)
        .agg(pl.len().alias("records"), *(pl.col(f).sum() for f in FIELDS), pl.col("alone").mean())
        .rows(named=True)
    )
    return {
        row[SOURCE]: {
            "records": row["records"],
            "unread": {f: int(row[f]) for f in FIELDS},
            "share_compared_with_nothing": round(float(row["alone"] or 0.0), 4),
        }
        for row in per_file
    }


def summary_lines(notes: dict[str, Any]) -> list[str]:
    """The notes for a terminal, one line per file, in the operator's language."""
    lines = []
    for source, note in notes.items():
        unread = [f"{FIELDS[f]} {angka(n)}" for f, n in note["unread"].items() if n]
        share = note["share_compared_with_nothing"]
        lines.append(
            f"{source}: {angka(note['records'])} rekaman; "
            + ("; ".join(unread) if unread else "semua nilai terbaca")
            + f"; {persen(share)} rekaman tidak punya pembanding dalam blocking"
        )
    return lines
