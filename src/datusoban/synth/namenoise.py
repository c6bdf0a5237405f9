"""Name variants as found in Indonesian registers (docs/DOMAIN.md "Names"), vectorised.

Each step takes a polars Series of names and a boolean mask of rows to vary and
returns the new Series and which rows actually changed (a step that cannot apply,
e.g. a spelling variant of Muhammad in a name without it, leaves the row alone and
does not count as noise in the ground truth).
"""

from __future__ import annotations

import string

import numpy as np
import polars as pl

# Spelling variants of common tokens: (regex, alternatives).
VARIANTS: list[tuple[str, list[str]]] = [
    (r"\bMuhammad\b", ["Muhamad", "Mohammad", "Mochammad", "Moh.", "M.", "Muhammat"]),
    (r"\bAhmad\b", ["Achmad", "Akhmad", "Ahmat"]),
    (r"\bAkhmad\b", ["Ahmad", "Achmad"]),
    (r"\bNur", ["Noor", "Nor"]),
    (r"\bNoor", ["Nur", "Nor"]),
    (r"\bNor(h|l|m|j)", ["Nur$1", "Noor$1"]),
    (r"\bAbdul\b", ["Abd.", "Abdoel"]),
    (r"\bSiti\b", ["Sitti", "St."]),
    (r"\bRizki\b", ["Rizky", "Risky"]),
    (r"\bRizky\b", ["Rizki"]),
    (r"\bHusin\b", ["Husein", "Husain"]),
    (r"\bAbdurrahman\b", ["Abdul Rahman", "Abdurahman"]),
    (r"uddin\b", ["udin"]),
    (r"\bSyaiful\b", ["Saiful"]),
    (r"\bSaiful\b", ["Syaiful"]),
    (r"\bFauzi\b", ["Fauzy"]),
]

# Spelling before 1972 (EYD): u→oe, j→dj, c→tj, sy→sj, kh→ch, y→j — one pass, so that
# a modern j becomes dj while a modern y becomes j (Cahaya → Tjahaja, Yusuf → Jusuf).
OLD_SPELLING = {
    "Sy": "Sj",
    "sy": "sj",
    "Kh": "Ch",
    "kh": "ch",
    "J": "Dj",
    "j": "dj",
    "C": "Tj",
    "c": "tj",
    "U": "Oe",
    "u": "oe",
    "Y": "J",
    "y": "j",
}

DEGREES = [", S.Pd", ", S.E", ", S.Ag", ", A.Md", ", S.Kom", ", S.H", ", S.Sos", ", S.Pd.I"]

# "Nur Hayati" ↔ "Nurhayati", "Abdul Rahman" → "Abdulrahman".
_UP = string.ascii_uppercase
JOIN_SPLIT = (
    {f"Nur {c}": f"Nur{c.lower()}" for c in _UP}
    | {f"Abdul {c}": f"Abdul{c.lower()}" for c in _UP}
    | {f"Nur{c.lower()}": f"Nur {c}" for c in _UP if c != "U"}
)

# Keys near each letter on a QWERTY keyboard, for plausible typos.
_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours() -> dict[str, str]:
    pos = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
    out = {}
    for ch, (r, c) in pos.items():
        near = [
            o for o, (r2, c2) in pos.items() if o != ch and abs(r2 - r) <= 1 and abs(c2 - c) <= 1
        ]
        out[ch] = "".join(near)
        out[ch.upper()] = "".join(near).upper()
    return out


NEIGHBOURS = _neighbours()


def _changed(old: pl.Series, new: pl.Series) -> np.ndarray:
    return (old != new).fill_null(False).to_numpy()


def _where(mask: np.ndarray, a: pl.Series, b: pl.Series) -> pl.Series:
    return pl.select(pl.when(pl.Series(mask)).then(a).otherwise(b)).to_series().alias(b.name)


def on_rows(s: pl.Series, mask: np.ndarray, fn) -> pl.Series:
    """``fn`` applied to the masked rows only (string work proportional to the noise)."""
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return s
    return s.clone().scatter(idx, fn(s.gather(idx)))


def variant(rng: np.random.Generator, s: pl.Series, mask: np.ndarray) -> pl.Series:
    """One spelling variant per selected name (the first rule that applies)."""
    return on_rows(s, mask, lambda x: _variant(rng, x))


def _variant(rng: np.random.Generator, s: pl.Series) -> pl.Series:
    out = s
    done = np.zeros(len(s), dtype=bool)
    for pattern, alts in VARIANTS:
        idx = np.flatnonzero(out.str.contains(pattern).to_numpy() & ~done)
        if len(idx) == 0:
            continue
        sub = out.gather(idx)
        pick = rng.integers(0, len(alts), len(idx))
        new = sub
        for k, alt in enumerate(alts):
            new = _where(pick == k, sub.str.replace(pattern, alt), new)
        out = out.clone().scatter(idx, new)
        done[idx] = True
    return out


def old_spelling(s: pl.Series, mask: np.ndarray) -> pl.Series:
    return on_rows(s, mask, lambda x: x.str.replace_many(OLD_SPELLING))


def title(
    rng, s: pl.Series, mask: np.ndarray, female: np.ndarray, age: np.ndarray, degree_ok: np.ndarray
) -> pl.Series:
    """Drop a title that is there; else add a degree (graduates) or H./Hj. (40+)."""
    has = s.str.contains(r"^(H|Hj)\. ").to_numpy()
    dropped = s.str.replace(r"^(H|Hj)\. ", "")
    deg = pl.Series(DEGREES).gather(rng.integers(0, len(DEGREES), len(s)))
    haji = pl.Series(np.where(female, "Hj. ", "H. ")) + s
    add = _where(degree_ok, s + deg, _where(age >= 40, haji, s))
    return _where(mask & has, dropped, _where(mask & ~has, add, s))


def gusti_drop(s: pl.Series, mask: np.ndarray) -> pl.Series:
    return on_rows(s, mask, lambda x: x.str.replace(r"^((?:H|Hj)\. )?Gusti ", "$1"))


def token_drop(rng, s: pl.Series, mask: np.ndarray) -> pl.Series:
    """Leave out the last token, or the first (e.g. Muhammad) of a multi-token name."""
    last = s.str.replace(r" [^ ]+$", "")
    first = s.str.replace(r"^((?:H|Hj)\. )?[^ ]+ ", "$1")
    pick = _where(rng.random(len(s)) < 0.6, last, first)
    ok = s.str.contains(r"^((?:H|Hj)\. )?\S+ \S+").to_numpy()
    return _where(mask & ok, pick, s)


def swap(s: pl.Series, mask: np.ndarray) -> pl.Series:
    ok = ~s.str.contains(r"^(H|Hj)\. ").to_numpy()
    return on_rows(s, mask & ok, lambda x: x.str.replace(r"^(\S+) (\S+)", "$2 $1"))


def join_split(s: pl.Series, mask: np.ndarray) -> pl.Series:
    return on_rows(s, mask, lambda x: x.str.replace_many(JOIN_SPLIT))


def typo(rng: np.random.Generator, s: pl.Series, mask: np.ndarray) -> pl.Series:
    """One keyboard-plausible substitution, deletion, transposition or insertion."""
    return on_rows(s, mask, lambda x: _typo(rng, x))


def _typo(rng: np.random.Generator, s: pl.Series) -> pl.Series:
    n = len(s)
    length = s.str.len_chars().fill_null(0).to_numpy().astype(np.int64)
    pos = np.floor(rng.random(n) * np.maximum(length - 1, 1)).astype(np.int64)
    op = rng.integers(0, 4, n)
    df = pl.DataFrame({"s": s, "pos": pos, "u": rng.random(n)})
    c, p0 = pl.col("s"), pl.col("pos")
    # Mistype a letter: from a space or dot move to the letter before (or after) it.
    letter = c.str.slice(p0, 1).str.contains("[A-Za-z]")
    before = (p0 > 0) & c.str.slice((p0 - 1).clip(0), 1).str.contains("[A-Za-z]")
    df = df.with_columns(pos=pl.when(letter).then(p0).when(before).then(p0 - 1).otherwise(p0 + 1))
    p = pl.col("pos")
    ch = c.str.slice(p, 1)
    near = ch.replace_strict(NEIGHBOURS, default="", return_dtype=pl.Utf8)
    rep = near.str.slice((pl.col("u") * near.str.len_chars()).floor().cast(pl.Int64), 1)
    head, tail = c.str.slice(0, p), c.str.slice(p + 1)
    out = df.select(
        sub=head + rep + tail,
        dele=head + tail,
        trans=head + c.str.slice(p + 1, 1) + ch + c.str.slice(p + 2),
        ins=head + rep + c.str.slice(p),
    )
    res = _where(
        op == 0, out["sub"], _where(op == 1, out["dele"], _where(op == 2, out["trans"], out["ins"]))
    )
    # Too short to mistype; a substitution at a space or dot (no neighbour) deletes it.
    return _where(length > 2, res.fill_null(s), s)


def case(rng: np.random.Generator, s: pl.Series, weights: dict[str, float]) -> pl.Series:
    """Upper/title/lower/as-is case, in the source's proportions (not counted as noise)."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    pick = rng.choice(len(keys), len(s), p=p / p.sum())
    out = s
    for i, k in enumerate(keys):
        if k == "upper":
            out = on_rows(out, pick == i, lambda x: x.str.to_uppercase())
        elif k == "lower":
            out = on_rows(out, pick == i, lambda x: x.str.to_lowercase())
        elif k == "title":
            out = on_rows(out, pick == i, lambda x: x.str.to_titlecase())
    return out
