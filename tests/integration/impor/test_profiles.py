"""Each shipped profile imports a realistic sample of its layout; every row lands in one place."""

from __future__ import annotations

import shutil

import pytest
import xlsxwriter

from datusoban.impor.models import DuplicateRow, QuarantinedRow
from datusoban.registri.models import ImportBatch, SourceRecord

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db


def reasons_by_record(batch_id: int) -> dict[str, list[str]]:
    return dict(QuarantinedRow.objects.filter(batch_id=batch_id).values_list("record_id", "alasan"))


def assert_reconciles(result) -> None:
    assert result.accepted + result.quarantined + result.duplicates == result.rows
    batch = ImportBatch.objects.get(pk=result.batch_id)
    stored = (
        SourceRecord.objects.filter(batch=batch).count()
        + QuarantinedRow.objects.filter(batch=batch).count()
        + DuplicateRow.objects.filter(batch=batch).count()
    )
    assert stored == result.rows == batch.jumlah_baris


def test_siks_ng_export_with_region_and_ppks_names(run_import):
    result = run_import(SAMPLES / "siks-ng.csv", "siks-ng", "Kemensos SIKS-NG")
    assert_reconciles(result)
    assert (result.rows, result.accepted, result.quarantined) == (6, 4, 2)
    head = SourceRecord.objects.get(record_id="3301000100001")
    assert head.kode_wilayah == "63.71.01.1006"  # Kelayan Dalam, Banjarmasin Selatan
    assert (head.nik, head.jenis_kelamin, str(head.tanggal_lahir)) == (
        "6371011203800001", "L", "1980-03-12",
    )  # fmt: skip
    assert head.data["nomor_nik"] == "6371011203800001"  # the row as received is kept
    elder = SourceRecord.objects.get(record_id="3301000100004")
    assert elder.kode_wilayah == "63.03.05.1002"  # Jawa, Martapura, Banjar
    assert "tanggal_perkiraan" in elder.peringatan  # 01-07: the unknown-date convention
    child = SourceRecord.objects.get(record_id="3301000100003")
    assert "nik_kosong" in child.peringatan
    reasons = reasons_by_record(result.batch_id)
    assert "nik_notasi_ilmiah" in reasons["3301000100005"]  # Excel damaged the NIK
    assert "wilayah_tidak_ada" in reasons["3301000100006"]  # no such desa


def test_dtsen_export_keeps_desil(run_import):
    result = run_import(SAMPLES / "dtsen.csv", "dtsen", "Kemensos DTSEN")
    assert_reconciles(result)
    assert (result.rows, result.accepted) == (4, 4)
    record = SourceRecord.objects.get(record_id="DTSEN-04")
    assert (record.jenis_kelamin, record.kode_wilayah, record.data["desil"]) == (
        "P", "63.72.02.1003", "4",
    )  # fmt: skip


def test_pkh_list_from_a_workbook_with_a_title_row_and_a_cover_sheet(run_import, tmp_path):
    path = tmp_path / "KPM PKH Banjar 2025.xlsx"
    with xlsxwriter.Workbook(path) as book:
        cover = book.add_worksheet("Keterangan")
        cover.write_row(0, 0, ["Data KPM PKH Kabupaten Banjar, tahap II 2025"])
        sheet = book.add_worksheet("KPM")
        sheet.write_row(0, 0, ["DAFTAR KELUARGA PENERIMA MANFAAT PKH"])
        sheet.write_row(1, 0, ["Kabupaten Banjar — Tahap II 2025"])
        header = ["NO", "ID KPM", "NIK", "NO KK", "NAMA ANGGOTA", "JK", "TGL LAHIR",
                  "STATUS DALAM KELUARGA", "KODE DESA", "KOMPONEN"]  # fmt: skip
        sheet.write_row(3, 0, header)
        rows = [
            ["1", "6303000112648", "6303054101800001", "6303051507090003", "Siti Rahmah", "P",
             "01-01-1980", "Kepala Keluarga", "63.03.05.1002", "anak_sd"],
            ["2", "6303000112648", "6303052109120002", "6303051507090003", "M. Rizky", "L",
             "21-09-2012", "Anak", "63.03.05.1002", "anak_sd"],
        ]  # fmt: skip
        for i, row in enumerate(rows):
            sheet.write_row(4 + i, 0, row)
    result = run_import(path, "pkh", "PKH Kabupaten Banjar")
    assert_reconciles(result)
    assert (result.rows, result.accepted) == (2, 2)
    child = SourceRecord.objects.get(record_id="2")
    assert (child.nama, child.jenis_kelamin, str(child.tanggal_lahir)) == (
        "M. Rizky",
        "L",
        "2012-09-21",
    )
    assert child.data["KOMPONEN"] == "anak_sd"
    assert (
        SourceRecord.objects.get(record_id="1").nomor_baris == 5
    )  # the Excel row an operator sees


def test_kabkota_ppks_register_enforces_region_and_category_rules(run_import):
    result = run_import(SAMPLES / "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin")
    assert_reconciles(result)
    reasons = reasons_by_record(result.batch_id)
    assert (
        "wilayah_luar_kabkota" in reasons["PPKS-6371-004"]
    )  # a Banjar address in a Banjarmasin register
    assert {"ppks_usia", "ppks_jenis_kelamin"} <= set(reasons["PPKS-6371-003"])  # PRSE: women 18-59
    assert set(SourceRecord.objects.values_list("record_id", flat=True)) == {
        "PPKS-6371-001",
        "PPKS-6371-002",
    }


def test_kabkota_register_without_a_kabkota_source_is_refused_before_storing(run_import):
    from datusoban.impor.sources import SourceError

    with pytest.raises(SourceError, match="tidak menyebut kabupaten/kota"):
        run_import(SAMPLES / "ppks-kabkota.csv", "ppks-kabkota", "Dinas Sosial")
    assert not ImportBatch.objects.exists()


def test_lks_client_list_quarantines_a_formula_cell(run_import):
    result = run_import(SAMPLES / "lks.csv", "lks", "LKS Budi Mulia")
    assert_reconciles(result)
    assert reasons_by_record(result.batch_id) == {"K-003": ["rumus_sel"]}
    assert "nik_kosong" in SourceRecord.objects.get(record_id="K-002").peringatan


def test_panti_residents(run_import):
    result = run_import(SAMPLES / "panti.csv", "panti", "UPTD Panti Sosial Budi Sejahtera")
    assert_reconciles(result)
    assert (result.rows, result.accepted) == (2, 2)
    assert SourceRecord.objects.get(record_id="WB-2024-001").data["tgl_masuk"] == "2024-02-01"


def test_disaster_victims_with_an_exact_duplicate_row(run_import):
    result = run_import(SAMPLES / "bencana.csv", "bencana", "Posko Banjir Martapura Timur")
    assert_reconciles(result)
    assert (result.rows, result.accepted, result.duplicates) == (3, 2, 1)
    duplicate = DuplicateRow.objects.get()
    assert (duplicate.nomor_baris, duplicate.duplikat_dari) == (4, 3)


def test_interchange_file_from_the_synthetic_generator(run_import, tmp_path):
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    run(SynthConfig(people=2_000, seed=3), tmp_path)
    path = tmp_path / "lks.csv"
    shutil.copy(tmp_path / "dtks.csv", tmp_path / "dtks-copy.csv")
    result = run_import(path, "interchange", "LKS gabungan")
    assert_reconciles(result)
    assert result.accepted > 0
