"""Survivorship rules: most trusted source, most recent, most complete; provenance per field."""

from __future__ import annotations

import json
from datetime import date, datetime

import polars as pl
import pytest

from datusoban.linkage.errors import LinkInputError
from datusoban.linkage.survivorship import FIELDS, golden_fields, load_survivorship

TRUST = 'urutan_sumber = ["kemensos", "lks"]\n'


def _policy(tmp_path, rules: dict[str, str]):
    body = TRUST + "[bidang]\n" + "".join(f'{f} = "{rules.get(f, "terbaru")}"\n' for f in FIELDS)
    path = tmp_path / "survivorship.toml"
    path.write_text(body)
    return load_survivorship(path)


def _records(**columns) -> pl.DataFrame:
    base = {
        "person": [1, 1, 1],
        "record": [10, 11, 12],
        "jenis": ["lks", "kemensos", "program"],  # program: not listed, least trusted
        "waktu": [datetime(2025, 3, 1), datetime(2024, 1, 1), datetime(2025, 6, 1)],
    }
    blank = {f: [None, None, None] for f in FIELDS}
    frame = pl.DataFrame(
        {**base, **blank, **columns}, schema_overrides={f: pl.Utf8 for f in FIELDS}
    )
    return frame.with_columns(pl.col("tanggal_lahir").str.to_date())


@pytest.mark.parametrize(
    ("rule", "winner"),
    [
        ("sumber_terpercaya", 11),  # kemensos
        ("terbaru", 12),  # June 2025
        ("terlengkap", 10),  # the longest
    ],
)
def test_each_rule_picks_its_record_and_says_so(tmp_path, rule, winner):
    names = ["SITI NURHALIZAH BINTI AHMAD", "SITI N", "SITI NURHALIZAH"]
    golden = golden_fields(_records(nama=names), _policy(tmp_path, {"nama": rule}))
    row = golden.row(0, named=True)
    assert row["nama"] == names[[10, 11, 12].index(winner)]
    assert json.loads(row["asal_data"])["nama"] == {"rekaman": winner, "aturan": rule}


def test_empty_values_never_win_and_unfilled_fields_have_no_provenance(tmp_path):
    policy = _policy(tmp_path, {"nik": "sumber_terpercaya"})
    golden = golden_fields(_records(nik=[None, "  ", "6371015001900001"]), policy)
    row = golden.row(0, named=True)
    assert row["nik"] == "6371015001900001"
    asal = json.loads(row["asal_data"])
    assert asal["nik"]["rekaman"] == 12 and asal["tempat_lahir"] is None


def test_dates_survive_as_dates(tmp_path):
    golden = golden_fields(
        _records(tanggal_lahir=["1990-01-02", None, None]), _policy(tmp_path, {})
    )
    assert golden["tanggal_lahir"][0] == date(1990, 1, 2)


def test_the_shipped_rules_cover_every_field():
    assert set(load_survivorship().rules) == set(FIELDS)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[bidang]\numur = "terbaru"\n', "no golden field"),
        ('[bidang]\nnama = "terpanjang"\n', "unknown rule"),
        ('[bidang]\nnama = "terbaru"\n', "missing"),
        ("[bidang\n", "cannot read"),
    ],
)
def test_a_bad_rules_file_is_refused_with_the_reason(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(LinkInputError, match=message):
        load_survivorship(path)
