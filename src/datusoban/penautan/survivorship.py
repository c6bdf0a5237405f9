"""Golden records: a person's fields chosen from their source records by configured rules.

The rules are data (data/survivorship.toml): per field, the most trusted
source, the most recent batch or the most complete value. Data quality comes
first: a value its import flagged (a placeholder birth date, a date the NIK
contradicts, a NIK shared by different people, ...) never beats a clean one,
whatever its source or batch; among flagged values the rule decides, and the
provenance says the winner is flagged. `golden_fields` works on a frame of all
persons at once (sort, then first per person), so a run that touches many
persons pays one pass, not a query per person.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import polars as pl

from datusoban.penautan.errors import LinkInputError

FIELDS = (
    "nik",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
    "hubungan_keluarga",
)
RULES = ("sumber_terpercaya", "terbaru", "terlengkap")
# Optional input column: JSON text {field: [flag codes]} of each record
# (SourceRecord.tanda_mutu); a field not named there is clean.
FLAGS = "tanda_mutu"
_FLAGS_TYPE = pl.Struct({f: pl.List(pl.Utf8) for f in FIELDS})


@dataclass(frozen=True)
class Survivorship:
    """Trust order of Source.jenis and the rule of every golden field."""

    trust: tuple[str, ...]
    rules: dict[str, str]

    def as_json(self) -> dict:
        return {"urutan_sumber": list(self.trust), "bidang": dict(self.rules)}


def load_survivorship(path: Path | None = None) -> Survivorship:
    """The rules from `path` or the shipped file; LinkInputError names what is wrong."""
    origin = str(path) if path else "data/survivorship.toml"
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("datusoban.penautan")
            .joinpath("data/survivorship.toml")
            .read_text()
        )
        body = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LinkInputError(f"{origin}: aturan survivorship tidak dapat dibaca ({exc})") from None
    trust = body.get("urutan_sumber", [])
    rules = body.get("bidang", {})
    unknown = sorted(set(rules) - set(FIELDS))
    if unknown:
        raise LinkInputError(
            f"{origin}: bidang golden {unknown} tidak ada; bidang yang ada: {list(FIELDS)}"
        )
    bad = {f: r for f, r in rules.items() if r not in RULES}
    if bad:
        raise LinkInputError(
            f"{origin}: aturan {bad} tidak dikenal; aturan yang ada: {list(RULES)}"
        )
    missing = [f for f in FIELDS if f not in rules]
    if missing:
        raise LinkInputError(f"{origin}: setiap bidang golden perlu aturan; belum ada: {missing}")
    return Survivorship(trust=tuple(trust), rules=dict(rules))


def _order(rule: str, field: str) -> tuple[list[str], list[bool]]:
    """Sort columns and directions (descending?) that put the winner first."""
    if rule == "sumber_terpercaya":
        return ["_trust", "_time", "record"], [False, True, True]
    if rule == "terbaru":
        return ["_time", "_trust", "record"], [True, False, True]
    return ["_length", "_trust", "_time", "record"], [True, False, True, True]


def golden_fields(records: pl.DataFrame, policy: Survivorship) -> pl.DataFrame:
    """One row per person: the FIELDS chosen and `asal_data` (JSON text of their provenance).

    `records`: `person` (the person's key), `record` (source record id),
    `jenis` (Source.jenis), `waktu` (when its batch was imported), FIELDS and
    optionally FLAGS. A field no record fills is null, with no provenance entry.

    Provenance of a field: `rekaman` and `aturan`; `tanda`, the winner's flags,
    when every filled value was flagged; `dilewati`, the records whose different
    value the rule would have preferred but which were passed over for their
    flags (`rekaman`, `tanda`), best first.
    """
    rank = {jenis: i for i, jenis in enumerate(policy.trust)}
    flags = (
        pl.col(FLAGS).cast(pl.Utf8).str.json_decode(_FLAGS_TYPE)
        if FLAGS in records.columns
        else pl.lit(None, dtype=_FLAGS_TYPE)
    )
    base = records.with_columns(
        _trust=pl.col("jenis").replace_strict(rank, default=len(rank), return_dtype=pl.Int32),
        _time=pl.col("waktu"),
        _flags=flags,
    )
    persons = base.select("person").unique(maintain_order=True)
    provenance: list[pl.Expr] = []
    for field in FIELDS:
        rule = policy.rules[field]
        winners, passed = _choose(base, field, rule)
        persons = persons.join(winners, on="person", how="left", maintain_order="left").join(
            passed, on="person", how="left", maintain_order="left"
        )
        provenance.append(
            pl.when(pl.col(f"_from_{field}").is_not_null())
            .then(
                pl.struct(
                    rekaman=pl.col(f"_from_{field}"),
                    aturan=pl.lit(rule),
                    tanda=pl.col(f"_flags_{field}"),
                    dilewati=pl.col(f"_passed_{field}"),
                )
            )
            .alias(field)
        )
    asal = persons.select(
        pl.struct(provenance)
        .struct.json_encode()
        # Only flagged choices carry the two quality keys.
        .str.replace_all(r',"(?:tanda|dilewati)":null', "")
        .alias("asal_data")
    )
    return pl.concat([persons.select("person", *FIELDS), asal], how="horizontal")


def _choose(base: pl.DataFrame, field: str, rule: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per person, the winning value of `field` and its record and flags; and the flagged
    records with another value the rule alone would have put before the winner."""
    text = pl.col(field).cast(pl.Utf8)
    own = pl.col("_flags").struct.field(field)
    filled = base.filter(pl.col(field).is_not_null() & (text.str.strip_chars() != "")).with_columns(
        _length=text.str.len_chars(),
        _own=pl.when(own.list.len() > 0).then(own),
    )
    by, descending = _order(rule, field)
    # `_place`: the record's place by the rule alone; a clean value first, then that place.
    ranked = filled.sort(by, descending=descending, nulls_last=True).with_columns(
        _place=pl.int_range(pl.len()).over("person"),
    )
    key = pl.col("_own").is_not_null().cast(pl.Int64) * pl.len() + pl.col("_place")
    winning = ranked.filter(key == key.min().over("person"))
    winners = winning.select(
        "person",
        field,
        pl.col("record").alias(f"_from_{field}"),
        pl.col("_own").alias(f"_flags_{field}"),
    )
    beaten = winning.select("person", _win_place="_place", _win_value=field)
    passed = (
        ranked.join(beaten, on="person")
        .filter((pl.col("_place") < pl.col("_win_place")) & (pl.col(field) != pl.col("_win_value")))
        .sort("person", "_place")
        .group_by("person", maintain_order=True)
        .agg(pl.struct(rekaman="record", tanda="_own").alias(f"_passed_{field}"))
    )
    return winners, passed
