"""Small person records for linkage tests: a few families in one desa of Banjarmasin."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.penautan.columns import INTERCHANGE

DESA = "63.71.01.1012"


def records(rows: list[dict[str, str]]) -> pl.DataFrame:
    """Interchange records (all text) with `source`; missing columns are empty."""
    full = [{c: row.get(c) for c in (*INTERCHANGE, "source")} for row in rows]
    return pl.DataFrame(full, schema=dict.fromkeys((*INTERCHANGE, "source"), pl.Utf8))


def person(source: str, record_id: str, **fields: str) -> dict[str, str]:
    """A record in the default desa; fields override."""
    return {"source": source, "record_id": record_id, "kode_wilayah": DESA, **fields}


@pytest.fixture(scope="session")
def link():
    """link_records with the shipped model and thresholds: person_id per (source, record_id)."""
    from datusoban.penautan import link_records

    def run(rows: list[dict[str, str]]):
        result = link_records(records(rows))
        ids = {
            (s, r): p
            for s, r, p in result.clusters.select("source", "record_id", "person_id").iter_rows()
        }
        return ids, result

    return run
