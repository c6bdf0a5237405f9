"""A victim list from a disaster post, read and checked as the ``bencana`` import profile
reads and checks it (headers, NIK, No KK, region codes), then handed to the disaster
services as victims: rows the checks quarantine are refused with their reasons, the others
registered (linked to the registry where the scope finds them)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.utils import timezone

from datusoban.bencana.actions import Victim
from datusoban.impor.mapping import map_table
from datusoban.impor.profiles import profile_by_name
from datusoban.impor.reading import read_table
from datusoban.impor.rules.context import RuleContext
from datusoban.impor.rules.validate import validate

PROFILE = "bencana"


def read_victims(path: Path) -> tuple[list[Victim], list[tuple[int, str]]]:
    """The victims of a list, and the rows refused by the checks (row, reasons).

    Raises ReadError or MissingColumnsError (with the operator's message) for a file
    that cannot be read at all."""
    profile = profile_by_name(PROFILE)
    mapped = map_table(read_table(path, header_hint=profile.hint()), profile)
    checked = validate(mapped.frame, RuleContext.default(timezone.localdate()))
    refused = [
        (row, "Ditolak pemeriksaan: " + ", ".join(errors))
        for row, errors in checked.filter(pl.col("status") == "karantina")
        .select("_row", "errors")
        .iter_rows()
    ] + [
        (row, f"Baris ganda dari baris {first}.")
        for row, first in checked.filter(pl.col("status") == "duplikat")
        .select("_row", "duplicate_of")
        .iter_rows()
    ]
    taken = checked.filter(pl.col("status").is_in(["diterima", "peringatan"])).select(
        "_row", "nama", "kondisi", "nik_norm", "no_kk_norm", "kode_wilayah_norm"
    )
    victims = [
        Victim(
            nama=nama or "",
            desa=desa or "",
            kondisi=(kondisi or "terdampak").strip().lower(),
            nik=nik or "",
            no_kk=kk or "",
            baris=row,
        )
        for row, nama, kondisi, nik, kk, desa in taken.iter_rows()
    ]
    return victims, refused
