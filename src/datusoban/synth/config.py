"""Configuration of a synthetic run, and the data files that calibrate it.

``SynthConfig`` says *how much* to generate and from which seed; everything that
is policy or an estimate (noise rates, household shapes, programme figures) lives
in ``synth/data/*.toml`` so that it can be changed without touching code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from datusoban.synth.realism import FieldRealism

EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class SynthConfig:
    people: int = 10_000  # target total people (±1%; households are whole)
    seed: int = 2025
    as_of: date = date(2025, 6, 30)
    province: str = "63"
    # noise rates etc. come from data/noise.toml (configurable policy, not code);
    # None is the 'clean' realism, a FieldRealism adds the real-world error processes.
    realism: FieldRealism | None = None

    @property
    def as_of_days(self) -> int:
        """``as_of`` as days since 1970-01-01 (the representation of polars dates)."""
        return (self.as_of - EPOCH).days

    @property
    def scale(self) -> float:
        """Requested people as a share of the full Kalsel population."""
        return self.people / calibration()["people"]


def data_file(name: str):
    return resources.files("datusoban.synth").joinpath("data", name)


@cache
def load_toml(name: str) -> dict[str, Any]:
    with data_file(name).open("rb") as f:
        return tomllib.load(f)


def calibration() -> dict[str, Any]:
    return load_toml("population.toml")["calibration"]


def section(name: str) -> dict[str, Any]:
    """A section of population.toml (households, persons, welfare, programmes)."""
    return load_toml("population.toml")[name]


@cache
def noise_policy(source: str) -> dict[str, Any]:
    """Noise rates of one source: ``[default]`` overridden by ``[sources.<source>]``."""
    policy = load_toml("noise.toml")
    merged = dict(policy["default"])
    merged.update(policy["sources"].get(source, {}))
    return merged


def rng_for(config: SynthConfig, *stream: int) -> np.random.Generator:
    """An independent random stream for one purpose (e.g. chunk 3, sources).

    Streams are keyed, not drawn in sequence, so a chunk comes out the same no
    matter what was generated before it or how the caller consumes the chunks.
    """
    return np.random.default_rng([config.seed, *stream])
