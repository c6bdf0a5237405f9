"""Kode wilayah (Kemendagri region codes) and population, read from the shipped files.

Pure Python (no Django) so that the synthetic generator, the identity checks and
the database loader all read the one copy of the data. The data are from the
``cahyadsn/wilayah`` repository (MIT; ``data/LICENSE-wilayah``), following
Kepmendagri No. 300.2.2-2138 Tahun 2025.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

KALSEL = "63"

# Level of a code by its number of dot-separated parts.
PROVINSI, KABKOTA, KECAMATAN, DESA = 1, 2, 3, 4
LEVEL_NAMES = {
    PROVINSI: "provinsi",
    KABKOTA: "kab/kota",
    KECAMATAN: "kecamatan",
    DESA: "desa/kelurahan",
}


@dataclass(frozen=True, slots=True)
class Wilayah:
    kode: str
    nama: str

    @property
    def level(self) -> int:
        return self.kode.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.kode.rsplit(".", 1)[0] if "." in self.kode else None


@dataclass(frozen=True, slots=True)
class Penduduk:
    kode: str
    nama: str
    laki_laki: int
    perempuan: int
    jumlah: int


def _open(name: str):
    return resources.files("datusoban.reference").joinpath("data", name)


def _region_rows() -> Iterator[tuple[str, str]]:
    """(kode, nama) of each row of the region file."""
    # csv.reader rather than DictReader: a dict per row made reading the file twice as slow.
    with _open("wilayah.csv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        kode, nama = header.index("kode"), header.index("nama")
        for row in rows:
            yield row[kode], row[nama]


@cache
def all_regions() -> tuple[Wilayah, ...]:
    """Every region of Indonesia (91,599 rows), provinces down to desa/kelurahan."""
    return tuple(Wilayah(kode, nama) for kode, nama in _region_rows())


@cache
def all_codes() -> tuple[str, ...]:
    """The code of every region, in all_regions()'s order.

    What an import checks codes against, read by Polars' CSV reader without a
    Wilayah per row: about 0.02 s, against 0.2 s for all_regions().
    """
    import polars as pl  # imported here: the rest of this module is plain Python

    with _open("wilayah.csv.gz").open("rb") as raw:
        data = gzip.decompress(raw.read())
    codes = pl.read_csv(data, columns=["kode"], schema_overrides={"kode": pl.Utf8})
    return tuple(codes["kode"].to_list())


@cache
def population() -> tuple[Penduduk, ...]:
    """Population by province and kab/kota (Dukcapil, semester II 2024)."""
    with _open("penduduk.csv").open("r", encoding="utf-8") as f:
        return tuple(
            Penduduk(
                r["kode"], r["nama"], int(r["laki_laki"]), int(r["perempuan"]), int(r["jumlah"])
            )
            for r in csv.DictReader(f)
            if r["kode"] != "0"  # the national total is derivable
        )


@cache
def nik_region_codes() -> frozenset[str]:
    """Six-digit ``PPKKCC`` kecamatan codes, the form in which a NIK carries its region."""
    return frozenset(
        kode.replace(".", "") for kode in all_codes() if kode.count(".") + 1 == KECAMATAN
    )


@cache
def _names() -> dict[str, str]:
    return {w.kode: w.nama for w in all_regions()}


def name_of(kode: str) -> str | None:
    """The name of a region by its code ("63.71" -> "Kota Banjarmasin"); None when unknown.
    What a page or a choice shows instead of the code."""
    return _names().get(kode)


def within(prefix: str, level: int) -> tuple[Wilayah, ...]:
    """Regions of one level under a code, e.g. ``within("63", DESA)``: every desa of Kalsel."""
    head = prefix + "."
    return tuple(w for w in all_regions() if w.level == level and w.kode.startswith(head))


def kabkota_population(province: str = KALSEL) -> tuple[Penduduk, ...]:
    """Population of each kab/kota in a province."""
    return tuple(
        p for p in population() if p.kode.startswith(province + ".") and p.kode.count(".") == 1
    )
