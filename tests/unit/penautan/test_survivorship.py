"""Survivorship rules: most trusted source, most recent, most complete; provenance per field."""

from __future__ import annotations

import json
from datetime import date, datetime

import polars as pl
import pytest

from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.survivorship import FIELDS, golden_fields, load_survivorship

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
        ('[bidang]\numur = "terbaru"\n', "bidang golden"),
        ('[bidang]\nnama = "terpanjang"\n', "tidak dikenal"),
        ('[bidang]\nnama = "terbaru"\n', "belum ada"),
        ("[bidang\n", "tidak dapat dibaca"),
    ],
)
def test_a_bad_rules_file_is_refused_with_the_reason(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(LinkInputError, match=message):
        load_survivorship(path)


# --- data quality: a flagged value never beats a clean one ------------------------


def _flags(*per_record: dict[str, list[str]] | None) -> list[str | None]:
    return [None if f is None else json.dumps(f) for f in per_record]


@pytest.mark.parametrize("rule", ["sumber_terpercaya", "terbaru", "terlengkap"])
def test_a_flagged_value_loses_to_a_clean_one_whatever_the_rule(tmp_path, rule):
    # Record 11 is the most trusted, 12 the most recent and 10 the longest: flagging the
    # one the rule prefers hands the field to the best clean one.
    names = ["SITI NURHALIZAH BINTI AHMAD", "SITI N", "SITI NURHALIZAH"]
    preferred = {"sumber_terpercaya": 1, "terbaru": 2, "terlengkap": 0}[rule]
    marks: list[dict | None] = [None, None, None]
    marks[preferred] = {"nama": ["nama_contoh"]}
    golden = golden_fields(
        _records(nama=names, tanda_mutu=_flags(*marks)), _policy(tmp_path, {"nama": rule})
    )
    asal = json.loads(golden["asal_data"][0])["nama"]
    assert asal["rekaman"] != [10, 11, 12][preferred]
    assert "tanda" not in asal
    assert asal["dilewati"] == [{"rekaman": [10, 11, 12][preferred], "tanda": ["nama_contoh"]}]


def test_the_estimated_date_of_the_trusted_source_is_passed_over(tmp_path):
    policy = _policy(tmp_path, {"tanggal_lahir": "sumber_terpercaya"})
    records = _records(
        tanggal_lahir=["1980-03-14", "1980-07-01", "1980-03-14"],
        tanda_mutu=_flags(None, {"tanggal_lahir": ["tanggal_perkiraan"]}, {}),
    )
    row = golden_fields(records, policy).row(0, named=True)
    assert row["tanggal_lahir"] == date(1980, 3, 14)
    asal = json.loads(row["asal_data"])["tanggal_lahir"]
    # lks (10) is trusted after kemensos (11) and before the unlisted program (12).
    assert asal == {
        "rekaman": 10,
        "aturan": "sumber_terpercaya",
        "dilewati": [{"rekaman": 11, "tanda": ["tanggal_perkiraan"]}],
    }


def test_a_flag_on_another_field_does_not_count(tmp_path):
    policy = _policy(tmp_path, {"tanggal_lahir": "sumber_terpercaya"})
    records = _records(
        tanggal_lahir=["1980-03-14", "1980-07-01", None],
        tanda_mutu=_flags(None, {"nik": ["nik_wilayah"]}, None),
    )
    row = golden_fields(records, policy).row(0, named=True)
    assert row["tanggal_lahir"] == date(1980, 7, 1)
    assert json.loads(row["asal_data"])["tanggal_lahir"] == {
        "rekaman": 11,
        "aturan": "sumber_terpercaya",
    }


def test_when_every_value_is_flagged_the_rule_decides_and_the_winner_says_so(tmp_path):
    policy = _policy(tmp_path, {"tanggal_lahir": "sumber_terpercaya"})
    records = _records(
        tanggal_lahir=["1980-12-31", "1980-07-01", None],
        tanda_mutu=_flags(
            {"tanggal_lahir": ["tanggal_perkiraan"]},
            {"tanggal_lahir": ["nik_tanggal_beda", "tanggal_perkiraan"]},
            None,
        ),
    )
    row = golden_fields(records, policy).row(0, named=True)
    assert row["tanggal_lahir"] == date(1980, 7, 1)
    assert json.loads(row["asal_data"])["tanggal_lahir"] == {
        "rekaman": 11,
        "aturan": "sumber_terpercaya",
        "tanda": ["nik_tanggal_beda", "tanggal_perkiraan"],
    }


def test_a_passed_over_record_with_the_same_value_is_not_listed(tmp_path):
    policy = _policy(tmp_path, {"nik": "sumber_terpercaya"})
    nik = "6371015001900001"
    records = _records(
        nik=[nik, nik, None], tanda_mutu=_flags(None, {"nik": ["nik_berulang"]}, None)
    )
    asal = json.loads(golden_fields(records, policy)["asal_data"][0])["nik"]
    assert asal == {"rekaman": 10, "aturan": "sumber_terpercaya"}


def test_flags_are_chosen_per_person(tmp_path):
    # Two persons in one frame: one's flags never move the other's choice.
    policy = _policy(tmp_path, {"tanggal_lahir": "sumber_terpercaya"})
    records = pl.concat(
        [
            _records(
                tanggal_lahir=["1980-03-14", "1980-07-01", None],
                tanda_mutu=_flags(None, {"tanggal_lahir": ["tanggal_perkiraan"]}, None),
            ),
            _records(
                person=[2, 2, 2],
                record=[20, 21, 22],
                tanggal_lahir=["1975-05-05", "1975-12-31", None],
                tanda_mutu=_flags(None, None, None),
            ),
        ]
    )
    golden = golden_fields(records, policy).sort("person")
    assert golden["tanggal_lahir"].to_list() == [date(1980, 3, 14), date(1975, 12, 31)]
