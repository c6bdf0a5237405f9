"""Streaming CSV output and the run summary.

Files are opened once and every chunk's rows are appended (header written once),
so memory stays bounded by one chunk whatever the size of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polars as pl

from datusoban.synth.noise import INTERCHANGE

TRUTH_COLUMNS = ["source", "record_id", "person_key", "hh_key", "noise"]
PERSON_TRUTH = [
    "person_key",
    "hh_key",
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "twin_group",
    "namesake_group",
    "status",
    "mother_key",
    "pindah_ke",
]
HOUSEHOLD_TRUTH = ["hh_key", "no_kk", "kode_wilayah", "true_welfare", "true_desil", "pkh"]


@dataclass
class SynthSummary:
    people: int = 0
    households: int = 0
    # kab/kota → people, households, pkh_families, ppks_people
    per_kabkota: dict[str, dict[str, int]] = field(default_factory=dict)
    pkh_families: int = 0
    pendamping: int = 0
    lks: int = 0
    uptd: int = 0
    source_rows: dict[str, int] = field(default_factory=dict)  # file stem → rows
    seconds: float = 0.0

    def add_chunk(self, chunk) -> None:
        """Count one chunk's people, households, PKH families and PPKS people."""
        pkh = int(chunk.households["pkh"].sum())
        ppks = int(chunk.persons["ppks"].is_not_null().sum())
        self.people += chunk.persons.height
        self.households += chunk.households.height
        self.pkh_families += pkh
        row = self.per_kabkota.setdefault(
            chunk.kabkota, {"people": 0, "households": 0, "pkh_families": 0, "ppks_people": 0}
        )
        row["people"] += chunk.persons.height
        row["households"] += chunk.households.height
        row["pkh_families"] += pkh
        row["ppks_people"] += ppks


class Writer:
    """Appends rows to source files and their ground truth, numbering records per file."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        (out_dir / "truth").mkdir(parents=True, exist_ok=True)
        self.handles: dict[str, BinaryIO] = {}
        self.rows: dict[str, int] = {}

    def _append(self, relpath: str, frame: pl.DataFrame) -> None:
        first = relpath not in self.handles
        if first:
            self.handles[relpath] = (self.out_dir / relpath).open("wb")
        frame.write_csv(self.handles[relpath], include_header=first)

    def source(self, stem: str, prefix: str, frame: pl.DataFrame, extras: list[str]) -> None:
        """Write rows of one source: record ids, interchange columns, extras; truth rows."""
        start = self.rows.get(stem, 0)
        n = frame.height
        ids = pl.Series("record_id", range(start + 1, start + n + 1), dtype=pl.Int64)
        record_id = (prefix + ids.cast(pl.Utf8).str.zfill(7)).alias("record_id")
        body = frame.select(INTERCHANGE + extras).insert_column(0, record_id)
        self._append(f"{stem}.csv", body)
        truth = pl.DataFrame(
            {
                "source": pl.Series([stem] * n, dtype=pl.Utf8),
                "record_id": record_id,
                "person_key": frame["person_key"],
                "hh_key": frame["hh_key"],
                "noise": frame["noise"],
            }
        )
        self._append("truth/truth.csv", truth)
        self.rows[stem] = start + n

    def empty(self, stem: str, extras: list[str]) -> None:
        """A header-only file for a source that had no rows at all."""
        if stem not in self.rows:
            cols = ["record_id", *INTERCHANGE, *extras]
            self._append(
                f"{stem}.csv",
                pl.DataFrame({c: [] for c in cols}, schema=dict.fromkeys(cols, pl.Utf8)),
            )
            self.rows[stem] = 0

    def truth(self, chunk) -> None:
        persons = pl.concat([chunk.persons, chunk.truth.drop("person_key")], how="horizontal")
        self._append("truth/persons.csv", persons.select(PERSON_TRUTH))
        self._append("truth/households.csv", chunk.households.select(HOUSEHOLD_TRUTH))

    def close(self) -> None:
        if "truth/truth.csv" not in self.handles:
            self._append(
                "truth/truth.csv", pl.DataFrame(schema=dict.fromkeys(TRUTH_COLUMNS, pl.Utf8))
            )
        for h in self.handles.values():
            h.close()
