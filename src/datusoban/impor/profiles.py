"""Mapping profiles: how one source layout maps onto the interchange format. Data, not code.

Each profile is a TOML file in ``profiles/``: for each interchange field (and
each extra field the source carries) the header names seen in the field.
Headers match ignoring case, spaces, dots, dashes and underscores, so
"No. KK", "NO_KK" and "nomor kk"-style variants can be listed once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from datusoban.interchange import COLUMNS

# The interchange columns plus the PPKS categories a register carries
# (docs/INTERCHANGE.md "ppks").
CANONICAL = (*COLUMNS, "ppks")
REQUIRED = ("nama",)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")


def header_key(header: str) -> str:
    """The form in which headers are compared: 'No. KK ' -> 'nokk'."""
    return re.sub(r"[\s._\-/()]+", "", header.strip().lower())


def find_header(headers: list[str], candidates: Iterable[str]) -> str | None:
    """The file's header for the first candidate name it has (first such header wins)."""
    by_key: dict[str, str] = {}
    for h in headers:
        by_key.setdefault(header_key(h), h)
    for candidate in candidates:
        if (h := by_key.get(header_key(candidate))) is not None:
            return h
    return None


@dataclass(frozen=True)
class Profile:
    nama: str
    label: str
    jenis_sumber: str
    kolom: dict[str, tuple[str, ...]]  # field -> header names
    wilayah_dari_nama: tuple[str, ...] = ()  # provinsi, kab/kota, kecamatan, desa name columns
    ppks_dari_nama: bool = False  # the ppks column holds category names, not numbers
    tambahan_wajib: tuple[str, ...] = ()  # extra fields that must be present
    keterangan: str = field(default="", compare=False)

    def match(self, headers: list[str]) -> dict[str, str]:
        """For each field, the first header of the file that the profile lists for it."""
        found = {}
        for name, candidates in self.kolom.items():
            if (h := find_header(headers, candidates)) is not None:
                found[name] = h
        return found

    def hint(self) -> set[str]:
        """Every header name the profile knows: helps find the header row of a file."""
        return {c for cs in self.kolom.values() for c in cs} | set(self.wilayah_dari_nama)


def _from_toml(nama: str, raw: dict) -> Profile:
    return Profile(
        nama=nama,
        label=raw["label"],
        jenis_sumber=raw["jenis_sumber"],
        kolom={k: tuple(v) for k, v in raw["kolom"].items()},
        wilayah_dari_nama=tuple(raw.get("wilayah_dari_nama", ())),
        ppks_dari_nama=bool(raw.get("ppks_dari_nama", False)),
        tambahan_wajib=tuple(raw.get("tambahan_wajib", ())),
        keterangan=raw.get("keterangan", ""),
    )


@cache
def shipped_profiles() -> dict[str, Profile]:
    """The profiles shipped with Datu Soban, by name (the file name without .toml)."""
    folder = resources.files("datusoban.impor").joinpath("profiles")
    found = {}
    for entry in folder.iterdir():
        # "_fit.toml" and the like are settings kept beside the profiles, not profiles.
        if entry.name.endswith(".toml") and not entry.name.startswith("_"):
            nama = entry.name.removesuffix(".toml")
            with entry.open("rb") as f:
                found[nama] = _from_toml(nama, tomllib.load(f))
    return found


def valid_profile_name(nama: str) -> bool:
    return bool(_NAME.match(nama))


class UnknownProfileError(Exception):
    """No shipped or saved profile has that name."""


def profile_by_name(nama: str) -> Profile:
    """A shipped profile, or one an operator saved (ingest.SavedProfile)."""
    if (found := shipped_profiles().get(nama)) is not None:
        return found
    from datusoban.impor.models import SavedProfile  # the database only when needed

    # A name no profile could have (control characters, say) is not looked up.
    saved = SavedProfile.objects.filter(nama=nama).first() if valid_profile_name(nama) else None
    if saved is None:
        known = ", ".join(sorted(shipped_profiles()))
        shown = nama if valid_profile_name(nama) else nama.encode("unicode_escape").decode()[:60]
        raise UnknownProfileError(f"Profil '{shown}' tidak dikenal. Profil yang tersedia: {known}.")
    return _from_toml(saved.nama, {"label": saved.label, **saved.isi})
