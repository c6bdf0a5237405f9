"""A file whose header fits another profile, or a national export without a named source,
is refused before anything is stored: by the service, the command line and the API."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from datusoban.accounts.models import Account
from datusoban.impor.layout_fit import LayoutMismatchError
from datusoban.impor.sources import ExplicitSourceRequiredError
from datusoban.registri.models import ImportBatch, Source, SourceRecord

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db

# A hand-made PKH list and interchange file (no sample ships for them).
PKH = (
    "id_anggota,id_kpm,nik_art,nokk,nama_anggota,jk,tgl_lahir,status_dalam_keluarga,alamat,"
    "kode_desa,komponen,id_pendamping\n"
    "PKH-1,KPM-9,6371011203800001,6371011203100001,MUHAMMAD RIZKI,L,1980-03-12,Kepala "
    "Keluarga,Jl. Kelayan A,63.71.01.1001,,PD-1\n"
    "PKH-2,KPM-9,6371015506850002,6371011203100001,SITI NURHAYATI,P,1985-06-15,Istri,"
    "Jl. Kelayan A,63.71.01.1001,ibu hamil,PD-1\n"
)
INTERCHANGE = (
    "record_id,nik,nama,jenis_kelamin,tanggal_lahir,kode_wilayah,catatan\n"
    "R1,6371011203800001,Muhammad Rizki,L,1980-03-12,63.71.01.1001,pindahan\n"
)
# profile -> an explicit source it is imported under.
SOURCES = {
    "siks-ng": "Kemensos SIKS-NG", "dtsen": "Kemensos DTSEN", "pkh": "PKH Kota Banjarmasin",
    "ppks-kabkota": "Dinsos Kota Banjarmasin", "lks": "LKS Budi Mulia", "panti": "UPTD Panti",
    "bencana": "Posko Banjir", "interchange": "Uji",
}  # fmt: skip
# Sample file -> its own profile; a clearly wrong profile for it.
SAMPLE_CASES = [
    ("siks-ng.csv", "siks-ng", "dtsen"),
    ("dtsen.csv", "dtsen", "siks-ng"),
    ("lks.csv", "lks", "siks-ng"),
    ("panti.csv", "panti", "lks"),
    ("bencana.csv", "bencana", "ppks-kabkota"),
    ("ppks-kabkota.csv", "ppks-kabkota", "bencana"),
    ("pkh.csv", "pkh", "dtsen"),
]
# File of `datusoban synth` (interchange columns and the source's own) -> the same.
SYNTH_CASES = [
    ("dtks.csv", "siks-ng", "dtsen"),
    ("dtsen.csv", "dtsen", "pkh"),
    ("lks.csv", "lks", "siks-ng"),
    ("panti.csv", "panti", "lks"),
    ("pkh.csv", "pkh", "dtsen"),
    ("bencana.csv", "bencana", "ppks-kabkota"),
    ("ppks_6371.csv", "ppks-kabkota", "bencana"),
]


@pytest.fixture
def files(tmp_path, synth_dir):
    """The shipped samples, the hand-made files and the synthetic ones, by name."""
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    (folder / "pkh.csv").write_text(PKH, encoding="utf-8")
    (folder / "interchange.csv").write_text(INTERCHANGE, encoding="utf-8")
    return {"sample": folder, "synth": synth_dir}


@pytest.mark.parametrize(("kind", "cases"), [("sample", SAMPLE_CASES), ("synth", SYNTH_CASES)])
def test_each_file_is_accepted_under_its_own_profile_and_refused_under_a_wrong_one(
    files, run_import, kind, cases
):
    for name, own, wrong in cases:
        path = files[kind] / name
        before = (ImportBatch.objects.count(), Source.objects.count())
        with pytest.raises(LayoutMismatchError) as refused:
            run_import(path, wrong, SOURCES[wrong])
        assert refused.value.suggested.profile == own, (kind, name, str(refused.value))
        assert f"Pilih profil '{own}'" in str(refused.value)
        assert (ImportBatch.objects.count(), Source.objects.count()) == before
        result = run_import(path, own, SOURCES[own])
        assert result.rows > 0 and not result.already_imported, (kind, name)


def test_interchange_files_are_accepted_under_interchange(files, run_import):
    for path in (files["sample"] / "interchange.csv", files["synth"] / "lks.csv"):
        assert run_import(path, "interchange", "Uji").rows > 0


def test_the_command_line_refuses_with_exit_status_1_the_code_and_the_suggestion(files):
    path = files["sample"] / "lks.csv"
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), profile="siks-ng", source="Kemensos SIKS-NG")
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert "[profil_tidak_cocok]" in message and "Pilih profil 'lks'" in message
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", str(path), profile="siks-ng", source="Kemensos SIKS-NG", json=True,
            stdout=out,
        )  # fmt: skip
    assert json.loads(out.getvalue())["ditolak"]["kode"] == "profil_tidak_cocok"
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("source", [None, "", "   "])
def test_a_national_export_needs_a_named_source(run_import, source):
    for name, profile in (("siks-ng.csv", "siks-ng"), ("dtsen.csv", "dtsen")):
        with pytest.raises(ExplicitSourceRequiredError) as refused:
            run_import(SAMPLES / name, profile, source)
        assert refused.value.code == "sumber_wajib"
        assert "sebutkan sumbernya" in str(refused.value)
    assert not ImportBatch.objects.exists() and not Source.objects.exists()
    # Other kinds keep their default source: the profile's label.
    result = run_import(SAMPLES / "lks.csv", "lks", source)
    assert ImportBatch.objects.get(pk=result.batch_id).source.nama == "Daftar klien LKS"


def test_another_kind_of_file_cannot_be_imported_under_a_national_export_s_source(run_import):
    run_import(SAMPLES / "siks-ng.csv", "siks-ng", "Kemensos SIKS-NG")
    with pytest.raises(ExplicitSourceRequiredError, match="ekspor nasional"):
        run_import(SAMPLES / "lks.csv", "lks", "Kemensos SIKS-NG")
    assert ImportBatch.objects.count() == 1
    # Under a source of its own kind it imports.
    assert run_import(SAMPLES / "lks.csv", "lks", "LKS Budi Mulia").rows > 0


def test_the_command_line_refuses_a_national_export_without_source():
    with pytest.raises(CommandError) as refused:
        call_command("import", str(SAMPLES / "siks-ng.csv"), profile="siks-ng")
    assert refused.value.returncode == 1
    assert "[sumber_wajib]" in str(refused.value) and "--source" in str(refused.value)
    assert not SourceRecord.objects.exists()


@pytest.fixture
def api_client(client):
    user = User.objects.create_user("admin.provinsi", password="rahasia-panjang-123")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    client.force_login(user)
    return client


def _post(client, name: str, profile: str, source: str | None):
    data = {"berkas": SimpleUploadedFile(name, (SAMPLES / name).read_bytes()), "profil": profile}
    if source is not None:
        data["sumber"] = source
    return client.post("/api/v1/impor/", data)


def test_the_api_answers_400_with_the_code_and_message(api_client):
    wrong = _post(api_client, "lks.csv", "siks-ng", "Kemensos SIKS-NG")
    assert wrong.status_code == 400
    body = wrong.json()
    assert body["kode"] == "profil_tidak_cocok" and "Pilih profil 'lks'" in body["pesan"]
    assert "lks.csv" in body["pesan"]  # the operator's name, not the stored one
    unnamed = _post(api_client, "dtsen.csv", "dtsen", None)
    assert unnamed.status_code == 400 and unnamed.json()["kode"] == "sumber_wajib"
    assert not ImportBatch.objects.exists()
    assert _post(api_client, "dtsen.csv", "dtsen", "Kemensos DTSEN").status_code == 200
