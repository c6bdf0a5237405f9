"""The delivery network's policy, read from ``data/layanan.toml``."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from datusoban.program import rules


@cache
def policy() -> dict[str, Any]:
    with resources.files("datusoban.layanan").joinpath("data", "layanan.toml").open("rb") as f:
        return tomllib.load(f)


def section(name: str) -> dict[str, Any]:
    return policy()[name]


def psks_kode(kind: str) -> int | None:
    """The PSKS type a worker role or institution kind counts as (None: none)."""
    table = {**section("peran"), **section("lembaga")}
    kode = table[kind]
    return kode or None


def atensi_components() -> tuple[str, ...]:
    """The ATENSI service components of the programme catalogue."""
    return tuple(rules.parameters("ATENSI")["komponen"])
