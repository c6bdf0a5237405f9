"""The regions a citizen chooses from, step by step: the kab/kota of Kalimantan Selatan,
then the kecamatan of the one chosen, then its desa/kelurahan (from the shipped
reference file, read once per process)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from datusoban.reference import wilayah

Choices = tuple[tuple[str, str], ...]


@cache
def children(kode: str, level: int) -> Choices:
    """(code, name) of the regions of ``level`` under ``kode``, by name."""
    return tuple(
        sorted(((w.kode, w.nama) for w in wilayah.within(kode, level)), key=lambda r: r[1])
    )


@dataclass(frozen=True)
class Steps:
    """What a citizen has chosen so far (a choice that does not belong under the one
    above it is no choice) and what they may choose next."""

    kabkota: str = ""
    kecamatan: str = ""
    desa: str = ""
    kabkota_pilihan: Choices = ()
    kecamatan_pilihan: Choices = ()
    desa_pilihan: Choices = ()


def steps(data) -> Steps:
    """The steps taken in ``data`` (a request's GET or POST)."""
    kabkota_pilihan = children(wilayah.KALSEL, wilayah.KABKOTA)
    kabkota = _chosen(data, "kabkota", kabkota_pilihan)
    if not kabkota:
        return Steps(kabkota_pilihan=kabkota_pilihan)
    kecamatan_pilihan = children(kabkota, wilayah.KECAMATAN)
    kecamatan = _chosen(data, "kecamatan", kecamatan_pilihan)
    desa_pilihan = children(kecamatan, wilayah.DESA) if kecamatan else ()
    desa = _chosen(data, "desa", desa_pilihan)
    return Steps(kabkota, kecamatan, desa, kabkota_pilihan, kecamatan_pilihan, desa_pilihan)


def _chosen(data, name: str, choices: Choices) -> str:
    value = str(data.get(name, ""))
    return value if any(kode == value for kode, _ in choices) else ""
