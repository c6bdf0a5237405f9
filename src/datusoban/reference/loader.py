"""Load the shipped reference data into the database, idempotently.

Running it twice changes nothing; a new data release adds what is new and
renames what was renamed. A programme version already loaded with different
parameters is refused: versions are immutable, a change is a new version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import polars as pl
from django.db import transaction

from datusoban import db
from datusoban.reference import catalogue, wilayah
from datusoban.reference.models import (
    JenisPSKS,
    KategoriPPKS,
    Program,
    ReferenceLoad,
    Region,
    VersiProgram,
)


class CatalogueChangedError(Exception):
    """A programme version's parameters differ from what was loaded before."""


@dataclass
class LoadResult:
    regions_added: int = 0
    regions_renamed: int = 0
    ppks: int = 0
    psks: int = 0
    programme_versions_added: int = 0


def _load_regions(result: LoadResult) -> None:
    existing = dict(Region.objects.values_list("kode", "nama"))
    shipped = wilayah.all_regions()
    codes = {w.kode for w in shipped}
    pop = {p.kode: p for p in wilayah.population()}
    new = [w for w in shipped if w.kode not in existing]
    if new:
        frame = pl.DataFrame(
            {
                "kode": [w.kode for w in new],
                "nama": [w.nama for w in new],
                "level": [w.level for w in new],
                "parent_id": [w.parent if w.parent in codes else None for w in new],
                "penduduk_laki_laki": [
                    pop[w.kode].laki_laki if w.kode in pop else None for w in new
                ],
                "penduduk_perempuan": [
                    pop[w.kode].perempuan if w.kode in pop else None for w in new
                ],
                "penduduk": [pop[w.kode].jumlah if w.kode in pop else None for w in new],
            },
            schema_overrides={"parent_id": pl.Utf8},
        ).sort("level")
        result.regions_added = db.insert_frame(Region._meta.db_table, frame)
    renamed = [
        Region(kode=w.kode, nama=w.nama) for w in shipped if existing.get(w.kode, w.nama) != w.nama
    ]
    if renamed:
        Region.objects.bulk_update(renamed, ["nama"], batch_size=2000)
        result.regions_renamed = len(renamed)


def _load_categories(result: LoadResult) -> None:
    for c in catalogue.ppks_categories():
        KategoriPPKS.objects.update_or_create(
            kode=c.kode,
            defaults={
                "nama": c.nama,
                "usia_min": c.usia_min,
                "usia_maks": c.usia_maks,
                "jenis_kelamin": c.jenis_kelamin,
                "perlu_disabilitas": c.perlu_disabilitas,
                "data_spesifik": c.data_spesifik,
            },
        )
    result.ppks = KategoriPPKS.objects.count()
    for t in catalogue.psks_types():
        JenisPSKS.objects.update_or_create(
            kode=t.kode, defaults={"nama": t.nama, "singkatan": t.singkatan, "bentuk": t.bentuk}
        )
    result.psks = JenisPSKS.objects.count()


def _load_programmes(result: LoadResult) -> None:
    for version in catalogue.programme_versions():
        for kode, params in version.program.items():
            programme, _ = Program.objects.update_or_create(
                kode=kode, defaults={"nama": params["nama"], "sasaran": params["sasaran"]}
            )
            digest = version.sha256(kode)
            loaded = VersiProgram.objects.filter(program=programme, versi=version.versi).first()
            if loaded is None:
                VersiProgram.objects.create(
                    program=programme,
                    versi=version.versi,
                    berlaku_mulai=version.berlaku_mulai,
                    parameter=params,
                    sha256=digest,
                )
                result.programme_versions_added += 1
            elif loaded.sha256 != digest:
                raise CatalogueChangedError(
                    f"Parameter program {kode} versi {version.versi} "
                    "berbeda dari yang sudah dimuat. "
                    "Versi yang sudah dimuat tidak diubah: buat berkas versi baru."
                )


def shipped_fingerprint() -> str:
    """SHA-256 over every shipped reference file, by path and content."""
    digest = hashlib.sha256()
    files = _walk(resources.files("datusoban.reference").joinpath("data"))
    for path, data in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _walk(folder, prefix: str = "") -> list[tuple[str, bytes]]:
    found = []
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            found += _walk(entry, name + "/")
        elif entry.is_file():
            found.append((name, entry.read_bytes()))
    return found


def load_reference() -> LoadResult:
    """Load regions, PPKS categories, PSKS types and programme versions in one transaction."""
    result = LoadResult()
    fingerprint = shipped_fingerprint()
    with transaction.atomic():
        _load_regions(result)
        _load_categories(result)
        _load_programmes(result)
        ReferenceLoad.objects.get_or_create(fingerprint=fingerprint)
    return result


def ensure_reference() -> LoadResult | None:
    """Load the reference data unless these very files were loaded already (None then)."""
    if ReferenceLoad.objects.filter(fingerprint=shipped_fingerprint()).exists():
        return None
    return load_reference()
