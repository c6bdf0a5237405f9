"""The shipped region file read the quick way gives what the full reading gives."""

from __future__ import annotations

import csv
import gzip

from datusoban.reference import wilayah


def _as_dict_reader_reads() -> list[tuple[str, str]]:
    source = wilayah._open("wilayah.csv.gz")
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return [(row["kode"], row["nama"]) for row in csv.DictReader(f)]


def test_regions_codes_and_kecamatan_codes_agree_with_the_file():
    rows = _as_dict_reader_reads()
    assert [(w.kode, w.nama) for w in wilayah.all_regions()] == rows
    assert wilayah.all_codes() == tuple(kode for kode, _ in rows)
    # A name with a comma in it comes through whole.
    assert ("12.07.28.1007", "Lubuk Pakam I,II") in rows
    assert wilayah.nik_region_codes() == frozenset(
        w.kode.replace(".", "") for w in wilayah.all_regions() if w.level == wilayah.KECAMATAN
    )
    assert "637101" in wilayah.nik_region_codes()
