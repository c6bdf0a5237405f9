"""Shared set-up for the rule tests: a context, and a clean row to spoil one field at a time."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from datusoban.impor.rules import CANONICAL, RuleContext, validate

AS_OF = date(2025, 6, 30)

# A row every rule accepts: Siti, born 5 July 1985, NIK and KK consistent with that.
CLEAN: dict[str, str | None] = {
    "record_id": "R-1",
    "nik": "6371014507850003",
    "no_kk": "6371010101100001",
    "nama": "SITI AMINAH",
    "jenis_kelamin": "P",
    "tempat_lahir": "BANJARMASIN",
    "tanggal_lahir": "1985-07-05",
    "nama_ibu_kandung": "FATIMAH",
    "hubungan_keluarga": "Istri",
    "alamat": "JL. A. YANI KM 2 NO. 5",
    "rt": "001",
    "rw": "002",
    "kode_wilayah": "63.71.01.1001",
    "ppks": None,
}


@pytest.fixture(scope="session")
def context() -> RuleContext:
    return RuleContext.default(AS_OF)


def _frame_of(*changes: dict[str, str | None]) -> pl.DataFrame:
    """One row per dict: CLEAN with those fields replaced; record ids R-1, R-2, ...; _row from 2."""
    rows = [{**CLEAN, "record_id": f"R-{i + 1}", **change} for i, change in enumerate(changes)]
    return pl.DataFrame(rows, schema=dict.fromkeys(CANONICAL, pl.Utf8)).with_columns(
        _row=pl.int_range(2, len(rows) + 2, dtype=pl.Int64)
    )


@pytest.fixture(scope="session")
def clean_row() -> dict[str, str | None]:
    return dict(CLEAN)


@pytest.fixture(scope="session")
def frame_of():
    """frame_of({"nik": None}, {}) -> a two-row canonical frame built from CLEAN."""
    return _frame_of


@pytest.fixture(scope="session")
def check(context):
    """check(nik=None) -> validate() of one CLEAN row with that change, as a dict with
    an extra key "codes": its errors and warnings together, as a set."""

    def run(context: RuleContext = context, **change: str | None) -> dict:
        row = validate(_frame_of(change), context).row(0, named=True)
        return {**row, "codes": {*row["errors"], *row["warnings"]}}

    return run
