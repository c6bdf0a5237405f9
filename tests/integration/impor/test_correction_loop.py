"""Quarantined rows go out as a sheet in the file's own columns, come back fixed, and close."""

from __future__ import annotations

import fastexcel
import pytest
import xlsxwriter

from datusoban.accounts.roles import ADMIN, role
from datusoban.impor import quality, quarantine
from datusoban.impor.models import QuarantinedRow
from datusoban.registri.models import ImportBatch, SourceRecord

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db


def read_sheet(path, name):
    return fastexcel.read_excel(path).load_sheet(name, dtypes="string").to_polars()


def test_export_fix_and_reimport_closes_the_quarantine(run_import, tmp_path):
    first = run_import(SAMPLES / "lks.csv", "lks", "LKS Budi Mulia")
    batch = ImportBatch.objects.get(pk=first.batch_id)
    rows = quarantine.shown_frame(
        role(ADMIN), batch, quarantine.values(quarantine.open_rows(batch))
    )
    exported = quality.write_xlsx(quality.batch_frames(batch, rows), tmp_path / "karantina.xlsx")
    sheet = read_sheet(exported, "Karantina")
    assert sheet.columns[0] == "_baris" and sheet.columns[-1] == "_alasan"
    assert sheet.columns[1:-1] == ["no_klien", "nik", "nama_klien", "jk", "tempat_lahir",
                                   "tgl_lahir", "alamat_asal", "kode_desa", "id_lks",
                                   "jenis_layanan"]  # fmt: skip
    row = sheet.row(0, named=True)
    assert row["nama_klien"].startswith("'=")  # neutralised on the way out
    assert "rumus" in row["_alasan"].lower()

    # Sent back unchanged, the neutralised formula is still refused.
    fixed = tmp_path / "perbaikan.xlsx"
    with xlsxwriter.Workbook(fixed) as book:
        out = book.add_worksheet("Karantina")
        out.write_row(0, 0, sheet.columns)
        out.write_row(1, 0, [row[c] or "" for c in sheet.columns])
    unchanged = run_import(fixed, "lks", "LKS Budi Mulia")
    assert (unchanged.quarantined, unchanged.resubmitted) == (1, 0)

    # With the name corrected it is accepted and closes the first quarantine.
    corrected = tmp_path / "perbaikan-2.xlsx"
    with xlsxwriter.Workbook(corrected) as book:
        out = book.add_worksheet("Karantina")
        out.write_row(0, 0, sheet.columns)
        out.write_row(
            1, 0, [("Siti Aminah" if c == "nama_klien" else row[c] or "") for c in sheet.columns]
        )
    result = run_import(corrected, "lks", "LKS Budi Mulia")
    assert (result.accepted, result.resubmitted) == (1, 2)  # both open quarantines of K-003
    assert SourceRecord.objects.get(record_id="K-003").nama == "Siti Aminah"
    assert not QuarantinedRow.objects.filter(status="terbuka").exists()
