"""Write golden records: new persons inserted, touched persons' fields chosen again.

Both go through the bulk paths (`db.insert_frame`, `db.update_frame`) with
the fields survivorship chose and their provenance (`Person.asal_data`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from datusoban import db
from datusoban.penautan.registry_records import ids_in, read_records
from datusoban.penautan.survivorship import FIELDS, Survivorship, golden_fields
from datusoban.registri.events import REGISTER, announce
from datusoban.registri.models import Person, SourceRecord
from datusoban.registri.population import complete_defaults, with_derived_columns

# Widths of Person's text columns: a source may send longer text than the registry keeps.
_WIDTH = {"nik": 16, "nama": 200, "tempat_lahir": 100, "nama_ibu_kandung": 200}
_DEFAULTED = ("status", "disabilitas_berat", "hamil")


def person_rows(golden: pl.DataFrame) -> pl.DataFrame:
    """Person table rows (id = `person`) from golden_fields output, blanks filled as the model
    would."""
    rows = golden.select(
        id="person",
        **{f: pl.col(f).str.slice(0, _WIDTH[f]) if f in _WIDTH else pl.col(f) for f in FIELDS},
        asal_data="asal_data",
    ).with_columns(
        jenis_kelamin=pl.when(pl.col("jenis_kelamin").is_in(["L", "P"])).then("jenis_kelamin"),
        nama=pl.col("nama").fill_null(""),
    )
    rows = with_derived_columns(rows)
    return complete_defaults(rows, Person, tuple(c for c in FIELDS if c != "tanggal_lahir"))


def write_golden(*, new_persons: pl.DataFrame, touched: list[int], policy: Survivorship) -> None:
    """Insert `new_persons` (their records: `person_db` + read_records columns) and choose
    the fields of the `touched` existing persons again from all their records."""
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = {"diubah_pada": pl.lit(now)}
    if new_persons.height:
        rows = person_rows(golden_fields(new_persons.rename({"person_db": "person"}), policy))
        rows = complete_defaults(rows, Person, _DEFAULTED)
        db.insert_frame(Person._meta.db_table, rows.with_columns(dibuat_pada=pl.lit(now), **stamp))
        # Every person the registry creates from records comes through here (a link run,
        # a split, a birth the civil registry reported): subscribers hear of them.
        announce(REGISTER, rows["id"].to_list())
    if touched:
        refresh(touched, policy)


def refresh(persons: list[int], policy: Survivorship) -> None:
    """Choose the golden fields of `persons` again from the records they have now."""
    now = datetime.now(UTC).replace(tzinfo=None)
    frames = [
        read_records(SourceRecord.objects.filter(person_id__in=chunk)) for chunk in ids_in(persons)
    ]
    records = pl.concat(frames).filter(pl.col("person_db").is_not_null())
    if records.height == 0:
        return
    rows = person_rows(golden_fields(records.rename({"person_db": "person"}), policy))
    db.update_frame(Person._meta.db_table, rows.with_columns(diubah_pada=pl.lit(now)))
