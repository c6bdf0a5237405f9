"""Who may see and upload, and files refused on the upload page before anything is queued."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from datusoban.registri.models import ImportBatch

from .conftest import PASSWORD, upload

pytestmark = pytest.mark.django_db

PAGES = [
    "/impor/",
    "/impor/unggah/",
    "/impor/tata-letak/",
    "/impor/proses/6b0d1bb2-7f53-4c4e-9a7e-2d4b1f1e8c11/",
    "/impor/proses/6b0d1bb2-7f53-4c4e-9a7e-2d4b1f1e8c11/status/",
    "/impor/batch/1/",
    "/impor/batch/1/mutu.xlsx",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/masuk/?next={url}"


@pytest.mark.parametrize("url", ["/impor/unggah/", "/impor/tata-letak/"])
def test_without_the_import_permission_uploading_is_forbidden(viewer, url):
    assert viewer.get(url).status_code == 403
    assert upload(viewer, "lks.csv", "lks").status_code == 403
    assert not DBTaskResult.objects.exists()


def test_without_the_import_permission_the_list_is_readable_but_offers_no_upload(viewer):
    page = viewer.get("/impor/").content.decode()
    assert "Batch impor terakhir" in page and "/impor/unggah/" not in page


def test_login_and_logout_speak_bahasa_indonesia(client, django_user_model):
    django_user_model.objects.create_user("operator.hss", password=PASSWORD)
    page = client.get("/masuk/").content.decode()
    assert "Nama pengguna" in page and "Kata sandi" in page
    wrong = client.post("/masuk/", {"username": "operator.hss", "password": "salah"})
    assert wrong.status_code == 200 and "benar" in wrong.content.decode()  # "...yang benar"
    right = client.post("/masuk/?next=/impor/", {"username": "operator.hss", "password": PASSWORD})
    assert right.status_code == 302
    assert client.get("/impor/").status_code == 200
    assert client.post("/keluar/").status_code == 302
    assert client.get("/impor/").status_code == 302


REFUSED = [
    ("kosong.csv", b"", "kosong"),
    ("spasi.csv", b"  \n\n", "kosong"),
    ("laporan.pdf", b"%PDF-1.7 ...", "tidak didukung"),
    ("data.xls", b"\xd0\xcf\x11\xe0", "simpan ulang sebagai .xlsx"),
    ("foto.csv", b"\x89PNG\r\n\x1a\n....", "bukan teks CSV"),
    ("palsu.xlsx", b"nama,nik\nMasran,1\n", "bukan berkas Excel .xlsx"),
]


@pytest.mark.parametrize(("name", "content", "said"), REFUSED)
def test_a_bad_file_is_refused_in_bahasa_before_queuing(operator, home, name, content, said):
    response = upload(operator, name, "interchange", "Uji", content)
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page and 'role="alert"' in page
    assert not DBTaskResult.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not any((home / "uploads").glob("*"))


def test_a_kabkota_register_without_its_kabkota_is_refused_before_queuing(operator):
    response = upload(operator, "ppks-kabkota.csv", "ppks-kabkota", "Dinas Sosial")
    assert response.status_code == 200
    assert "sebutkan kab/kotanya" in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_a_file_over_the_size_limit_is_refused(operator, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = upload(operator, "lks.csv", "lks", "LKS Budi Mulia")
    assert "melebihi batas unggah" in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_the_upload_page_offers_every_profile_and_keeps_a_correction_s_profile(operator):
    page = operator.get("/impor/unggah/?profil=lks&sumber=LKS+Budi+Mulia").content.decode()
    for name in ("siks-ng", "dtsen", "pkh", "ppks-kabkota", "lks", "panti", "bencana"):
        assert f'value="{name}"' in page
    assert '<option value="lks" selected>' in page
    assert 'value="LKS Budi Mulia"' in page


def test_no_profile_is_preselected_and_one_must_be_chosen(operator):
    assert '<option value="" selected>— pilih profil —</option>' in (
        operator.get("/impor/unggah/").content.decode()
    )
    page = upload(operator, "lks.csv", "", "LKS Budi Mulia").content.decode()
    assert 'id="id_profil_error"' in page or 'role="alert"' in page
    assert not DBTaskResult.objects.exists()
