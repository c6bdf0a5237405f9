"""A value longer than its field allows: the row is quarantined with the reason, stored
whole in the row as received, and nothing in the registry is cut."""

from __future__ import annotations

import csv

import pytest
from django.db.models.functions import Length

from datusoban.impor.models import QuarantinedRow
from datusoban.registri.models import SourceRecord

pytestmark = pytest.mark.django_db

LONG_NAME = "SITI " + "NURHAYATI " * 1_800  # 18,005 characters
HEADER = ["record_id", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "alamat", "rt",
          "kode_wilayah", "layanan"]  # fmt: skip


def write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(rows)
    return path


def test_too_long_values_are_quarantined_with_their_reason_and_nothing_is_cut(tmp_path, run_import):
    assert len(LONG_NAME) == 18_005
    path = write(tmp_path / "klien.csv", [
        ["K-1", "6371014101500001", "Hj. Rusmini", "P", "1950-01-01", "Jl. Sultan Adam", "004",
         "63.71.01.1001", "Pendampingan lanjut usia"],
        ["K-2", "6371015506850002", LONG_NAME, "P", "1985-06-15", "Jl. Kelayan A", "003",
         "63.71.01.1001", "Pendampingan"],
        ["K-3", "6371011203800001", "Masrani", "L", "1980-03-12", "Jl. " + "Kelayan " * 40,
         "RT 05", "63.71.01.1001", "x" * 250],
    ])  # fmt: skip
    result = run_import(path, "lks", "LKS Budi Mulia")
    assert (result.rows, result.accepted, result.quarantined) == (3, 1, 2)

    held = {q.record_id: q for q in QuarantinedRow.objects.all()}
    assert held["K-2"].alasan == ["terlalu_panjang_nama"]
    assert held["K-2"].data["nama"] == LONG_NAME  # whole, as received
    assert sorted(held["K-3"].alasan) == [
        "terlalu_panjang_alamat", "terlalu_panjang_lain", "terlalu_panjang_rt",
    ]  # fmt: skip
    assert SourceRecord.objects.get().record_id == "K-1"
    assert not SourceRecord.objects.annotate(n=Length("nama")).filter(n__gt=150).exists()


def test_the_command_line_names_the_field_and_the_limit(tmp_path):
    import io

    from django.core.management import call_command

    path = write(tmp_path / "klien.csv", [
        ["K-2", "6371015506850002", LONG_NAME, "P", "1985-06-15", "Jl. Kelayan A", "003",
         "63.71.01.1001", "Pendampingan"],
    ])  # fmt: skip
    out = io.StringIO()
    call_command("import", str(path), profile="lks", source="LKS Budi Mulia", stdout=out)
    said = out.getvalue()
    assert "0 diterima" in said and "1 karantina" in said
    assert "Nama lebih dari 150 karakter" in said and "[terlalu_panjang_nama]" in said
