"""An unknown layout: Datu Soban suggests a mapping, the operator saves it, the file imports."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from datusoban.impor.models import SavedProfile
from datusoban.impor.suggest import suggest_mapping
from datusoban.registri.models import SourceRecord

pytestmark = pytest.mark.django_db

LAYOUT = (
    "No Urut;NIK KTP;Nama Lengkap;Tgl. Lahir;Jenis Kel.;No. KK;Kode Desa;Keterangan\n"
    "1;6371011203800001;Muhammad Rizki;12/03/1980;L;6371011203100001;63.71.01.1001;baru\n"
    "2;6371015506850002;Siti Nurhayati;15/06/1985;P;6371011203100001;63.71.01.1001;\n"
)


def test_suggestion_maps_familiar_headers_and_leaves_the_rest():
    mapping = suggest_mapping(["No Urut", "NIK KTP", "Nama Lengkap", "Tgl. Lahir", "Jenis Kel.",
                               "No. KK", "Kode Desa", "Keterangan"])  # fmt: skip
    assert mapping["nama"][0] == "Nama Lengkap"
    assert mapping["tanggal_lahir"][0] == "Tgl. Lahir"
    assert mapping["no_kk"][0] == "No. KK"
    assert mapping["kode_wilayah"][0] == "Kode Desa"
    assert all(header != "Keterangan" for header, _ in mapping.values())


def test_saved_suggestion_imports_the_file(tmp_path, run_import):
    path = tmp_path / "data baru.csv"
    path.write_text(LAYOUT, encoding="utf-8")
    out = io.StringIO()
    call_command("profile", "suggest", str(path), stdout=out)
    assert "Nama Lengkap" in out.getvalue()
    call_command("profile", "save", "posko-x", str(path), "--label", "Posko X", stdout=out)
    assert SavedProfile.objects.get(nama="posko-x").isi["kolom"]["nama"] == ["Nama Lengkap"]
    result = run_import(path, "posko-x", "Posko X")
    assert (result.rows, result.accepted) == (2, 2)
    record = SourceRecord.objects.get(nama="Siti Nurhayati")
    assert (record.jenis_kelamin, str(record.tanggal_lahir)) == ("P", "1985-06-15")
    assert record.data["Keterangan"] is None
