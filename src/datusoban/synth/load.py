"""Load a synthetic population into the registry, as one import batch of a synthetic source.

The generator's chunks are mapped onto the registry's bulk loader; every person
becomes a SourceRecord of the batch (the row as a population register would
send it), so synthetic data carry provenance exactly as real imports do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass

import polars as pl
from django.utils import timezone

from datusoban.registry.models import ImportBatch, Source
from datusoban.registry.population import (
    HOUSEHOLD_COLUMNS,
    PERSON_COLUMNS,
    LoadCounts,
    load_population,
    with_derived_columns,
)
from datusoban.synth.config import SynthConfig
from datusoban.synth.population import Chunk

SOURCE_CODE = "populasi-sintetis"

# The columns of the population register row kept as received (interchange format order).
_RECORD_COLUMNS = (
    "record_id", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan_keluarga", "alamat", "rt", "rw", "kode_wilayah",
)  # fmt: skip


def config_digest(config: SynthConfig) -> str:
    """A stable fingerprint of a generator configuration: the same config is the same batch."""
    return hashlib.sha256(repr(sorted(asdict(config).items())).encode()).hexdigest()


def existing_batch(config: SynthConfig) -> ImportBatch | None:
    """The completed batch that already holds this configuration's population, if any."""
    return ImportBatch.objects.filter(
        source__kode=SOURCE_CODE, sha256=config_digest(config), status=ImportBatch.Status.SELESAI
    ).first()


def start_batch(config: SynthConfig, user: str) -> ImportBatch:
    source, _ = Source.objects.get_or_create(
        kode=SOURCE_CODE,
        defaults={"nama": "Populasi sintetis Kalimantan Selatan", "jenis": Source.Jenis.SINTETIS},
    )
    return ImportBatch.objects.create(
        source=source,
        nama_berkas=f"populasi sintetis: {config.people:,} orang, seed {config.seed}",
        sha256=config_digest(config),
        profil="sintetis",
        diimpor_oleh=user,
    )


def finish_batch(batch: ImportBatch, counts: LoadCounts) -> None:
    batch.jumlah_baris = batch.diterima = counts.persons
    batch.status = ImportBatch.Status.SELESAI
    batch.selesai = timezone.now()
    batch.save(update_fields=["jumlah_baris", "diterima", "status", "selesai"])


@dataclass(frozen=True)
class PreparedChunk:
    """A chunk mapped onto the registry loader's frames, ready to write."""

    households: pl.DataFrame
    persons: pl.DataFrame


def prepare_chunk(chunk: Chunk) -> PreparedChunk:
    """Map a generated chunk onto the registry's frames. Pure: no database, so it can
    run in the generator's worker thread while the previous chunk is written."""
    households = chunk.households.select(
        "hh_key", *[c for c in HOUSEHOLD_COLUMNS if c in chunk.households.columns]
    ).rename({"hh_key": "key"})
    address = chunk.households.select("hh_key", "no_kk", "alamat", "rt", "rw", "kode_wilayah")
    people = chunk.persons.join(address, on="hh_key", how="left").with_columns(
        record_id=pl.col("person_key").cast(pl.Utf8)
    )
    record = pl.struct(
        [pl.col(c).cast(pl.Utf8) if c == "tanggal_lahir" else pl.col(c) for c in _RECORD_COLUMNS]
    ).struct.json_encode()
    persons = people.select(
        *[c for c in PERSON_COLUMNS if c in people.columns],
        key="person_key",
        household_key="hh_key",
        record_id="record_id",
        data=record,
        ppks="ppks",
    )
    return PreparedChunk(households, with_derived_columns(persons))


def chunk_loader(batch: ImportBatch, config: SynthConfig) -> Callable[[PreparedChunk], LoadCounts]:
    """A callback that writes each prepared chunk into the registry under ``batch``."""
    next_row = 1

    def load(chunk: PreparedChunk) -> LoadCounts:
        nonlocal next_row
        counts = load_population(
            batch, chunk.households, chunk.persons, as_of=config.as_of, first_row=next_row
        )
        next_row += counts.persons
        return counts

    return load
