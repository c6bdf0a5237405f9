"""Length limits of every mapped field (limits.toml): over one, the row is quarantined
with its reason, never stored cut.

One rule code per limited field, ``terlalu_panjang_<field>``; the extra fields of a
profile share ``terlalu_panjang_lain``. Their messages are made from the limits, so
that a limit changed in limits.toml is the limit the operator reads. Fields whose
shape bounds them (NIK, No KK, dates, region codes) name that rule instead.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import polars as pl

OTHER = "lain"  # the profile's extra fields (desil, layanan, ...): one limit for them all


@dataclass(frozen=True)
class Limit:
    field: str  # a canonical field, or OTHER
    label: str
    max: int | None = None
    checked: str | None = None  # the rule that already bounds this field's shape

    @property
    def code(self) -> str:
        return f"terlalu_panjang_{self.field}"

    @property
    def message(self) -> str:
        return (
            f"{self.label} lebih dari {self.max} karakter, batas untuk kolom ini; nilai tidak "
            "dipotong: periksa apakah isi sel lain ikut tertulis di sini, perbaiki, lalu "
            "unggah ulang."
        )


@cache
def limits() -> dict[str, Limit]:
    """field -> Limit, from the shipped limits.toml."""
    text = resources.files("datusoban.impor.rules").joinpath("limits.toml").read_text("utf-8")
    found = {}
    for field, raw in tomllib.loads(text).items():
        if set(raw) - {"label", "max", "checked"}:
            raise ValueError(f"limits.toml: [{field}] has unknown keys {sorted(raw)}")
        limit = Limit(field, raw.get("label", field), raw.get("max"), raw.get("checked"))
        if (limit.max is None) == (limit.checked is None):
            raise ValueError(f"limits.toml: [{field}] needs either a max or the rule checking it")
        found[field] = limit
    return found


def limit_rules() -> dict[str, tuple[str, str]]:
    """code -> (field, message) of every limit rule; field "*" for the extra fields."""
    return {
        limit.code: ("*" if limit.field == OTHER else limit.field, limit.message)
        for limit in limits().values()
        if limit.max is not None
    }


def check(frame: pl.DataFrame, extra_fields: list[str]) -> pl.DataFrame:
    """One boolean column per limit code, a row per row of ``frame`` (the canonical
    fields as text, and ``extra_fields``: the profile's own, held to the OTHER limit)."""
    flags: dict[str, pl.Expr] = {}
    for field, limit in limits().items():
        if limit.max is None:
            continue
        columns = extra_fields if field == OTHER else [field]
        lengths = [pl.col(c).str.len_chars() for c in columns]
        over = pl.max_horizontal(lengths).gt(limit.max) if lengths else pl.lit(False)
        flags[limit.code] = over.fill_null(False)
    return frame.select(**flags)
