"""The error processes of ``--realism field`` on rows a source has already written.

``apply`` takes the output of ``noise.apply`` (interchange columns as text, plus
person_key, hh_key and the noise labels) and adds, per row and independently of
the person's other rows: a family member's NIK, birth-date errors, nicknames and
initials, and moves to another desa or kab/kota. Row order and person_key are
never changed, so the ground truth stays exact; each change adds its label to
the row's ``noise``. Masks come from numpy, strings and dates from polars.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache

import numpy as np
import polars as pl

from datusoban.reference import wilayah
from datusoban.synth import addresses
from datusoban.synth.config import data_file
from datusoban.synth.namenoise import on_rows
from datusoban.synth.realism import FieldRealism

_FORMATS = {
    r"^\d{4}-\d{2}-\d{2}$": "%Y-%m-%d",
    r"^\d{2}-\d{2}-\d{4}$": "%d-%m-%Y",
    r"^\d{2}/\d{2}/\d{4}$": "%d/%m/%Y",
}
# Placeholders for an unknown day and month: (month, day) and their weights.
_PLACEHOLDERS = [((7, 1), 0.4), ((12, 31), 0.3), ((1, 1), 0.3)]
_TITLE = r"^((?i:H|Hj)\. )?"


def _where(mask: np.ndarray, a, b: pl.Series) -> pl.Series:
    return pl.select(pl.when(pl.Series(mask)).then(a).otherwise(b)).to_series().alias(b.name)


def _changed(old: pl.Series, new: pl.Series) -> np.ndarray:
    return (old.fill_null("") != new.fill_null("")).to_numpy()


# --- NIK -------------------------------------------------------------------------


def other_members(base: pl.DataFrame) -> pl.DataFrame:
    """For each person (person_key), another member's NIK (``_other``): members in turn,
    so never one's own; people who live alone have none. Once per chunk."""
    nik = pl.col("nik")
    return (
        base.select(
            "person_key",
            "nik",
            _other=nik.shift(-1).over("hh_key").fill_null(nik.first().over("hh_key")),
        )
        .filter(pl.col("_other") != nik)
        .drop("nik")
    )


def family_nik(
    rng: np.random.Generator, out: pl.DataFrame, others: pl.DataFrame, rate: float
) -> tuple[pl.Series, np.ndarray]:
    """Another member's NIK (from ``other_members``) on a row that has a NIK."""
    keys = out.select("person_key")
    joined = keys.join(others, on="person_key", how="left", maintain_order="left")
    has = out["nik"].is_not_null().to_numpy() & joined["_other"].is_not_null().to_numpy()
    mask = has & (rng.random(out.height) < rate)
    return _where(mask, joined["_other"], out["nik"]), mask


# --- birth dates -------------------------------------------------------------------


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


# --- names -------------------------------------------------------------------------


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


def names(
    rng: np.random.Generator, nama: pl.Series, p: FieldRealism
) -> tuple[pl.Series, dict[str, np.ndarray]]:
    """Nicknames and a first name written as its initial."""
    n = len(nama)
    can_nick = nama.str.contains(_nickname_table()[0]).fill_null(False).to_numpy()
    nick = can_nick & (rng.random(n) < p.name_nickname)
    out = on_rows(nama, nick, lambda x: _like_case(x, _nickname(rng, x)))
    labels = {"name_nickname": _changed(nama, out)}
    initial_re = _TITLE + r"(\pL)\pL+ (\S)"
    can_init = out.str.contains(initial_re).fill_null(False).to_numpy()
    init = can_init & (rng.random(n) < p.name_initial)
    new = on_rows(out, init, lambda x: x.str.replace(initial_re, "${1}${2}. ${3}"))
    labels["name_initial"] = _changed(out, new)
    return new, labels


# --- region ----------------------------------------------------------------------


@cache
def _desa(province: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Desa codes sorted, and for each of them the kab/kota's index, start and count."""
    codes = np.array(sorted(w.kode for w in wilayah.within(province, wilayah.DESA)))
    kab = np.array([c[:5] for c in codes])
    _, start, count = np.unique(kab, return_index=True, return_counts=True)
    kab_idx = np.searchsorted(start, np.arange(len(codes)), side="right") - 1
    return codes, kab_idx, start, count


def moves(
    rng: np.random.Generator, out: pl.DataFrame, p: FieldRealism, province: str
) -> tuple[pl.DataFrame, dict[str, np.ndarray]]:
    """A person listed in another desa of the kab/kota, or in another kab/kota, with an
    address there (rows with a full desa code only)."""
    n = out.height
    codes, kab_idx, start, count = _desa(province)
    code = out["kode_wilayah"].fill_null("").to_numpy().astype(str)
    pos = np.searchsorted(codes, code).clip(0, max(len(codes) - 1, 0))
    known = len(codes) > 0
    is_desa = (codes[pos] == code) if known else np.zeros(n, bool)
    u = rng.random(n)
    v = rng.random(n)
    k = kab_idx[pos] if known else np.zeros(n, np.int64)
    desa = is_desa & (u < p.moved_desa) & (count[k] > 1)
    kab = is_desa & ~desa & (u >= p.moved_desa) & (u < p.moved_desa + p.moved_kabkota)
    kab &= len(start) > 1
    # Another desa of the same kab/kota: a step of 1..count-1 around the kab/kota's list.
    step = 1 + np.floor(v * (count[k] - 1)).astype(np.int64)
    same_kab = start[k] + (pos - start[k] + step) % count[k]
    k2 = (k + 1 + np.floor(v * (len(start) - 1)).astype(np.int64)) % len(start)
    other_kab = start[k2] + np.floor(rng.random(n) * count[k2]).astype(np.int64)
    new_pos = np.where(desa, same_kab, np.where(kab, other_kab, pos))
    moved = np.flatnonzero(desa | kab)
    if len(moved):
        dest = pl.Series(codes[new_pos[moved]])
        urban = dest.str.slice(9, 1).eq("1").to_numpy()
        addr = addresses.addresses(rng, dest, urban, province)
        cols = {"kode_wilayah": dest, "alamat": addr["alamat"], "rt": addr["rt"], "rw": addr["rw"]}
        out = out.with_columns([out[c].scatter(moved, v).alias(c) for c, v in cols.items()])
    return out, {"moved_desa": desa, "moved_kabkota": kab}


def kode_pos(kode_wilayah: pl.Series, kecamatan_codes: np.ndarray) -> pl.Series:
    """A postcode-like 5-digit number for each kecamatan: 70111 + 10 × its rank.

    Not the real postal codes (the project has none): what matters for linkage is
    that it is shared by a kecamatan and is not a Kemendagri code.
    """
    kec = kode_wilayah.str.slice(0, 8).str.replace_all(".", "", literal=True)
    num = kec.cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    rank = np.searchsorted(kecamatan_codes, num)
    found = (rank < len(kecamatan_codes)) & (
        kecamatan_codes[rank.clip(0, max(len(kecamatan_codes) - 1, 0))] == num
    )
    value = pl.Series((70111 + 10 * rank).astype(np.int64)).cast(pl.Utf8)
    return pl.select(pl.when(pl.Series(found)).then(value)).to_series().alias("kode_pos")


def region_style(out: pl.DataFrame, style: str, kecamatan_codes: np.ndarray) -> pl.DataFrame:
    """A foreign-style layout: ``kode_pos`` instead of ``kode_wilayah``, or no region."""
    if style == "kode_wilayah":
        return out
    has = out["kode_wilayah"].is_not_null()
    label = "region_postcode" if style == "kode_pos" else "region_missing"
    out = out.with_columns(
        noise=pl.when(has)
        .then(pl.concat_str([pl.col("noise"), pl.lit(label)], separator=";", ignore_nulls=True))
        .otherwise(pl.col("noise"))
    )
    if style == "kode_pos":
        out = out.with_columns(kode_pos(out["kode_wilayah"], kecamatan_codes))
    return out.with_columns(kode_wilayah=pl.lit(None, dtype=pl.Utf8))


# --- everything ------------------------------------------------------------------


def apply(
    rng: np.random.Generator,
    out: pl.DataFrame,
    others: pl.DataFrame,
    p: FieldRealism,
    as_of: date,
    province: str,
) -> pl.DataFrame:
    """``out`` (from noise.apply) with the field processes; labels appended to ``noise``.

    ``others`` is ``other_members`` of the chunk's people.
    """
    labels: dict[str, np.ndarray] = {}
    nik, labels["nik_family"] = family_nik(rng, out, others, p.nik_family)
    tgl, lab = birth_dates(rng, out["tanggal_lahir"], p, as_of)
    labels |= lab
    nama, lab = names(rng, out["nama"], p)
    labels |= lab
    out = out.with_columns(nik=nik, tanggal_lahir=tgl, nama=nama)
    out, lab = moves(rng, out, p, province)
    labels |= lab
    extra = [pl.when(pl.Series(v)).then(pl.lit(k)) for k, v in labels.items() if v.any()]
    if not extra:
        return out
    added = pl.select(pl.concat_str(extra, separator=";", ignore_nulls=True)).to_series()
    return out.with_columns(
        noise=pl.concat_str(
            [pl.col("noise"), pl.Series(added).replace("", None)], separator=";", ignore_nulls=True
        ).replace("", None)
    )
