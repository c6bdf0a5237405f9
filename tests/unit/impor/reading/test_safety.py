"""Formulas in cells: flagged on the way in, defused on the way out; and the file fingerprint."""

from __future__ import annotations

import hashlib
import os

import polars as pl
import pytest

from datusoban.impor.reading import file_sha256, formula_mask, neutralise

FORMULAS = [
    ('=HYPERLINK("http://x","klik")', True),
    ("=cmd|' /C calc'!A0", True),
    ("@SUM(A1)", True),
    ("+A1", True),
    ("-A1+B1", True),
    ("-(1+2)", True),
    ("  =1+1", True),
    ("\t@x", True),
    ("=", True),
    ("-", False),
    ("-5", False),
    ("- 5", False),
    ("+6281234", False),
    ("+62 812-3456", False),
    ("Siti = Ani", False),
    ("Siti@dinsos.go.id", False),
    ("Jl. A. Yani Km 5", False),
    ("", False),
    (None, False),
]


def test_formula_mask():
    frame = pl.DataFrame({"sel": [cell for cell, _ in FORMULAS]}, schema={"sel": pl.String})
    mask = frame.select(formula_mask("sel")).to_series()
    assert mask.dtype == pl.Boolean
    assert list(zip(frame["sel"], mask, strict=True)) == FORMULAS


RISKY = ["=1+1", "+62812", "-5", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
PLAIN = ["Siti", " =1", "6371014507850003", "Jl. A - B", "'=1", "", None]


def test_neutralise():
    frame = pl.DataFrame(
        {"teks": RISKY + PLAIN, "angka": list(range(len(RISKY) + len(PLAIN)))},
        schema={"teks": pl.String, "angka": pl.Int64},
    )
    safe = neutralise(frame)
    assert safe["teks"].to_list() == ["'" + cell for cell in RISKY] + PLAIN
    assert safe["angka"].to_list() == frame["angka"].to_list()
    assert safe.schema == frame.schema


def test_neutralise_then_strip_apostrophe_round_trips():
    frame = pl.DataFrame({"teks": RISKY + PLAIN})
    safe = neutralise(frame)["teks"].to_list()
    back = [c[1:] if o in RISKY else c for o, c in zip(RISKY + PLAIN, safe, strict=True)]
    assert back == RISKY + PLAIN


@pytest.mark.parametrize("size", [0, 1, 2**20, 3 * 2**20 + 7])
def test_file_sha256_matches_hashlib(tmp_path, size):
    path = tmp_path / "berkas.csv"
    content = os.urandom(size)
    path.write_bytes(content)
    assert file_sha256(path) == hashlib.sha256(content).hexdigest()
