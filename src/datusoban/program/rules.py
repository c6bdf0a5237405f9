"""The enrolment rules as data: allowed status changes, exit reasons, exclusive programmes.

Pure Python over the files in ``data/`` and the programme catalogue, so that the
rules can be read, tested and changed without a database. ``services`` applies
them; nothing else decides whether a change is allowed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from datusoban.reference import catalogue
from datusoban.refusal import RefusedError

DIUSULKAN, DIVERIFIKASI, TERDAFTAR, DITANGGUHKAN, KELUAR = (
    "diusulkan",
    "diverifikasi",
    "terdaftar",
    "ditangguhkan",
    "keluar",
)
# Statuses in which a programme is being received (counted as KPM, paid).
RECEIVING = (TERDAFTAR, DITANGGUHKAN)
OPEN = (DIUSULKAN, DIVERIFIKASI, TERDAFTAR, DITANGGUHKAN)


@dataclass(frozen=True)
class Transition:
    dari: str
    ke: str
    perlu_alasan: bool = False
    perlu_keterangan: bool = False


@dataclass(frozen=True)
class Exclusion:
    a: str
    b: str
    tingkat: str  # "orang" or "keluarga"
    alasan: str


def _toml(*parts: str) -> dict[str, Any]:
    with resources.files("datusoban.program").joinpath("data", *parts).open("rb") as f:
        return tomllib.load(f)


@cache
def _lifecycle() -> dict[str, Any]:
    return _toml("transisi.toml")


@cache
def transitions() -> dict[tuple[str, str], Transition]:
    """Every allowed change, keyed by (from, to)."""
    table = {}
    for row in _lifecycle()["transisi"]:
        t = Transition(**row)
        table[(t.dari, t.ke)] = t
    return table


def status_label(status: str) -> str:
    return _lifecycle()["status"].get(status, status)


def reason_label(code: str) -> str:
    return _lifecycle()["alasan"].get(code, code)


def graduation_reasons() -> tuple[str, ...]:
    return tuple(_lifecycle()["graduasi"])


def parameters(program: str, on: date | None = None) -> dict[str, Any]:
    """The catalogue parameters of ``program`` in force on ``on`` (latest version if None).

    A date before the first shipped version gets that first version: older
    parameters are not known, and refusing every change dated in the past would
    make history impossible to record.
    """
    found: dict[str, Any] | None = None
    for version in catalogue.programme_versions():  # oldest first
        if found is not None and on is not None and version.berlaku_mulai > on:
            break
        found = version.program.get(program, found)
    if found is None:
        raise RefusedError("program_tidak_dikenal", f"Program {program} tidak ada di katalog.")
    return found


def exit_reasons(program: str, on: date | None = None) -> tuple[str, ...]:
    """The exit reason codes of ``program``: its own catalogue list, or the general one."""
    own = parameters(program, on).get("alasan_keluar")
    return tuple(own) if own else tuple(_lifecycle()["alasan_keluar_umum"])


def check_transition(
    program: str,
    dari: str,
    ke: str,
    *,
    alasan: str | None = None,
    keterangan: str = "",
    on: date | None = None,
) -> Transition:
    """The transition from ``dari`` to ``ke``, or ``RefusedError`` saying why not."""
    rule = transitions().get((dari, ke))
    if rule is None:
        raise RefusedError(
            "transisi_ditolak",
            f"Status tidak dapat diubah dari '{status_label(dari)}' ke '{status_label(ke)}'.",
        )
    if rule.perlu_keterangan and not keterangan.strip():
        raise RefusedError(
            "keterangan_wajib",
            f"Perubahan ke '{status_label(ke)}' memerlukan keterangan alasannya.",
        )
    if rule.perlu_alasan:
        allowed = exit_reasons(program, on)
        if not alasan:
            raise RefusedError(
                "alasan_wajib",
                f"Keluar dari program {program} memerlukan alasan: {', '.join(allowed)}.",
            )
        if alasan not in allowed:
            raise RefusedError(
                "alasan_tidak_dikenal",
                f"Alasan keluar '{alasan}' tidak berlaku untuk program {program}; "
                f"pilih salah satu: {', '.join(allowed)}.",
            )
        if alasan in graduation_reasons() and dari not in RECEIVING:
            raise RefusedError(
                "graduasi_belum_menerima",
                "Graduasi hanya untuk keluarga yang sudah menerima program; "
                f"status sekarang '{status_label(dari)}'.",
            )
    elif alasan:
        raise RefusedError(
            "alasan_tidak_perlu",
            f"Alasan keluar hanya dicatat saat keluar, bukan saat '{status_label(ke)}'.",
        )
    return rule


def exit_kind(program: str, alasan: str | None) -> str | None:
    """How an exit is classified: PKH graduation (alamiah / mandiri / paksa) or 'lainnya'."""
    if alasan is None:
        return None
    if alasan in graduation_reasons():
        return alasan
    return "lainnya"


@cache
def exclusions(on: date | None = None) -> tuple[Exclusion, ...]:
    """Program pairs that must not be received together, from the version in force."""
    folder = resources.files("datusoban.program").joinpath("data", "saling_meniadakan")
    versions = sorted(
        (_toml("saling_meniadakan", p.name) for p in folder.iterdir() if p.name.endswith(".toml")),
        key=lambda v: v["berlaku_mulai"],
    )
    chosen = [v for v in versions if on is None or v["berlaku_mulai"] <= on]
    if not chosen:
        return ()
    return tuple(Exclusion(**row) for row in chosen[-1].get("pasangan", []))
