"""Quota files (TOML and CSV) and quotas as data: what is read, and each refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from datusoban.sasaran.allocation import AllocationError
from datusoban.sasaran.quota import from_mapping, parse_quota

KNOWN = {"63.01", "63.03", "63.71", "63.72"}


def test_a_toml_quota_with_codes_in_either_form():
    text = 'jenis = "porsi"\nredistribusi = false\n[kabkota]\n"63.71" = 0.25\n"6303" = 0.5\n'
    quota = parse_quota(text, KNOWN, name="kuota.toml", redistribusi=True)
    assert quota.jenis == "porsi" and quota.redistribusi is False
    assert quota.nilai == {"63.71": Decimal("0.25"), "63.03": Decimal("0.5")}
    assert quota.limits(1_000_000_001) == {"63.71": 250_000_000, "63.03": 500_000_000}


def test_a_csv_quota_takes_the_callers_redistribution_and_ignores_other_columns():
    text = "\ufeffkode_kabkota,nama,jumlah\n63.71,Banjarmasin,120\n63.72,Banjarbaru,40\n\n"
    quota = parse_quota(text, KNOWN, name="kuota.csv", redistribusi=True)
    assert (quota.jenis, quota.redistribusi) == ("jumlah", True)
    assert quota.limits(0) == {"63.71": 120, "63.72": 40}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("k.toml", 'jenis = "porsi"\n[kabkota]\n"63.99" = 0.1\n', "tidak dikenal"),
        ("k.toml", 'jenis = "bagian"\n[kabkota]\n"63.71" = 0.1\n', "jenis kuota"),
        ("k.toml", 'jenis = "porsi"\n[kabkota]\n"63.71" = 0.6\n"63.72" = 0.5\n', "melebihi 1"),
        ("k.toml", 'jenis = "porsi"\n[kabkota]\n"63.71" = -0.1\n', "0 atau lebih"),
        ("k.toml", 'jenis = "jumlah"\n[kabkota]\n"63.71" = 2.5\n', "bilangan bulat"),
        ("k.toml", 'jenis = "porsi"\n[kabkota]\n"63.71" = 0.1\n"6371" = 0.1\n', "dua kali"),
        ("k.toml", 'jenis = "porsi"\nbatas = 1\n[kabkota]\n"63.71" = 0.1\n', "kunci tidak dikenal"),
        ("k.toml", 'jenis = "porsi"\n', "[kabkota]"),
        ("k.toml", "jenis = ", "TOML tidak sah"),
        ("k.csv", "kode_kabkota,porsi,jumlah\n63.71,0.1,3\n", "tepat satu"),
        ("k.csv", "kode_kabkota,rupiah\n63.71,satu juta\n", "baris 2"),
        ("k.csv", "kode_kabkota,rupiah\n", "tidak ada kab/kota"),
    ],
)
def test_refused_quotas_name_the_problem(name, text, message):
    with pytest.raises(AllocationError, match=message.replace("[", r"\[")):
        parse_quota(text, KNOWN, name=name, redistribusi=True)


def test_a_quota_given_as_data_is_checked_like_a_file():
    quota = from_mapping("rupiah", {"63.71": 5e8, "6372": 1e8}, KNOWN, redistribusi=False)
    assert quota.limits(10**9) == {"63.71": 500_000_000, "63.72": 100_000_000}
    with pytest.raises(AllocationError, match="tidak dikenal"):
        from_mapping("porsi", {"Banjar": 0.5}, KNOWN, redistribusi=True)
