"""Per-person socio-economic traits: status, pregnancy, schooling, work, health.

Each trait depends on age and sex and on the household's welfare (``zw``, about
standard normal over the province): poorer children drop out of school earlier,
poorer adults work as labourers, disability and chronic illness rise with age.
Codes are exactly those of reference.vocab; traits are kept as small integer
indices into those code lists (-1 = none) and only become text in ``coded``, which
is much faster than converting numpy string arrays.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from datusoban.reference import vocab
from datusoban.synth.config import section
from datusoban.synth.households import MENANTU, PASANGAN


def _phi(x: np.ndarray) -> np.ndarray:
    # Logistic approximation of the normal CDF: fast, and close enough for rates.
    return 1.0 / (1.0 + np.exp(-1.702 * x))


def _sample_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One category per row from an (n, k) matrix of non-negative weights."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((cum < u[:, None]).sum(axis=1), weights.shape[1] - 1)


STATUS = vocab.codes(vocab.STATUS_PERSON)  # hidup, meninggal, pindah
HIDUP, MENINGGAL, PINDAH = 0, 1, 2
SEKOLAH = vocab.codes(vocab.JENJANG_SEKOLAH)
DISABILITAS = vocab.codes(vocab.DISABILITAS)


def coded(codes, idx: np.ndarray, name: str) -> pl.Series:
    """Indices into a code list (-1 = none) as a Utf8 Series with nulls."""
    i = pl.Series(name, idx, dtype=pl.Int64)
    missing = np.flatnonzero(np.asarray(idx) < 0)
    if len(missing):
        i = i.scatter(missing, None)
    return pl.Series(name, list(codes), dtype=pl.Utf8).gather(i).alias(name)


def status(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """hidup / meninggal / pindah (indices into STATUS); deaths lean old, moves young adults."""
    cfg = section("persons")
    n = len(age)
    w_dead = np.exp(np.minimum(age, 100) / 15.0)
    w_move = np.where((age >= 18) & (age <= 40), 3.0, 1.0)
    # Rates are per person on average: weights are normalised by their mean.
    p_dead = np.minimum(cfg["meninggal"] * w_dead / (w_dead.mean() if n else 1.0), 0.5)
    p_move = np.minimum(cfg["pindah"] * w_move / (w_move.mean() if n else 1.0), 0.5)
    u = rng.random(n)
    return np.where(u < p_dead, MENINGGAL, np.where(u < p_dead + p_move, PINDAH, HIDUP)).astype(
        np.int8
    )


def hamil(rng, age, female, role, alive) -> np.ndarray:
    cfg = section("persons")
    married = np.isin(role, [PASANGAN, MENANTU])
    p = np.where(married, cfg["hamil_married"], cfg["hamil_other"])
    return female & alive & (age >= 18) & (age <= 45) & (rng.random(len(age)) < p)


# Current schooling by age: (level, min age, max age, intercept, welfare slope).
_SCHOOL = [
    ("paud", 4, 6, -0.1, 0.4),
    ("sd", 7, 12, 2.0, 0.3),
    ("smp", 13, 15, 1.2, 0.5),
    ("sma", 16, 18, 0.55, 0.6),
    ("pt", 19, 23, -1.2, 0.7),
]
# Highest schooling finished by someone now at each level.
_FINISHED_BEFORE = {
    "paud": "tidak_sekolah",
    "sd": "tidak_tamat_sd",
    "smp": "sd",
    "sma": "smp",
    "pt": "sma",
}
EDU = vocab.codes(vocab.PENDIDIKAN_TERTINGGI)
_EDU_CUTS = np.array([-1.81, -1.05, -0.14, 0.37, 1.41])


def schooling(rng, age, zw, birth_year) -> tuple[np.ndarray, np.ndarray]:
    """(sekolah, pendidikan) indices — current level (-1 if not in school), highest finished."""
    n = len(age)
    sekolah = np.full(n, -1, dtype=np.int8)
    u = rng.random(n)
    for level, lo, hi, a, b in _SCHOOL:
        m = (age >= lo) & (age <= hi)
        sekolah[m & (u < _phi(a + b * zw))] = SEKOLAH.index(level)
    latent = 0.55 * zw + 0.5 * (birth_year - 1980) / 20 + 0.8 * rng.standard_normal(n)
    edu = np.searchsorted(_EDU_CUTS, latent)
    edu = np.where((age >= 19) & (age <= 21), np.minimum(edu, 4), edu)  # no degree before 22
    # Children and dropouts: what their age allows.
    by_age = np.select([age < 7, age < 13, age < 16], [0, 1, 2], 3)
    edu = np.where(age < 19, by_age, edu)
    for level, before in _FINISHED_BEFORE.items():
        edu = np.where(sekolah == SEKOLAH.index(level), EDU.index(before), edu)
    return sekolah, edu.astype(np.int8)


WORK = vocab.codes(vocab.PEKERJAAN)
# Base weights (tidak_bekerja, sekolah, mengurus_rt, petani, nelayan, buruh, pedagang,
# karyawan, pns, pensiunan, lainnya) and welfare slopes on the log scale.
_W_MALE = np.array([1.0, 0, 0.2, 1.0, 0.1, 4.0, 4.0, 3.0, 1.2, 0.0, 0.8])
_W_FEMALE = np.array([1.5, 0, 9.0, 0.3, 0.05, 1.5, 3.0, 1.5, 0.9, 0.0, 0.5])
_W_OLD = np.array([5.0, 0, 1.0, 0.5, 0.1, 0.3, 1.0, 0.1, 0.0, 1.5, 0.2])
_W_TEEN = np.array([5.0, 0, 0.5, 0.5, 0.1, 1.0, 0.3, 0.1, 0.0, 0.0, 0.2])
_BETA = np.array([-0.3, 0, 0.1, -0.2, -0.3, -0.6, 0.2, 0.6, 0.9, 0.8, 0.0])
_PETANI, _NELAYAN, _RT = 3, 4, 2


def pekerjaan(rng, age, female, sekolah, zw, rural, coast) -> np.ndarray:
    w = np.where(female[:, None], _W_FEMALE, _W_MALE)
    w = np.where((age >= 65)[:, None], _W_OLD, w)
    w = np.where((age < 15)[:, None], _W_TEEN, w)
    w = w.copy()
    w[:, _PETANI] += 6.0 * rural * ~female + 1.5 * rural * female
    w[:, _NELAYAN] += 2.0 * coast * ~female
    w[:, _RT] *= np.where(female, 1.0, 0.3)
    w *= np.exp(_BETA[None, :] * np.clip(zw, -3, 3)[:, None])
    out = _sample_rows(rng, w)
    out = np.where(sekolah >= 0, WORK.index("sekolah"), out)
    return np.where(age < 10, -1, out).astype(np.int8)


_DIS_P = {
    "young": [0.10, 0.15, 0.15, 0.05, 0.20, 0.15, 0.15, 0.05],
    "adult": [0.20, 0.10, 0.25, 0.10, 0.10, 0.10, 0.05, 0.10],
    "old": [0.30, 0.25, 0.30, 0.05, 0.05, 0.0, 0.0, 0.05],
}
SICK = vocab.codes(vocab.PENYAKIT_KRONIS)
_SICK_P = np.array([0.45, 0.20, 0.10, 0.08, 0.07, 0.03, 0.03, 0.04])


def health(rng, age, zw) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(disabilitas, disabilitas_berat, penyakit_kronis) — indices, -1 none; ~2.5 % disability."""
    n = len(age)
    p = (0.008 + 0.000011 * age.astype(float) ** 2) * np.clip(1 - 0.25 * zw, 0.4, 1.8)
    has = rng.random(n) < p
    group = np.select([age < 18, age < 60], [0, 1], 2)
    probs = np.array([_DIS_P["young"], _DIS_P["adult"], _DIS_P["old"]])
    kind = _sample_rows(rng, probs[group])
    dis = np.where(has, kind, -1).astype(np.int8)
    berat = has & (rng.random(n) < np.where(group == 2, 0.35, 0.25))
    p_sick = 0.01 + 0.35 / (1 + np.exp(-(age - 58) / 8.0))
    sick = rng.random(n) < p_sick
    kinds = np.searchsorted(np.cumsum(_SICK_P), rng.random(n) * _SICK_P.sum())
    penyakit = np.where(sick, np.minimum(kinds, len(SICK) - 1), -1).astype(np.int8)
    return dis, berat, penyakit
