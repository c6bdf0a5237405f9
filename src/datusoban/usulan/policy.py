"""The proposals' policy (data/usulan.toml): kinds, reasons, statuses and steps."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def rules() -> dict:
    text = resources.files("datusoban.usulan").joinpath("data/usulan.toml").read_text("utf-8")
    return tomllib.loads(text)


def label(section: str, kode: str | None) -> str:
    """The words for a code of ``section`` ("status", "jenis", ...); "—" for none."""
    if not kode:
        return "—"
    return rules()[section].get(kode, kode)


def choices(section: str) -> list[tuple[str, str]]:
    return list(rules()[section].items())


def step(name: str) -> dict:
    return rules()["langkah"][name]
