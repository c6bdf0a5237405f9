"""The P2K2 modules and the group size, as data (``data/p2k2.toml``), read once."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def rules() -> dict:
    text = resources.files("datusoban.p2k2").joinpath("data/p2k2.toml").read_text("utf-8")
    return tomllib.loads(text)


def module_choices() -> list[tuple[str, str]]:
    return list(rules()["modul"].items())


def group_size() -> int:
    return int(rules()["batas_keluarga"])
