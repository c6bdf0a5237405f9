"""Every comparison and level of the model is described in Bahasa Indonesia for the reviewer."""

from __future__ import annotations

import pytest

from datusoban.penautan.evidence import COMPARISONS, described
from datusoban.penautan.model import structure


def test_every_comparison_and_level_the_code_defines_is_described():
    assert list(COMPARISONS) == list(structure())
    for name, levels in structure().items():
        described_levels = COMPARISONS[name][1]
        assert set(described_levels) == {*levels, "null"}, name
        for label in (*levels, "null"):
            text = described_levels[label]
            # Words, not the model's English label passed through.
            assert text and text != label, (name, label)


def test_a_pairs_evidence_in_model_order_with_its_weight_and_words():
    bukti = {
        "alamat": {"bobot": 5.57, "tingkat": "exact"},
        "nama": {"bobot": -6.3671, "tingkat": "else"},
        "nik": {"bobot": 14.0256, "tingkat": "same region and birth date, other serial or sex"},
    }
    rows = described(bukti)
    assert [r.kolom for r in rows] == ["nama", "nik", "alamat"]
    assert (rows[0].label, rows[0].keterangan, rows[0].mendukung) == ("Nama", "berbeda", False)
    assert rows[1].label == "NIK" and "kembar" in rows[1].keterangan and rows[1].mendukung
    assert rows[2].bobot == pytest.approx(5.57)


def test_a_level_a_newer_model_brings_is_shown_as_it_is_named():
    (row,) = described({"nama": {"bobot": 1.0, "tingkat": "phonetic"}})
    assert row.keterangan == "phonetic"
    (missing,) = described({"telepon": {"bobot": 0.0, "tingkat": None}})
    assert (missing.label, missing.keterangan) == ("telepon", "tidak dibandingkan")
