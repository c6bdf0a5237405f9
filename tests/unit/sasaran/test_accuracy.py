"""Targeting accuracy on purpose-built frames: inclusion and exclusion error, unknown
desil, selected units that miss another rule, per kab/kota and for the province."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.sasaran.accuracy import UNITS_SCHEMA, errors


def frame(*rows) -> pl.DataFrame:
    """rows: (kab/kota, selected, within the desil cut-off, should be selected)."""
    return pl.DataFrame(
        [dict(zip(UNITS_SCHEMA, row, strict=True)) for row in rows], schema=UNITS_SCHEMA
    )


UNITS = frame(
    # 63.71: 4 selected (1 above the cut-off, 1 unknown desil), 4 should be, 2 of them missed
    ("63.71", True, True, True),
    ("63.71", True, True, True),
    ("63.71", True, False, False),
    ("63.71", True, None, False),
    ("63.71", False, True, True),
    ("63.71", False, True, True),
    ("63.71", False, False, False),
    # 63.72: 2 selected, both poor; one misses another rule (no component left)
    ("63.72", True, True, True),
    ("63.72", True, True, False),
    ("63.72", False, True, True),
)


def test_errors_per_kabkota():
    _, table = errors(UNITS)
    assert table["63.71"] == {
        "terpilih": 4, "di_atas_batas": 1, "desil_tidak_diketahui": 1, "terpilih_tidak_layak": 2,
        "sasaran": 4, "sasaran_tidak_terpilih": 2,
        "galat_inklusi": pytest.approx(1 / 3, abs=1e-4), "galat_eksklusi": 0.5,
    }  # fmt: skip
    assert table["63.72"]["galat_inklusi"] == 0.0
    assert table["63.72"]["terpilih_tidak_layak"] == 1
    assert table["63.72"]["galat_eksklusi"] == pytest.approx(1 / 2)


def test_the_province_adds_the_kabkota_up():
    province, table = errors(UNITS)
    for key in ("terpilih", "di_atas_batas", "sasaran", "sasaran_tidak_terpilih"):
        assert province[key] == sum(row[key] for row in table.values())
    assert province["galat_inklusi"] == pytest.approx(1 / 5, abs=1e-4)  # 1 of 5 with a desil
    assert province["galat_eksklusi"] == pytest.approx(3 / 6, abs=1e-4)


def test_rates_without_a_denominator_are_unknown_not_zero():
    province, _ = errors(frame(("63.71", False, False, False), ("63.71", True, None, False)))
    assert province["galat_inklusi"] is None  # the only selected unit has no desil
    assert province["galat_eksklusi"] is None  # nobody should be selected
    perfect, _ = errors(frame(("63.71", True, True, True), ("63.71", False, False, False)))
    assert (perfect["galat_inklusi"], perfect["galat_eksklusi"]) == (0.0, 0.0)
