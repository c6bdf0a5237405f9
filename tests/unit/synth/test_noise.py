"""Name and identifier noise, step by step."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from datusoban.synth import namenoise, noise


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def all_rows(n: int) -> np.ndarray:
    return np.ones(n, dtype=bool)


def osa(a: str, b: str) -> int:
    """Optimal string alignment distance (edits incl. adjacent transposition)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.from_regex(r"[A-Z][a-z]{2,9}( [A-Z][a-z]{2,9}){0,2}", fullmatch=True),
        min_size=1,
        max_size=20,
    ),
    st.integers(0, 1000),
)
def test_a_typo_is_at_most_one_edit(names, seed):
    s = pl.Series(names)
    out = namenoise.typo(rng(seed), s, all_rows(len(s)))
    # Only a transposition of two equal letters ("mm") can leave a name unchanged.
    for a, b in zip(s, out, strict=True):
        assert osa(a, b) == 1 or (a == b and any(x == y for x, y in pairwise(a)))


def test_typo_touches_only_masked_rows():
    s = pl.Series(["Muhammad Rizki", "Siti Aminah", "Hasan"])
    out = namenoise.typo(rng(1), s, np.array([False, True, False]))
    assert out[0] == s[0] and out[2] == s[2] and out[1] != s[1]


def test_spelling_variants():
    s = pl.Series(["Muhammad Rizki", "Nur Aini", "Abdul Rahman", "Hasan"])
    out = namenoise.variant(rng(2), s, all_rows(4))
    assert out[0].split()[0] in {"Muhamad", "Mohammad", "Mochammad", "Moh.", "M.", "Muhammat"}
    assert out[1].startswith(("Noor ", "Nor "))
    assert out[2].startswith(("Abd. ", "Abdoel "))
    assert out[3] == "Hasan"  # no rule applies


def test_old_spelling():
    s = pl.Series(["Syamsuddin", "Jamaluddin Khalid", "Cahaya Usman"])
    out = namenoise.old_spelling(s, all_rows(3)).to_list()
    assert out == ["Sjamsoeddin", "Djamaloeddin Chalid", "Tjahaja Oesman"]


def test_titles_gusti_tokens_swap_join():
    s = pl.Series(
        ["H. Ahmad Fauzi", "Siti Aminah", "Gusti Abdul Rahman", "Nur Hayati", "Nurhayati"]
    )
    female = np.array([False, True, False, True, True])
    age = np.array([60, 45, 50, 30, 30])
    titled = namenoise.title(rng(3), s, all_rows(5), female, age, np.zeros(5, bool)).to_list()
    assert (
        titled[0] == "Ahmad Fauzi"
        and titled[1] == "Hj. Siti Aminah"
        and titled[2] == "H. Gusti Abdul Rahman"
    )
    graduate = namenoise.title(
        rng(3), pl.Series(["Rina"]), all_rows(1), np.array([True]), np.array([30]), np.array([True])
    )
    assert graduate[0].startswith("Rina, ")
    assert namenoise.gusti_drop(s, all_rows(5))[2] == "Abdul Rahman"
    assert namenoise.swap(pl.Series(["Muhammad Rizki"]), all_rows(1))[0] == "Rizki Muhammad"
    joined = namenoise.join_split(s, all_rows(5)).to_list()
    assert (
        joined[3] == "Nurhayati" and joined[4] == "Nur Hayati" and joined[2] == "Gusti Abdulrahman"
    )
    dropped = namenoise.token_drop(
        rng(4), pl.Series(["Muhammad Rizki Ramadhan", "Hasan"]), all_rows(2)
    )
    assert dropped[0] in {"Muhammad Rizki", "Rizki Ramadhan"} and dropped[1] == "Hasan"


def test_case_follows_weights():
    s = pl.Series(["Siti Aminah"] * 200)
    out = namenoise.case(rng(5), s, {"upper": 0.5, "lower": 0.5})
    assert set(out.unique()) == {"SITI AMINAH", "siti aminah"}


def _rows(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "nik": ["6371014101900001"] * n,
            "no_kk": ["6371010101150001"] * n,
            "hubungan_keluarga": ["anak"] * n,
            "mother_nik": ["6371015505700001"] * n,
            "head_nik": ["6371011010680001"] * n,
        }
    )


def test_nik_noise_kinds():
    pol = {"nik_missing": 0.2, "nik_typo": 0.2, "nik_excel": 0.2, "nik_family": 1.0}
    out, labels = noise.nik(rng(6), _rows(2000), pol)
    assert out.filter(pl.Series(labels["nik_missing"])).null_count() == labels["nik_missing"].sum()
    typo = out.filter(pl.Series(labels["nik_typo"]))
    assert typo.str.contains(r"^\d{16}$").all() and (typo != "6371014101900001").all()
    assert all(osa(t, "6371014101900001") == 1 for t in typo)
    excel = out.filter(pl.Series(labels["nik_excel"]))
    assert set(excel.unique()) == {"6,37101E+15", "6371014101900001.0"}
    family = out.filter(pl.Series(labels["nik_family"]))
    assert set(family.unique()) == {"6371015505700001", "6371011010680001"}
    for key in ["nik_missing", "nik_typo", "nik_excel"]:
        assert abs(labels[key].mean() - 0.2) < 0.04


def test_kk_noise():
    out, labels = noise.kk(rng(7), _rows(1000), {"kk_missing": 0.1, "kk_old": 0.1})
    assert out.filter(pl.Series(labels["kk_missing"])).null_count() == labels["kk_missing"].sum()
    old = out.filter(pl.Series(labels["kk_old"]))
    assert old.str.starts_with("637101").all() and (old != "6371010101150001").all()
    assert old.str.contains(r"^\d{16}$").all()
