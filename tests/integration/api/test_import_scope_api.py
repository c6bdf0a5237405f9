"""The import API per role and region: who may import under which source (403 {kode, pesan}),
and batches, source and kab/kota quality reports scoped (404 out of scope, figures of the
user's region). Every user also holds the Django permission: it is not what decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from datusoban.accounts.models import Account, AuditEvent
from datusoban.registri.models import ImportBatch, SourceRecord

SAMPLES = Path(__file__).parents[1] / "impor" / "samples"
URL = "/api/v1/impor/"

pytestmark = pytest.mark.django_db


def as_user(client, peran: str, wilayah: str):
    client.logout()
    user, made = User.objects.get_or_create(username=f"{peran}.{wilayah}")
    if made:
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return client


def upload(client, name: str, profile: str, source: str):
    data = {"berkas": SimpleUploadedFile(name, (SAMPLES / name).read_bytes()), "profil": profile,
            "sumber": source}  # fmt: skip
    return client.post(URL, data)


@pytest.mark.parametrize(
    ("peran", "wilayah", "name", "profile", "source"),
    [
        ("auditor", "63", "dtsen.csv", "dtsen", "Kemensos DTSEN"),
        ("operator_kabkota", "63.71", "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kab. Banjar"),
        ("operator_kabkota", "63.71", "dtsen.csv", "dtsen", "Kemensos DTSEN"),
    ],
)  # fmt: skip
def test_imports_out_of_role_or_region_are_refused(client, peran, wilayah, name, profile, source):
    response = upload(as_user(client, peran, wilayah), name, profile, source)
    assert response.status_code == 403
    assert response.json()["kode"] == "tidak_berwenang" and response.json()["pesan"]
    assert not ImportBatch.objects.exists()


def test_batches_and_quality_reports_are_scoped(client):
    bjm = upload(as_user(client, "operator_kabkota", "63.71"), "ppks-kabkota.csv",
                 "ppks-kabkota", "Dinsos Kota Banjarmasin")  # fmt: skip
    assert bjm.status_code == 200, bjm.content
    dtsen = upload(as_user(client, "admin_provinsi", "63"), "dtsen.csv", "dtsen", "Kemensos DTSEN")
    assert dtsen.status_code == 200, dtsen.content
    bjm_id, dtsen_id = bjm.json()["batch_id"], dtsen.json()["batch_id"]

    banjar = as_user(client, "operator_kabkota", "63.03")
    gone = banjar.get(f"{URL}{bjm_id}")
    assert gone.status_code == 404 and gone.json()["kode"] == "tidak_ditemukan"
    assert banjar.get(f"{URL}mutu/sumber/dinsos-kota-banjarmasin").status_code == 404
    assert banjar.get(f"{URL}{dtsen_id}").status_code == 200
    # A province-wide source's figures, of the user's region only.
    source = banjar.get(f"{URL}mutu/sumber/kemensos-dtsen").json()
    in_banjar = SourceRecord.objects.filter(
        batch_id=dtsen_id, kode_wilayah__startswith="63.03."
    ).count()
    assert source["wilayah"] == "63.03" and source["kelengkapan"]["baris"] == in_banjar
    assert [r["kabkota"] for r in banjar.get(f"{URL}mutu/kabkota").json()] == ["63.03"]

    bjm_user = as_user(client, "auditor", "63.71")
    assert bjm_user.get(f"{URL}{bjm_id}").status_code == 200
    assert bjm_user.get(f"{URL}mutu/sumber/dinsos-kota-banjarmasin").status_code == 200
    province = as_user(client, "analis_provinsi", "63")
    rows = province.get(f"{URL}mutu/kabkota").json()
    assert {r["kabkota"] for r in rows} == {"63.71", "63.03", "63.72"}


def test_a_batch_is_withdrawn_by_whoever_may_import_under_its_source(client):
    bjm = upload(as_user(client, "operator_kabkota", "63.71"), "ppks-kabkota.csv",
                 "ppks-kabkota", "Dinsos Kota Banjarmasin").json()["batch_id"]  # fmt: skip
    body = {"alasan": "Salah profil"}
    url = f"{URL}{bjm}/tarik"
    assert (
        as_user(client, "operator_kabkota", "63.03")
        .post(url, body, content_type="application/json")
        .status_code
        == 404
    )
    refused = as_user(client, "auditor", "63.71").post(url, body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["kode"] == "tidak_berwenang"
    done = as_user(client, "operator_kabkota", "63.71").post(
        url, body, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    assert done.json()["rekaman"] + done.json()["karantina"] == 4
    assert ImportBatch.objects.get(pk=bjm).status == "ditarik"
    assert not SourceRecord.objects.filter(batch_id=bjm).exists()
    trail = AuditEvent.objects.get(objek="batch_impor", objek_id=str(bjm))
    assert trail.rincian["alasan"] == "Salah profil" and trail.aksi == "ubah"
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409 and again.json()["kode"] == "tarik_ditolak"
    # The same file can now be imported again under the same profile and source.
    second = upload(client, "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin")
    assert second.json()["already_imported"] is False and second.json()["batch_id"] != bjm
