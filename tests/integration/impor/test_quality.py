"""Quality reports: per batch, per source, per kab/kota, NIK match rate, safe XLSX export."""

from __future__ import annotations

import fastexcel
import pytest

from datusoban.impor import quality
from datusoban.registri.models import ImportBatch, Source

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db


def test_batch_report_counts_completeness_validity_and_reasons(run_import):
    result = run_import(SAMPLES / "siks-ng.csv", "siks-ng", "Kemensos SIKS-NG")
    report = ImportBatch.objects.get(pk=result.batch_id).laporan
    assert report["baris"] == 6
    assert report["status"] == {"diterima": 2, "peringatan": 2, "karantina": 2, "duplikat": 0}
    nik = report["kolom"]["nik"]
    assert (nik["terisi"], nik["valid"]) == (5, 4)  # one empty, one in scientific notation
    assert report["nik"]["tingkat_valid"] == pytest.approx(0.8)
    assert report["alasan_karantina"]["nik_notasi_ilmiah"] == 1
    assert report["padan"] == {"berlaku": False}  # the national export itself


def test_padan_rate_of_a_regional_source_against_the_latest_national_export(run_import):
    run_import(SAMPLES / "dtsen.csv", "dtsen", "Kemensos DTSEN")
    regional = run_import(SAMPLES / "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin")
    padan = ImportBatch.objects.get(pk=regional.batch_id).laporan["padan"]
    # Accepted register rows: MASRAN and SITI RAHMAH, neither in the DTSEN sample.
    assert (padan["nik"], padan["padan"], padan["tingkat_padan"]) == (2, 0, 0.0)
    regional_lks = run_import(SAMPLES / "siks-ng.csv", "siks-ng", "Kemensos SIKS-NG")
    assert ImportBatch.objects.get(pk=regional_lks.batch_id).laporan["padan"]["berlaku"] is False


def test_source_and_kabkota_reports(run_import):
    run_import(SAMPLES / "siks-ng.csv", "siks-ng", "Kemensos SIKS-NG")
    run_import(SAMPLES / "dtsen.csv", "dtsen", "Kemensos DTSEN")
    source = Source.objects.get(nama="Kemensos SIKS-NG")
    report = quality.source_report(source)
    assert report["jumlah"]["jumlah_baris"] == 6
    assert report["karantina_terbuka"] == 2
    assert report["kelengkapan"]["baris"] == 4
    per_kabkota = {r["kabkota"]: r for r in quality.kabkota_report()}
    assert set(per_kabkota) == {"63.71", "63.03", "63.72"}
    assert per_kabkota["63.72"]["baris"] == 1


def test_xlsx_export_neutralises_formula_cells(run_import, tmp_path):
    result = run_import(SAMPLES / "lks.csv", "lks", "LKS Budi Mulia")
    batch = ImportBatch.objects.get(pk=result.batch_id)
    sheets = quality.batch_frames(batch)
    import polars as pl

    sheets["Karantina"] = pl.DataFrame({"nama": ['=HYPERLINK("http://contoh.invalid","klik")']})
    path = quality.write_xlsx(sheets, tmp_path / "laporan.xlsx")
    book = fastexcel.read_excel(path)
    assert {"Ringkasan", "Kolom", "Alasan", "Karantina"} <= set(book.sheet_names)
    cell = book.load_sheet("Karantina", dtypes="string").to_polars()["nama"][0]
    assert cell.startswith("'=")
