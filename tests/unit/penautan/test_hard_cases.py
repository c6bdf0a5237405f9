"""The cases the issue names, as tables: who must be linked and who must stay apart.

Each case is a handful of records in one desa; the shipped model and
thresholds decide. Real Splink on DuckDB, so each case is a real link run.
"""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.penautan.conftest import person, records

HEAD = "Kepala Keluarga"

# Background: the family the cases are set in (head, wife), so that the
# records under test are not alone in their desa.
FAMILY = [
    person("dtks", "K1", nik="6371011506700001", nama="HASAN MUSLIM", jenis_kelamin="L",
           tanggal_lahir="1970-06-15", nama_ibu_kandung="SAMSIAH", hubungan_keluarga=HEAD),
    person("dtks", "K2", nik="6371014408740001", nama="RATNA", jenis_kelamin="P",
           tanggal_lahir="1974-08-04", nama_ibu_kandung="HALIMAH", hubungan_keluarga="Istri"),
]  # fmt: skip

SAME = [
    pytest.param(
        person("dtks", "A", nik="6371011203950001", nama="MUHAMMAD RIZKI", jenis_kelamin="L",
               tanggal_lahir="1995-03-12", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        person("lks", "B", nik="6371011203950001", nama="MOH. RIZKY", jenis_kelamin="LAKI-LAKI",
               tanggal_lahir="12/03/1995", nama_ibu_kandung="Ratna", hubungan_keluarga="ANAK"),
        id="MOH. RIZKY is Muhammad Rizki",
    ),
    pytest.param(
        person("dtks", "A", nama="MUHAMMAD RIZKI", jenis_kelamin="L", tanggal_lahir="1995-03-12",
               nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        person("ppks_6371", "B", nama="M. Rizki", jenis_kelamin="L", tanggal_lahir="12-03-1995",
               nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        id="no NIK: M. Rizki by name, date, mother, desa",
    ),
    pytest.param(
        person("dtks", "A", nik="6371014107600002", nama="SITI NURHAYATI", jenis_kelamin="P",
               tanggal_lahir="1960-03-15", nama_ibu_kandung="ASIAH", hubungan_keluarga="Orang Tua"),
        person("panti", "B", nik="6371014107600002", nama="Hj. Siti Noor Hayati", jenis_kelamin="P",
               tanggal_lahir="01-07-1960", nama_ibu_kandung="ASIAH", hubungan_keluarga="Orang Tua"),
        id="unknown date written 01-07 still links on NIK and name",
    ),
    pytest.param(
        person("dtks", "A", nik="6371011203950001", nama="MUHAMMAD RIZKI", jenis_kelamin="L",
               tanggal_lahir="1995-03-12", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        person("bencana", "B", nik="6371011230950001", nama="MUHAMMAD RIZKI", jenis_kelamin="L",
               tanggal_lahir="1995-03-12", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        id="mistyped NIK (two digits swapped)",
    ),
]  # fmt: skip

APART = [
    pytest.param(
        person("dtks", "A", nik="6371014408740001", nama="RATNA", jenis_kelamin="P",
               tanggal_lahir="1974-08-04", nama_ibu_kandung="HALIMAH", hubungan_keluarga="Istri"),
        person("pkh", "B", nik="6371014408740001", nama="NABILA PUTRI", jenis_kelamin="P",
               tanggal_lahir="2010-05-21", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        id="mother's NIK on the child's record",
    ),
    pytest.param(
        person("dtks", "A", nik="6371011203150001", nama="MUHAMMAD HASAN", jenis_kelamin="L",
               tanggal_lahir="2015-03-12", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        person("dtks", "B", nik="6371011203150002", nama="MUHAMMAD HUSIN", jenis_kelamin="L",
               tanggal_lahir="2015-03-12", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        id="twins, same sex, names one letter apart",
    ),
    pytest.param(
        person("dtks", "A", nik="6371011203150001", nama="PUTRA", jenis_kelamin="L",
               tanggal_lahir="2015-03-12", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        person("pkh", "B", nik="6371015203150001", nama="PUTRI", jenis_kelamin="P",
               tanggal_lahir="2015-03-12", nama_ibu_kandung="RATNA", hubungan_keluarga="Anak"),
        id="twins, boy and girl: NIKs differ only in the sex-coded day",
    ),
    pytest.param(
        person("dtks", "A", nik="6371011506700001", nama="HASAN MUSLIM", jenis_kelamin="L",
               tanggal_lahir="1970-06-15", nama_ibu_kandung="SAMSIAH", hubungan_keluarga=HEAD),
        person("lks", "B", nama="HASAN MUSLIM", jenis_kelamin="L", tanggal_lahir="2018-09-02",
               nama_ibu_kandung="NURUL AINI", hubungan_keluarga="Cucu"),
        id="namesakes in one desa: grandfather and grandson",
    ),
    pytest.param(
        person("dtks", "A", nik="6371011203950001", nama="MUHAMMAD YUDI", jenis_kelamin="L",
               tanggal_lahir="1995-03-12", kode_wilayah="63.71.01.1001"),
        person("pkh", "B", nik="6371021203950001", nama="RIZAL KHAIRIL", jenis_kelamin="L",
               tanggal_lahir="1995-03-12", kode_wilayah="63.71.02.1002"),
        id="born one day in neighbouring kecamatan: NIKs one digit apart, each its own",
    ),
    pytest.param(
        person("dtks", "A", nama="MUHAMMAD SALMAN", jenis_kelamin="L", tanggal_lahir="2016-08-20",
               nama_ibu_kandung="ANI ERNAWATI", hubungan_keluarga="Anak"),
        person("lks", "B", nama="MUHAMMAD SALMAN", jenis_kelamin="L", tanggal_lahir="2018-07-10",
               nama_ibu_kandung="ANI ERNAWATI", hubungan_keluarga="Anak"),
        id="namesake brothers without NIKs, different birth dates",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), SAME)
def test_linked(link, a, b):
    ids, _ = link([*FAMILY, a, b])
    assert ids[(a["source"], "A")] == ids[(b["source"], "B")]
    # ...and neither swallowed the family around them.
    assert ids[("dtks", "K1")] != ids[(a["source"], "A")]


@pytest.mark.parametrize(("a", "b"), APART)
def test_kept_apart(link, a, b):
    ids, _ = link([*FAMILY, a, b])
    assert ids[(a["source"], "A")] != ids[(b["source"], "B")]


def test_placeholder_date_is_weaker_evidence_than_a_real_one(link):
    """Two records that agree on 01-07-1960 prove less than two that agree on 15-03-1960."""
    base = {"nama": "ASIAH", "jenis_kelamin": "P", "nama_ibu_kandung": "SALAMAH"}
    _, result = link(
        [
            person("a", "1", tanggal_lahir="1960-07-01", **base),
            person("b", "1", tanggal_lahir="01-07-1960", **base),
            person("a", "2", tanggal_lahir="1960-03-15", nama="ASIAH", jenis_kelamin="P"),
            person("b", "2", tanggal_lahir="15-03-1960", nama="ASIAH", jenis_kelamin="P"),
        ]
    )
    pairs = {(r["record_id_l"], r["record_id_r"]): r for r in result.pairs.iter_rows(named=True)}
    placeholder, real = pairs[("1", "1")], pairs[("2", "2")]
    assert placeholder["level_tgl"] == "exact, an unknown-date convention"
    assert real["level_tgl"] == "exact"
    assert placeholder["mw_tgl"] < real["mw_tgl"]


def test_pairs_carry_evidence_per_field(link):
    a, b = SAME[0].values
    _, result = link([*FAMILY, a, b])
    pair = result.pairs.filter(pl.col("status") == "link").row(0, named=True)
    assert pair["status"] == "link"
    assert pair["level_nik"] == "exact, fits both records"
    assert pair["mw_nik"] > 10
    assert pair["level_nama"] in {"exact", "same tokens, other order or joined"}


def test_small_batches_use_no_term_frequencies(link):
    """In a handful of records every name is 'frequent': the weight stays the model's own."""
    from datusoban.penautan.model import load_model

    a, b = SAME[0].values
    _, result = link([*FAMILY, a, {**b, "nama": "MUHAMMAD RIZKI"}])
    pair = result.pairs.filter(pl.col("level_nama") == "exact").row(0, named=True)
    assert pair["mw_nama"] == pytest.approx(load_model().levels["nama"]["exact"].weight)


def _pair_levels(rows: list[dict[str, str]]) -> dict:
    """The scored A-B pair, whatever its probability (review threshold near 0)."""
    from datusoban.penautan import link_records
    from datusoban.penautan.policy import Thresholds, load_thresholds

    shipped = load_thresholds()
    low = Thresholds(shipped.match_probability, 1e-12, shipped.never_link)
    pairs = link_records(records(rows), thresholds=low).pairs
    ab = pl.col("record_id_l").is_in(["A", "B"]) & pl.col("record_id_r").is_in(["A", "B"])
    return pairs.filter(ab).row(0, named=True)


def test_a_nik_its_record_explains_is_no_typo():
    """One digit apart: a typo only when a NIK does not fit its own record."""
    neighbours = next(c for c in APART if "neighbouring" in c.id).values
    pair = _pair_levels([*FAMILY, *neighbours])
    assert pair["level_nik"] == "different, both fit their records"
    assert pair["status"] != "link"
    # The same number on a record of the first man's own kecamatan and name: a typo.
    typo = {**neighbours[1], "nama": "MUHAMMAD YUDI", "kode_wilayah": "63.71.01.1001"}
    pair = _pair_levels([*FAMILY, neighbours[0], typo])
    assert pair["level_nik"] == "one typo outside the serial"
    assert pair["status"] == "link"
