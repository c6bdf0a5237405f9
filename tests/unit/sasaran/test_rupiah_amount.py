"""Budgets as operators write them on the command line (datusoban allocate --budget)."""

from __future__ import annotations

import pytest

from datusoban.sasaran.management.commands.allocate import rupiah_amount


@pytest.mark.parametrize(
    ("text", "rupiah"),
    [
        ("15000000000", 15_000_000_000),
        ("15.000.000.000", 15_000_000_000),
        ("15_000_000_000", 15_000_000_000),
        ("Rp15 miliar", 15_000_000_000),
        ("rp. 2 milyar", 2_000_000_000),
        ("1,5m", 1_500_000_000),
        ("1.500 juta", 1_500_000_000),
        ("500jt", 500_000_000),
        ("2,25 triliun", 2_250_000_000_000),
        ("0", 0),
    ],
)
def test_amounts(text, rupiah):
    assert rupiah_amount(text) == rupiah


@pytest.mark.parametrize(
    "text", ["", "lima juta", "1,5", "1,2,3 juta", "5 euro", "-5", "0,0001 rb"]
)
def test_refused(text):
    with pytest.raises(ValueError):
        rupiah_amount(text)
