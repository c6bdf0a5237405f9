"""Noise on source rows (rates from data/noise.toml), with a label per change.

``apply`` takes clean rows of one source and returns them as the source would
write them: duplicated rows, name variants, damaged NIK/KK, unknown or reformatted
birth dates … and for each row the semicolon-joined labels of what was done, for
truth/truth.csv. Everything is vectorised: masks from numpy, strings by polars.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from datusoban.interchange import FIELDS
from datusoban.reference import vocab
from datusoban.synth import namenoise

INTERCHANGE = list(FIELDS)
DATE_FORMATS = {"iso": "%Y-%m-%d", "dmy_dash": "%d-%m-%Y", "dmy_slash": "%d/%m/%Y"}
RELATION_LABEL = dict(vocab.HUBUNGAN_KELUARGA)
_CHILD = ["anak", "cucu"]


def _choice(
    rng: np.random.Generator, weights: dict[str, float], n: int
) -> tuple[list[str], np.ndarray]:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys, rng.choice(len(keys), n, p=p / p.sum())


def _where(mask: np.ndarray, a, b: pl.Series) -> pl.Series:
    return pl.select(pl.when(pl.Series(mask)).then(a).otherwise(b)).to_series().alias(b.name)


def _null_where(mask: np.ndarray, s: pl.Series) -> pl.Series:
    return pl.select(pl.when(~pl.Series(mask)).then(s)).to_series().alias(s.name)


def names(
    rng, rows: pl.DataFrame, pol: dict, force: np.ndarray
) -> tuple[pl.Series, dict[str, np.ndarray]]:
    """The name as written, and which name noise changed it."""
    n = rows.height
    r = rng.random((8, n))
    born_old = (rows["birth_year"] < 1960).to_numpy()
    gusti = rows["nama"].str.contains("Gusti ").to_numpy()
    force_typo = force & (r[7] < 0.5)
    masks = {
        "name_variant": (r[0] < pol["name_variant"]) | (force & ~force_typo),
        "name_old_spelling": born_old & (r[1] < pol["name_old_spelling"]),
        "name_title": r[2] < pol["name_title"],
        "name_gusti_dropped": gusti & (r[3] < pol["name_gusti_drop"]),
        "name_token_dropped": r[4] < pol["name_token_drop"],
        "name_swap": r[5] < pol["name_swap"],
        "name_join": r[6] < pol["name_join"],
        "name_typo": (r[7] < pol["name_typo"]) | force_typo,
    }
    todo = np.flatnonzero(np.logical_or.reduce(list(masks.values())))
    sub = {k: v[todo] for k, v in masks.items()}
    s = rows["nama"].gather(todo)
    labels = {k: np.zeros(n, dtype=bool) for k in masks}
    female = (rows["jenis_kelamin"] == "P").to_numpy()[todo]
    age = rows["age"].to_numpy()[todo]
    graduate = (rows["pendidikan"] == "pt").fill_null(False).to_numpy()[todo]
    steps = [
        ("name_variant", lambda x, m: namenoise.variant(rng, x, m)),
        ("name_old_spelling", namenoise.old_spelling),
        ("name_title", lambda x, m: namenoise.title(rng, x, m, female, age, graduate)),
        ("name_gusti_dropped", namenoise.gusti_drop),
        ("name_token_dropped", lambda x, m: namenoise.token_drop(rng, x, m)),
        ("name_swap", namenoise.swap),
        ("name_join", namenoise.join_split),
    ]
    for key, step in steps:
        new = step(s, sub[key])
        labels[key][todo] = namenoise._changed(s, new)
        s = new
    # A forced variant that could not apply becomes a typo, so every varied duplicate differs.
    unchanged = force[todo] & ~np.logical_or.reduce([labels[k][todo] for k in labels])
    new = namenoise.typo(rng, s, sub["name_typo"] | unchanged)
    labels["name_typo"][todo] = namenoise._changed(s, new)
    out = rows["nama"].scatter(todo, new)
    return namenoise.case(rng, out, pol["name_case"]), labels


def nik(rng, rows: pl.DataFrame, pol: dict) -> tuple[pl.Series, dict[str, np.ndarray]]:
    n = rows.height
    true = rows["nik"]
    num = true.cast(pl.Int64).to_numpy()
    u = rng.random(n)
    child = rows["hubungan_keluarga"].is_in(_CHILD).to_numpy()
    edges = np.cumsum([pol["nik_missing"], pol["nik_typo"], pol["nik_excel"]])
    missing = u < edges[0]
    typo = (u >= edges[0]) & (u < edges[1])
    excel = (u >= edges[1]) & (u < edges[2])
    family = ~missing & ~typo & ~excel & child & (rng.random(n) < pol["nik_family"])

    # Typo: change one digit, or swap two adjacent differing digits.
    pos = rng.integers(0, 15, n)
    place = 10 ** (15 - pos)
    d1 = (num // place) % 10
    d2 = (num // (place // 10)) % 10
    swapped = num + (d2 - d1) * place + (d1 - d2) * (place // 10)
    changed = (num + ((d1 + rng.integers(1, 10, n)) % 10 - d1) * place).astype(np.int64)
    typo_num = np.where((rng.random(n) < 0.5) & (d1 != d2), swapped, changed)
    out = _where(typo, pl.Series(typo_num).cast(pl.Utf8).str.zfill(16), true)
    # Excel damage: scientific notation with a decimal comma, or a float's ".0".
    lead = pl.Series((num + 5 * 10**9) // 10**10).cast(pl.Utf8)
    sci = lead.str.slice(0, 1) + "," + lead.str.slice(1, 5) + "E+15"
    out = _where(excel, _where(rng.random(n) < 0.6, sci, true + ".0"), out)
    # A family member's NIK: the head's, or the mother's when she is known.
    other = _where(
        (rng.random(n) < 0.5) & rows["mother_nik"].is_not_null().to_numpy(),
        rows["mother_nik"],
        rows["head_nik"],
    )
    family &= (other != true).fill_null(False).to_numpy()
    out = _where(family, other, out)
    out = _null_where(missing, out)
    return out, {"nik_missing": missing, "nik_typo": typo, "nik_excel": excel, "nik_family": family}


def kk(rng, rows: pl.DataFrame, pol: dict) -> tuple[pl.Series, dict[str, np.ndarray]]:
    n = rows.height
    u = rng.random(n)
    missing = u < pol["kk_missing"]
    old = (u >= pol["kk_missing"]) & (u < pol["kk_missing"] + pol["kk_old"])
    # An earlier card of the family: same region, an older issue date, another serial.
    day = pl.Series(rng.integers(1, 29, n)).cast(pl.Utf8).str.zfill(2)
    mon = pl.Series(rng.integers(1, 13, n)).cast(pl.Utf8).str.zfill(2)
    yr = pl.Series(rng.integers(0, 15, n)).cast(pl.Utf8).str.zfill(2)
    ser = pl.Series(rng.integers(1, 60, n)).cast(pl.Utf8).str.zfill(4)
    earlier = rows["no_kk"].str.slice(0, 6) + day + mon + yr + ser
    old &= (earlier != rows["no_kk"]).fill_null(False).to_numpy()
    out = _null_where(missing, _where(old, earlier, rows["no_kk"]))
    return out, {"kk_missing": missing, "kk_old": old}


def birth(rng, rows: pl.DataFrame, pol: dict) -> tuple[pl.Series, dict[str, np.ndarray]]:
    """Unknown dates written 01-07-YYYY or 31-12-YYYY, then the source's date format."""
    n = rows.height
    born_old = (rows["birth_year"] < 1960).to_numpy()
    rate = pol["dob_unknown"] * np.where(born_old, pol["dob_unknown_old_factor"], 1.0)
    unknown = rng.random(n) < rate
    d = rows["tanggal_lahir"]
    mid = rng.random(n) < 0.5
    year = d.dt.year()
    guess = pl.select(
        pl.when(pl.Series(mid)).then(pl.date(year, 7, 1)).otherwise(pl.date(year, 12, 31))
    ).to_series()
    new = _where(unknown, guess, d)
    unknown &= (new != d).to_numpy()
    keys, pick = _choice(rng, pol["date_formats"], n)
    text = new.dt.strftime(DATE_FORMATS[keys[0]])
    for i, k in enumerate(keys[1:], start=1):
        text = _where(pick == i, new.dt.strftime(DATE_FORMATS[k]), text)
    return text.alias("tanggal_lahir"), {"dob_unknown": unknown}


def apply(
    rng: np.random.Generator, rows: pl.DataFrame, pol: dict, extras: list[str]
) -> pl.DataFrame:
    """Rows as the source writes them, plus person_key, hh_key and the noise labels."""
    n0 = rows.height
    dup = np.flatnonzero(rng.random(n0) < pol["dup"])
    rows = pl.concat([rows, rows[dup]])
    n = rows.height
    is_dup = np.arange(n) >= n0
    force = is_dup & (rng.random(n) < pol["dup_variant"])
    labels: dict[str, np.ndarray] = {"dup": is_dup}
    # Facts about the row that are not noise but that evaluation needs to see.
    for col in ("moved_old", "moved_new", "deceased", "lks_second"):
        labels[col] = rows[col].to_numpy() if col in rows.columns else np.zeros(n, bool)

    nama, lab = names(rng, rows, pol, force)
    labels |= lab
    nik_out, lab = nik(rng, rows, pol)
    labels |= lab
    kk_out, lab = kk(rng, rows, pol)
    labels |= lab
    tgl, lab = birth(rng, rows, pol)
    labels |= lab
    r = rng.random((6, n))
    ibu_missing = r[0] < pol["ibu_missing"]
    ibu = namenoise.typo(rng, rows["nama_ibu_kandung"], ~ibu_missing & (r[1] < pol["ibu_typo"]))
    labels["ibu_typo"] = namenoise._changed(rows["nama_ibu_kandung"], ibu)
    labels["ibu_missing"] = ibu_missing & rows["nama_ibu_kandung"].is_not_null().to_numpy()
    ibu = namenoise.case(rng, _null_where(ibu_missing, ibu), pol["name_case"])
    jk_long = r[2] < pol["jk_long"]
    jk = _where(
        jk_long,
        pl.Series(np.where(rows["jenis_kelamin"] == "P", "PEREMPUAN", "LAKI-LAKI")),
        rows["jenis_kelamin"],
    )
    tempat_missing = r[3] < pol["tempat_missing"]
    labels["tempat_missing"] = tempat_missing
    coarse = r[4] < pol["wilayah_coarse"]
    labels["wilayah_coarse"] = coarse
    keys, pick = _choice(rng, pol["relation_case"], n)
    rel = rows["hubungan_keluarga"].replace_strict(
        RELATION_LABEL, default="Lainnya", return_dtype=pl.Utf8
    )
    rel = _where(np.array(keys)[pick] == "upper", rel.str.to_uppercase(), rel)

    out = pl.DataFrame(
        {
            "nik": nik_out,
            "no_kk": kk_out,
            "nama": nama,
            "jenis_kelamin": jk,
            "tempat_lahir": _null_where(tempat_missing, rows["tempat_lahir"]),
            "tanggal_lahir": tgl,
            "nama_ibu_kandung": ibu,
            "hubungan_keluarga": rel,
            "alamat": rows["alamat"],
            "rt": rows["rt"],
            "rw": rows["rw"],
            "kode_wilayah": _where(
                coarse, rows["kode_wilayah"].str.slice(0, 8), rows["kode_wilayah"]
            ),
        }
    )
    label_cols = [pl.when(pl.Series(v)).then(pl.lit(k)) for k, v in labels.items() if v.any()]
    noise_col = (
        pl.select(pl.concat_str(label_cols, separator=";", ignore_nulls=True)).to_series()
        if label_cols
        else pl.Series([None] * n, dtype=pl.Utf8)
    )
    keys_and_labels = pl.DataFrame(
        {
            "person_key": rows["person_key"],
            "hh_key": rows["hh_key"],
            "noise": noise_col.replace("", None),
        }
    )
    return pl.concat([out, rows.select(extras), keys_and_labels], how="horizontal")
