"""Shared synthetic populations for the synth tests (generated once per session)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pytest

from datusoban.synth import SynthConfig, generate, write_sources
from datusoban.synth.population import Chunk


@dataclass
class Population:
    config: SynthConfig
    chunks: list[Chunk]
    households: pl.DataFrame
    persons: pl.DataFrame
    truth: pl.DataFrame

    @property
    def people(self) -> pl.DataFrame:
        """Persons with their truth columns and household, and exact age on config.as_of."""
        as_of = self.config.as_of
        t = pl.col("tanggal_lahir")
        before = (t.dt.month().cast(pl.Int32) * 100 + t.dt.day().cast(pl.Int32)) > (
            as_of.month * 100 + as_of.day
        )
        frame = pl.concat([self.persons, self.truth.drop("person_key")], how="horizontal")
        return frame.join(self.households, on="hh_key", how="left").with_columns(
            age=as_of.year - t.dt.year().cast(pl.Int32) - before.cast(pl.Int32)
        )


def make(config: SynthConfig) -> Population:
    chunks = list(generate(config))
    return Population(
        config,
        chunks,
        pl.concat([c.households for c in chunks]),
        pl.concat([c.persons for c in chunks]),
        pl.concat([c.truth for c in chunks]),
    )


@pytest.fixture(scope="session")
def small() -> Population:
    return make(SynthConfig(people=10_000, seed=11))


@pytest.fixture(scope="session")
def big() -> Population:
    return make(SynthConfig(people=200_000, seed=5))


@pytest.fixture(scope="session")
def sources(tmp_path_factory):
    """Source files of a 20,000-person population: (out_dir, summary)."""
    config = SynthConfig(people=20_000, seed=3)
    out = tmp_path_factory.mktemp("sources")
    return out, write_sources(config, generate(config), out)
