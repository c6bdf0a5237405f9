"""Fixtures: the shipped rules, and a small in-memory registry judged by them (no database)."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.reference.catalogue import programme_versions
from datusoban.sasaran.eligibility import assess, referenced_programmes
from datusoban.sasaran.explain import explain
from datusoban.sasaran.rules.loader import load_rules

from .registry_frames import Registry


@pytest.fixture(scope="session")
def rules():
    """The shipped rules, compiled against the shipped catalogue."""
    return load_rules({v.versi: v.program for v in programme_versions()})


@pytest.fixture
def registry() -> Registry:
    return Registry()


@pytest.fixture
def judge(rules):
    """judge(registry, "PKH") -> the assessment's units frame, and explain(...) for one unit."""

    def run(registry: Registry, program: str):
        programme = rules[program]
        facts = registry.facts(referenced_programmes([programme]))
        return assess(programme, facts)

    return run


@pytest.fixture
def verdict(judge):
    """Whether the unit (family id, or person id for personal programmes) is eligible."""

    def run(registry: Registry, program: str, unit: int) -> bool:
        assessment = judge(registry, program)
        key = "keluarga" if assessment.rules.sasaran == "keluarga" else "orang"
        row = assessment.units.filter(pl.col(key) == unit)
        assert row.height == 1
        return row["layak"][0]

    return run


@pytest.fixture
def explained(judge):
    def run(registry: Registry, program: str, **unit) -> dict:
        return explain(judge(registry, program), **unit)

    return run
