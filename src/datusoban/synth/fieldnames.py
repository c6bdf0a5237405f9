"""Name errors of ``--realism field``: an old degree before the name (Drs., Dra., Ir.), a
common nickname (data/nicknames.csv) and the first name written as its initial, in
the case the source writes names in."""

from __future__ import annotations

import csv
from functools import cache

import numpy as np
import polars as pl

from datusoban.synth.config import data_file
from datusoban.synth.namenoise import _changed, _where, on_rows
from datusoban.synth.realism import FieldRealism

_TITLE = r"^((?i:H|Hj)\. )?"


@cache
def nicknames() -> dict[str, list[str]]:
    """Name token → its common nicknames (data/nicknames.csv)."""
    out: dict[str, list[str]] = {}
    with data_file("nicknames.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["name"], []).append(row["nickname"])
    return out


def _like_case(original: pl.Series, new: pl.Series) -> pl.Series:
    """``new`` in the case ``original`` was written in (upper, lower, or as is)."""
    upper = (original == original.str.to_uppercase()).fill_null(False).to_numpy()
    lower = (original == original.str.to_lowercase()).fill_null(False).to_numpy() & ~upper
    return _where(upper, new.str.to_uppercase(), _where(lower, new.str.to_lowercase(), new))


@cache
def _nickname_table() -> tuple[str, dict[str, int], dict[str, str]]:
    """One regex for every listed token; token → number of nicknames; "token|k" → nickname."""
    table = nicknames()
    pattern = rf"(?i)\b({'|'.join(table)})\b"
    counts = {name: len(nicks) for name, nicks in table.items()}
    by_key = {f"{name}|{k}": nick for name, nicks in table.items() for k, nick in enumerate(nicks)}
    return pattern, counts, by_key


def _nickname(rng: np.random.Generator, s: pl.Series) -> pl.Series:
    """The nickname of the name's first listed token, alone (half the rows) or in its place."""
    pattern, counts, by_key = _nickname_table()
    token = s.str.extract(pattern, 1).str.to_titlecase()
    count = token.replace_strict(counts, default=0, return_dtype=pl.Int64).to_numpy()
    k = pl.Series(np.floor(rng.random(len(s)) * count).astype(np.int64)).cast(pl.Utf8)
    nick = (token + "|" + k).replace_strict(by_key, default=None, return_dtype=pl.Utf8)
    replaced = pl.select(pl.lit(s).str.replace(pattern, pl.lit(nick))).to_series()
    alone = rng.random(len(s)) < 0.5
    return _where(alone, nick, replaced).fill_null(s).alias(s.name)


def _old_degree(rng: np.random.Generator, s: pl.Series, female: np.ndarray) -> pl.Series:
    """Drs./Dra. (or Ir.) before the name, after a pilgrimage title: "H. Drs. Ahmad"."""
    title = np.where(female, "Dra. ", "Drs. ")
    title = np.where(rng.random(len(s)) < 0.2, "Ir. ", title)
    head = s.str.extract(_TITLE, 1).fill_null("")
    rest = s.str.replace(_TITLE, "")
    return _like_case(s, head + pl.Series(title) + rest)


def names(
    rng: np.random.Generator,
    nama: pl.Series,
    p: FieldRealism,
    old_graduate: np.ndarray | None = None,
    female: np.ndarray | None = None,
) -> tuple[pl.Series, dict[str, np.ndarray]]:
    """Old degrees (of graduates born before 1970), nicknames, a first name as its initial."""
    n = len(nama)
    old_graduate = np.zeros(n, bool) if old_graduate is None else old_graduate
    female = np.zeros(n, bool) if female is None else female
    has_degree = nama.str.contains(r"(?i)\b(Drs|Dra|Ir)\. ").fill_null(False).to_numpy()
    degree = old_graduate & ~has_degree & (rng.random(n) < p.name_old_degree)
    idx = np.flatnonzero(degree & nama.is_not_null().to_numpy())
    out = nama
    if len(idx):
        out = nama.clone().scatter(idx, _old_degree(rng, nama.gather(idx), female[idx]))
    labels = {"name_old_degree": _changed(nama, out)}
    base = out
    can_nick = base.str.contains(_nickname_table()[0]).fill_null(False).to_numpy()
    nick = can_nick & (rng.random(n) < p.name_nickname)
    out = on_rows(base, nick, lambda x: _like_case(x, _nickname(rng, x)))
    labels["name_nickname"] = _changed(base, out)
    initial_re = _TITLE + r"(\pL)\pL+ (\S)"
    can_init = out.str.contains(initial_re).fill_null(False).to_numpy()
    init = can_init & (rng.random(n) < p.name_initial)
    new = on_rows(out, init, lambda x: x.str.replace(initial_re, "${1}${2}. ${3}"))
    labels["name_initial"] = _changed(out, new)
    return new, labels
