"""The shipped catalogues (PPKS categories, PSKS types, programme versions), read as data.

Pure Python: the registry loads these into tables, and code that needs a rule
(the synthetic generator, validation, eligibility) reads the same files.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class PPKS:
    kode: int
    nama: str
    usia_min: int | None = None
    usia_maks: int | None = None
    jenis_kelamin: str = ""
    perlu_disabilitas: bool = False
    data_spesifik: bool = False

    def allows(self, age: int, sex: str, has_disability: bool) -> bool:
        """Whether a person of this age, sex and disability status may hold the category."""
        return (
            (self.usia_min is None or age >= self.usia_min)
            and (self.usia_maks is None or age <= self.usia_maks)
            and (not self.jenis_kelamin or sex == self.jenis_kelamin)
            and (not self.perlu_disabilitas or has_disability)
        )


@dataclass(frozen=True, slots=True)
class PSKS:
    kode: int
    nama: str
    bentuk: str
    singkatan: str = ""


@dataclass(frozen=True, slots=True)
class CatalogueVersion:
    versi: str
    berlaku_mulai: date
    program: dict[str, dict[str, Any]]

    def sha256(self, kode: str) -> str:
        """Checksum of one programme's parameters, to detect a version changed in place."""
        blob = json.dumps(self.program[kode], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def _data():
    return resources.files("datusoban.reference").joinpath("data")


def _toml(*parts: str) -> dict[str, Any]:
    with _data().joinpath(*parts).open("rb") as f:
        return tomllib.load(f)


@cache
def ppks_categories() -> tuple[PPKS, ...]:
    """The 26 PPKS categories with their age/sex/disability constraints."""
    return tuple(PPKS(**row) for row in _toml("ppks.toml")["kategori"])


@cache
def psks_types() -> tuple[PSKS, ...]:
    """The 12 PSKS types."""
    return tuple(PSKS(**row) for row in _toml("psks.toml")["jenis"])


@cache
def programme_versions() -> tuple[CatalogueVersion, ...]:
    """Every shipped catalogue version, oldest first (one file per version in data/program/)."""
    files = sorted(
        p.name for p in _data().joinpath("program").iterdir() if p.name.endswith(".toml")
    )
    versions = []
    for name in files:
        raw = _toml("program", name)
        versions.append(CatalogueVersion(raw["versi"], raw["berlaku_mulai"], raw["program"]))
    return tuple(sorted(versions, key=lambda v: v.berlaku_mulai))
