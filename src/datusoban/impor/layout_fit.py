"""Does a file's header fit the profile chosen for it? Refuse it, before anything is
stored, when it fits poorly or another shipped profile fits clearly better.

A file imported under the wrong profile is stored as the wrong kind of source: an
LKS client list imported as the SIKS-NG export would be trusted as a national
export. The header is all the evidence there is before the rows are read; the
score and its thresholds are documented in ``profiles/_fit.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from datusoban.impor.profiles import REQUIRED, Profile, header_key, shipped_profiles
from datusoban.impor.reading import ReadError


@dataclass(frozen=True)
class FitSettings:
    min_share: float
    better_by: float
    generic: frozenset[str]


@cache
def settings() -> FitSettings:
    entry = resources.files("datusoban.impor").joinpath("profiles", "_fit.toml")
    raw = tomllib.loads(entry.read_text("utf-8"))
    return FitSettings(
        min_share=float(raw["min_share"]),
        better_by=float(raw["better_by"]),
        generic=frozenset(raw["generic"]),
    )


@dataclass(frozen=True)
class Fit:
    """How one profile fits one header."""

    profile: str
    known: int  # the file's columns the profile recognises
    columns: int  # the file's (named) columns
    found: int  # the profile's fields the file has
    fields: int  # the profile's fields

    @property
    def share_known(self) -> float:
        return self.known / self.columns if self.columns else 0.0

    @property
    def share_found(self) -> float:
        return self.found / self.fields if self.fields else 0.0

    @property
    def score(self) -> float:
        return self.share_known * self.share_found

    def describe(self) -> str:
        return (
            f"'{self.profile}' (mengenali {self.known} dari {self.columns} kolom berkas, "
            f"menemukan {self.found} dari {self.fields} kolom profil)"
        )


def fit(profile: Profile, headers: list[str]) -> Fit:
    """The fit of ``profile`` to a file with these header names (blank ones ignored:
    an unnamed column says nothing about the layout)."""
    keys = [k for k in (header_key(h) for h in headers) if k]
    present = set(keys)
    names = {f: {header_key(c) for c in cs} for f, cs in profile.kolom.items()}
    regions = {header_key(c) for c in profile.wilayah_dari_nama}
    recognised = set().union(*names.values(), regions)
    found = {f for f, ks in names.items() if ks & present}
    if regions and regions <= present and "kode_wilayah" in names:
        found.add("kode_wilayah")  # resolved from the region names
    return Fit(
        profile=profile.nama,
        known=sum(k in recognised for k in keys),
        columns=len(keys),
        found=len(found),
        fields=len(names),
    )


class LayoutMismatchError(ReadError):
    """The file's header does not fit the chosen profile; nothing was imported."""

    def __init__(self, message: str, chosen: Fit, suggested: Fit | None) -> None:
        super().__init__("profil_tidak_cocok", message)
        self.chosen = chosen
        self.suggested = suggested


def _best(headers: list[str], other_than: str) -> Fit | None:
    """The shipped profile that fits best; on a tie the one made for a layout (an
    interchange file with a PPKS column fits ppks-kabkota as well as interchange)."""
    generic = settings().generic
    fits = [fit(p, headers) for n, p in sorted(shipped_profiles().items()) if n != other_than]
    return max(fits, key=lambda f: (f.score, f.profile not in generic), default=None)


def _lacks_required(profile: Profile, headers: list[str]) -> bool:
    found = profile.match(headers)
    return any(f not in found for f in (*REQUIRED, *profile.tambahan_wajib))


def check_layout(profile: Profile, headers: list[str], file_name: str) -> None:
    """Raise LayoutMismatchError when the header fits ``profile`` poorly or another
    shipped profile clearly better. A saved profile (made by an operator for one
    layout, its other columns left unmapped on purpose) is held only to having most
    of its own columns."""
    limits = settings()
    chosen = fit(profile, headers)
    shipped = shipped_profiles().get(profile.nama) == profile
    best = _best(headers, profile.nama)
    if shipped:
        poor = chosen.share_known < limits.min_share and chosen.share_found < limits.min_share
    else:
        poor = chosen.share_found < limits.min_share
    if poor:
        good = best is not None and best.score >= limits.min_share**2
        if not good and _lacks_required(profile, headers):
            # No profile knows this layout: the refusal for its missing columns says
            # what the import needs and offers to map the layout (mapping.py).
            return
        advice = (
            f"Profil yang paling cocok: {best.describe()}. Pilih profil '{best.profile}'."
            if good and best is not None
            else "Tidak ada profil bawaan yang cocok: buat profil untuk tata letak baru "
            "(halaman Tata letak baru atau `datusoban profile suggest`)."
        )
        raise LayoutMismatchError(
            f"Berkas {file_name}: kolomnya tidak cocok dengan profil {chosen.describe()}. {advice}",
            chosen,
            best if good else None,
        )
    if not shipped or profile.nama in limits.generic or best is None:
        return
    if best.score - chosen.score >= limits.better_by:
        raise LayoutMismatchError(
            f"Berkas {file_name}: kolomnya lebih cocok dengan profil {best.describe()} daripada "
            f"{chosen.describe()}. Pilih profil '{best.profile}', atau periksa apakah "
            "berkasnya yang keliru.",
            chosen,
            best,
        )
