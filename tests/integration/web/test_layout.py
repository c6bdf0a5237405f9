"""A layout no profile knows: the page suggests a mapping, the operator saves it as a profile."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from datusoban.impor.models import SavedProfile

pytestmark = pytest.mark.django_db

LAYOUT = (
    b"No Urut;NIK KTP;Nama Lengkap;Tgl. Lahir;Jenis Kel.;No. KK;Kode Desa;Keterangan\n"
    b"1;6371011203800001;Muhammad Rizki;12/03/1980;L;6371011203100001;63.71.01.1001;baru\n"
)
HEADERS = ["No Urut", "NIK KTP", "Nama Lengkap", "Tgl. Lahir", "Jenis Kel.", "No. KK",
           "Kode Desa", "Keterangan"]  # fmt: skip


def test_the_suggestion_is_shown_and_the_sample_is_not_kept(operator, home):
    response = operator.post(
        "/impor/tata-letak/", {"berkas": SimpleUploadedFile("posko baru.csv", LAYOUT)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "posko baru.csv" in page
    assert '<option value="Nama Lengkap" selected>' in page
    assert '<option value="Tgl. Lahir" selected>' in page
    assert "Keterangan" in page  # offered, not mapped
    assert not any((home / "uploads").glob("*"))


def test_a_saved_suggestion_becomes_a_profile_for_the_upload_page(operator):
    form = {
        "kolom_berkas": json.dumps(HEADERS),
        "nama": "posko-hss",
        "label": "Posko bencana HSS",
        "jenis": "bencana",
        "kolom_nama": "Nama Lengkap",
        "kolom_nik": "NIK KTP",
        "kolom_tanggal_lahir": "Tgl. Lahir",
    }
    response = operator.post("/impor/tata-letak/", form)
    assert response.status_code == 302
    assert response["Location"] == "/impor/unggah/?profil=posko-hss"
    saved = SavedProfile.objects.get(nama="posko-hss")
    assert saved.isi["kolom"] == {
        "nik": ["NIK KTP"], "nama": ["Nama Lengkap"], "tanggal_lahir": ["Tgl. Lahir"],
    }  # fmt: skip
    assert saved.isi["jenis_sumber"] == "bencana" and saved.dibuat_oleh == "admin.provinsi"
    page = operator.get(response["Location"]).content.decode()
    assert '<option value="posko-hss" selected>' in page and "disimpan" in page


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"nama": "siks-ng"}, "tidak boleh dipakai"),
        ({"kolom_nama": ""}, "Kolom nama tidak ditemukan"),
        ({"kolom_nama": "Bukan Kolom Berkas"}, "bukan salah satu dari pilihan"),
    ],
)
def test_a_profile_that_cannot_be_saved_says_why(operator, changes, said):
    form = {"kolom_berkas": json.dumps(HEADERS), "nama": "posko-x", "label": "Posko X",
            "jenis": "lainnya", "kolom_nama": "Nama Lengkap", **changes}  # fmt: skip
    page = operator.post("/impor/tata-letak/", form).content.decode()
    assert said in page
    assert not SavedProfile.objects.exists()
