"""The ``field`` realism of the synthetic sources: error processes as found in real registers.

``clean`` (the default, ``SynthConfig.realism is None``) is the mild noise of
data/noise.toml. ``field`` adds the error processes below, each applied per
source record (two sources of one person disagree independently, as in life),
at a rate that is a documented parameter. Every default says where it comes
from; "estimate" means no published figure was found and the value is a
judgement of the order of magnitude.

Rates marked "(of ...)" apply only to the rows where the process can happen
(a day/month swap needs a day of 12 or less); the others apply to every row.
Parameters that share a name with data/noise.toml replace that source-specific
rate in every source, so a field run has one rate per process.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# Sources as named in the synthetic output (ppks: every kab/kota register).
SOURCES = ("dtks", "dtsen", "pkh", "ppks", "lks", "panti", "bencana")


@dataclass(frozen=True)
class FieldRealism:
    # --- identity numbers ---
    # National DTKS, 2021: 16.7 million of ~97 million records had no valid NIK (17%).
    nik_missing: float = 0.17
    # Estimate: a 16-digit number copied by hand; one mistyped digit or swapped pair in
    # 1 row of 50, well under the missing share (noise.toml has 0.1–4% by source).
    nik_typo: float = 0.02
    # National DTKS, 2021: 1.06 million duplicate NIKs among ~97 million records (1.1%):
    # a NIK held by two people is mostly a family member's number written on the wrong
    # person. (of rows that have a NIK)
    nik_family: float = 0.011
    # Estimate: a KK is reissued at every marriage, birth, death or move of a member, so a
    # source captured a year or more earlier often holds the previous card (noise.toml
    # has 1–6%); field doubles the highest.
    kk_changed: float = 0.10

    # --- birth dates ---
    # Estimate: one digit of the day or the year mistyped (still a valid date).
    dob_typo: float = 0.02
    # Estimate: DD-MM written as MM-DD by a form or a spreadsheet's locale. (of rows whose
    # day is 12 or less and differs from the month, the only ones where it can happen)
    dob_swap: float = 0.05
    # Estimate: only the year is known (older people, no documents); written 01-01-YYYY
    # or, in a share of those rows (dob_year_bare), as the bare year.
    dob_year_only: float = 0.03
    dob_year_bare: float = 0.3
    # Registers record unknown birth dates as 01-07-YYYY or 31-12-YYYY, and 01-01-YYYY
    # (docs/DOMAIN.md "Unknown birth dates"); noise.toml has 0.5–10% by source, field
    # takes a middle value.
    dob_placeholder: float = 0.05

    # --- names ---
    # Dukcapil matching fails on nicknames such as Wawan for Hermawan
    # (docs/DOMAIN.md "Known data-quality facts"): the name is written as the nickname
    # of data/nicknames.csv, alone or in place of its token. Estimate. (of rows whose
    # name has a listed nickname)
    name_nickname: float = 0.05
    # Estimate: a second (or first) name left out; noise.toml has 0.3–6% by source.
    name_token_drop: float = 0.05
    # Estimate: spelling variants (Muhammad/Muhamad, Nur/Noor, Ahmad/Achmad); noise.toml
    # has 1–10% by source.
    name_spelling: float = 0.08
    # Estimate: H./Hj./a degree added or dropped; noise.toml has 1–6% by source.
    name_title: float = 0.05
    # Drs./Dra. (doktorandus/doktoranda) and Ir. were Indonesian first degrees until the
    # 1993 reform and are written before the name ("H. Drs. Ahmad Fauzi"); the clean
    # noise only knows the later suffix degrees. Estimate. (of graduates born before 1970)
    name_old_degree: float = 0.3
    # Estimate: the first name as an initial ("M. Rizki" for Muhammad Rizki). (of
    # names with at least two tokens)
    name_initial: float = 0.04

    # --- where people live, and whether they are alive ---
    # Estimate: BPS recent-migration figures are a few percent of people a year; a
    # source lists the person in another desa of the same kab/kota (region code changes).
    # (of rows with a desa code)
    moved_desa: float = 0.04
    # Estimate: ...or in another kab/kota of the province. (of rows with a desa code)
    moved_kabkota: float = 0.015
    # National DTKS, 2021: 234 thousand deceased people still listed. Share of the dead
    # a source still lists (only sources that keep the dead at all: DTKS, DTSEN, PKH,
    # disaster lists). Estimate.
    deceased_kept: float = 0.5
    # National DTKS: 21 million records deactivated as duplicates over the cleanings up
    # to 2021 (~22% of ~97 million); one snapshot of one source holds a fraction of that.
    # Estimate.
    dup: float = 0.04

    # --- foreign-style layouts (off unless named) ---
    # Sources that write a postcode-like ``kode_pos`` column (5 digits per kecamatan)
    # instead of ``kode_wilayah``, and sources that give no region at all.
    kode_pos_sources: tuple[str, ...] = ()
    no_region_sources: tuple[str, ...] = ()

    def policy(self, pol: dict[str, Any]) -> dict[str, Any]:
        """A source's noise.toml policy with the rates that field replaces.

        Processes that field does itself (family NIK of any member, placeholder
        dates) are switched off in noise.toml's version so they are not applied twice.
        """
        return pol | {
            "nik_missing": self.nik_missing,
            "nik_typo": self.nik_typo,
            "nik_family": 0.0,
            "kk_old": self.kk_changed,
            "dob_unknown": 0.0,
            "name_token_drop": self.name_token_drop,
            "name_variant": self.name_spelling,
            "name_title": self.name_title,
            "deceased_kept": self.deceased_kept,
            "dup": self.dup,
        }

    def region_style(self, source: str) -> str:
        """``kode_wilayah`` (as today), ``kode_pos`` or ``none`` for one source."""
        if source in self.no_region_sources:
            return "none"
        return "kode_pos" if source in self.kode_pos_sources else "kode_wilayah"


_RATES = [f.name for f in fields(FieldRealism) if f.type == "float"]
_LISTS = [f.name for f in fields(FieldRealism) if f.type != "float"]


class RealismError(ValueError):
    """A realism parameter that cannot be used (the message is for the user)."""


def with_overrides(base: FieldRealism, items: list[str]) -> FieldRealism:
    """``base`` with ``KEY=VALUE`` overrides, e.g. ``nik_missing=0.3``, ``kode_pos_sources=lks``."""
    changes: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise RealismError(f"Parameter realisme '{item}' harus berbentuk NAMA=NILAI.")
        if key in _RATES:
            try:
                rate = float(value)
            except ValueError:
                raise RealismError(
                    f"Parameter realisme {key}: '{value}' bukan angka (contoh: {key}=0.1)."
                ) from None
            if not 0.0 <= rate <= 1.0:
                raise RealismError(
                    f"Parameter realisme {key}: {value} harus proporsi antara 0 dan 1."
                )
            changes[key] = rate
        elif key in _LISTS:
            names = tuple(s.strip() for s in value.split(",") if s.strip())
            unknown = [s for s in names if s not in SOURCES]
            if unknown:
                raise RealismError(
                    f"Parameter realisme {key}: sumber tidak dikenal {', '.join(unknown)} "
                    f"(pilihan: {', '.join(SOURCES)})."
                )
            changes[key] = names
        else:
            raise RealismError(
                f"Parameter realisme '{key}' tidak dikenal. Yang tersedia: "
                f"{', '.join(_RATES + _LISTS)}."
            )
    result = replace(base, **changes)
    if result.nik_missing + result.nik_typo > 1.0:
        raise RealismError("nik_missing + nik_typo tidak boleh lebih dari 1.")
    dob = result.dob_placeholder + result.dob_year_only + result.dob_typo + result.dob_swap
    if dob > 1.0:
        raise RealismError(
            "dob_placeholder + dob_year_only + dob_typo + dob_swap tidak boleh lebih dari 1."
        )
    if result.moved_desa + result.moved_kabkota > 1.0:
        raise RealismError("moved_desa + moved_kabkota tidak boleh lebih dari 1.")
    return result


def parameters() -> dict[str, Any]:
    """Every parameter with its default, for documentation and the command's help."""
    d = FieldRealism()
    return {f.name: getattr(d, f.name) for f in fields(FieldRealism)}
