"""Load a synthetic population into the registry, as one import batch of a synthetic source.

The generator's chunks are mapped onto the registry's bulk loader; every person
becomes a SourceRecord of the batch (the row as a population register would
send it), so synthetic data carry provenance exactly as real imports do. The
generator's PKH and BPNT families are written as enrolments with them
(``enrolments``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass

import polars as pl
from django.utils import timezone

from datusoban import db
from datusoban.formatting import angka
from datusoban.registri.models import Household, ImportBatch, Source
from datusoban.registri.population import (
    HOUSEHOLD_COLUMNS,
    PERSON_COLUMNS,
    LoadCounts,
    load_population,
    with_derived_columns,
)
from datusoban.registri.stats import refresh_counts
from datusoban.synth import enrolments
from datusoban.synth.config import SynthConfig, rng_for
from datusoban.synth.population import Chunk

SOURCE_CODE = "populasi-sintetis"

# The columns of the population register row kept as received (interchange format order).
_RECORD_COLUMNS = (
    "record_id", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan_keluarga", "alamat", "rt", "rw", "kode_wilayah",
)  # fmt: skip


def config_digest(config: SynthConfig) -> str:
    """A stable fingerprint of a generator configuration: the same config is the same batch.

    The realism shapes only the source files, not the population that is loaded, so
    it is left out (and fingerprints of batches loaded before it existed still match).
    """
    fields = asdict(config)
    fields.pop("realism")
    return hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()


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
        nama_berkas=f"populasi sintetis: {angka(config.people)} orang, seed {config.seed}",
        sha256=config_digest(config),
        profil="sintetis",
        diimpor_oleh=user,
    )


def finish_batch(batch: ImportBatch, counts: LoadCounts) -> None:
    """Mark the batch complete and recount the registry per kab/kota; call after the
    last chunk, inside the load's transaction."""
    batch.jumlah_baris = batch.diterima = counts.persons
    batch.status = ImportBatch.Status.SELESAI
    batch.selesai = timezone.now()
    batch.save(update_fields=["jumlah_baris", "diterima", "status", "selesai"])
    refresh_counts()


@dataclass
class Counts(LoadCounts):
    """What a synthetic load wrote: the registry's rows and the enrolments'."""

    kepesertaan: int = 0
    riwayat_kepesertaan: int = 0


@dataclass(frozen=True)
class PreparedChunk:
    """A chunk mapped onto the registry loader's frames, ready to write."""

    households: pl.DataFrame
    persons: pl.DataFrame
    # The generator's programme facts per household (enrolments.COLUMNS).
    programmes: pl.DataFrame | None = None


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
    programmes = chunk.households.select(enrolments.COLUMNS)
    return PreparedChunk(households, with_derived_columns(persons), programmes)


def chunk_loader(batch: ImportBatch, config: SynthConfig) -> Callable[[PreparedChunk], Counts]:
    """A callback that writes each prepared chunk into the registry under ``batch``,
    with the enrolments of its PKH and BPNT families."""
    next_row = 1
    chunk_number = 0

    def load(chunk: PreparedChunk) -> Counts:
        nonlocal next_row, chunk_number
        households = chunk.households
        if chunk.programmes is not None:
            # Reserved here so that the enrolments can point at the households.
            first = db.reserve_ids(Household._meta.db_table, households.height)
            households = households.with_columns(
                id=pl.int_range(first, first + households.height, dtype=pl.Int64)
            )
        counts = Counts(
            **asdict(
                load_population(
                    batch, households, chunk.persons, as_of=config.as_of, first_row=next_row
                )
            )
        )
        next_row += counts.persons
        if chunk.programmes is not None:
            written = enrolments.write_enrolments(
                rng_for(config, 9, chunk_number),
                chunk.programmes.join(
                    households.select(hh_key="key", household_id="id"), on="hh_key", how="left"
                ),
                config.as_of,
            )
            counts.kepesertaan = written.kepesertaan
            counts.riwayat_kepesertaan = written.riwayat
        chunk_number += 1
        return counts

    return load
