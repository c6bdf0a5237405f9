"""Birth-date errors of ``--realism field``: placeholders, year only, a mistyped digit,
day and month swapped, each written back in the format the source used."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from datusoban.synth.namenoise import _changed, _where
from datusoban.synth.realism import FieldRealism

_FORMATS = {
    r"^\d{4}-\d{2}-\d{2}$": "%Y-%m-%d",
    r"^\d{2}-\d{2}-\d{4}$": "%d-%m-%Y",
    r"^\d{2}/\d{2}/\d{4}$": "%d/%m/%Y",
}
# Placeholders for an unknown day and month: (month, day) and their weights.
_PLACEHOLDERS = [((7, 1), 0.4), ((12, 31), 0.3), ((1, 1), 0.3)]


def _parse(text: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The written dates and, per row, the format they were written in."""
    fmt = pl.Series([None] * len(text), dtype=pl.Utf8)
    parsed = pl.Series([None] * len(text), dtype=pl.Date)
    for pattern, f in _FORMATS.items():
        m = text.str.contains(pattern).fill_null(False).to_numpy()
        fmt = _where(m, pl.lit(f), fmt)
        parsed = _where(m, text.str.to_date(f, strict=False), parsed)
    return parsed, fmt


def _ymd(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """A date from parts, null where the parts are no valid date (e.g. 29-02-1987)."""
    s = pl.concat_str(
        [y.cast(pl.Utf8).str.zfill(4), m.cast(pl.Utf8).str.zfill(2), d.cast(pl.Utf8).str.zfill(2)],
        separator="-",
    )
    return s.str.to_date("%Y-%m-%d", strict=False)


def birth_dates(
    rng: np.random.Generator, text: pl.Series, p: FieldRealism, as_of: date
) -> tuple[pl.Series, dict[str, np.ndarray]]:
    """Placeholder, year-only, digit-typo and day/month-swapped birth dates (exclusive)."""
    n = len(text)
    parsed, fmt = _parse(text)
    u = rng.random(n)
    edges = np.cumsum([p.dob_placeholder, p.dob_year_only, p.dob_typo, p.dob_swap])
    band = np.searchsorted(edges, u, side="right")  # 0..3 a process, 4 none
    which = rng.choice(len(_PLACEHOLDERS), n, p=[w for _, w in _PLACEHOLDERS])
    frame = pl.DataFrame(
        {
            "d": parsed,
            "ph_m": np.array([md[0] for md, _ in _PLACEHOLDERS])[which],
            "ph_d": np.array([md[1] for md, _ in _PLACEHOLDERS])[which],
            "k1": rng.integers(1, 10, n),
            "k2": rng.integers(1, 10, n),
            "year_first": rng.random(n) < 0.5,
        }
    )
    d = pl.col("d")
    y, m, day = d.dt.year(), d.dt.month(), d.dt.day()
    # A mistyped digit: the year's last digit or the day's, whichever gives a valid
    # date not after as_of (tried in a random order).
    typo_y = _ymd((y // 10) * 10 + (y % 10 + pl.col("k1")) % 10, m, day)
    typo_d = _ymd(y, m, (day // 10) * 10 + (day % 10 + pl.col("k2")) % 10)
    ok_y = typo_y.is_not_null() & (typo_y <= as_of)
    ok_d = typo_d.is_not_null() & (typo_d <= as_of) & (typo_d.dt.day() > 0)
    typo = (
        pl.when(pl.col("year_first") & ok_y)
        .then(typo_y)
        .when(ok_d)
        .then(typo_d)
        .when(ok_y)
        .then(typo_y)
    )
    swappable = (day <= 12) & (day != m)
    cand = frame.select(
        placeholder=_ymd(y, pl.col("ph_m"), pl.col("ph_d")),
        year_only=_ymd(y, pl.lit(1), pl.lit(1)),
        typo=typo,
        swap=pl.when(swappable).then(_ymd(y, day, m)),
    )
    new = parsed
    for i, name in enumerate(cand.columns):
        new = _where((band == i) & cand[name].is_not_null().to_numpy(), cand[name], new)
    written = pl.select(
        pl.when(pl.Series(fmt) == "%Y-%m-%d")
        .then(pl.Series(new).dt.strftime("%Y-%m-%d"))
        .when(pl.Series(fmt) == "%d-%m-%Y")
        .then(pl.Series(new).dt.strftime("%d-%m-%Y"))
        .when(pl.Series(fmt) == "%d/%m/%Y")
        .then(pl.Series(new).dt.strftime("%d/%m/%Y"))
    ).to_series()
    written = written.fill_null(text)  # a date the source wrote some other way stays as it is
    bare = (band == 1) & (rng.random(n) < p.dob_year_bare) & parsed.is_not_null().to_numpy()
    written = _where(bare, parsed.dt.year().cast(pl.Utf8), written).alias("tanggal_lahir")
    changed = _changed(text, written)
    labels = {
        key: changed & (band == i)
        for i, key in enumerate(["dob_placeholder", "dob_year_only", "dob_typo", "dob_swap"])
    }
    return written, labels
