"""The roles and what each may do with personal data (data/roles.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Role:
    kode: str
    label: str
    tulis: bool  # may change registry data
    nik_penuh: bool  # sees NIK and No KK in full
    data_anak: bool  # sees the records of children
    data_kesehatan: bool  # sees disability, chronic illness, pregnancy
    ekspor: bool  # may export personal data
    audit: bool  # may read the audit trail of others
    izin: frozenset[str]  # the Django permissions the role implies ("app_label.codename")


# The role of a superuser without an account row: the system administrator.
ADMIN = "admin_provinsi"


@cache
def roles() -> dict[str, Role]:
    """Every role by code, in the order of the file."""
    text = resources.files("datusoban.accounts").joinpath("data/roles.toml").read_text("utf-8")
    wanted = {f.name for f in fields(Role)} - {"kode"}
    table = {}
    for kode, entry in tomllib.loads(text).items():
        if set(entry) != wanted:
            raise ValueError(f"roles.toml [{kode}]: expected keys {sorted(wanted)}")
        table[kode] = Role(kode=kode, **{**entry, "izin": frozenset(entry["izin"])})
    return table


def role(kode: str) -> Role:
    return roles()[kode]


def choices() -> list[tuple[str, str]]:
    return [(r.kode, r.label) for r in roles().values()]
