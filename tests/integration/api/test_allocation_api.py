"""Allocation, accuracy and ranking over the API: a kab/kota user allocates and sees
within their kab/kota only; storing and proposing need a role that may write; the
proposals of a run are listed scoped, masked and audited; refusals carry kode and pesan."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from datusoban.accounts.models import Account, AuditEvent
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household
from datusoban.sasaran.accuracy_services import run_accuracy
from datusoban.sasaran.models import AlokasiAnggaran
from datusoban.sasaran.services import rank_registry

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)
API = "/api/v1"


@pytest.fixture
def registry(tmp_path):
    call_command(
        "synth", people=2_000, seed=21, out=tmp_path / "sumber", load=True, no_files=True,
        stdout=io.StringIO(),
    )  # fmt: skip
    rank_registry(as_of=AS_OF)


def login(client, peran: str, wilayah: str):
    user = User.objects.create_user(f"{peran}.{wilayah}", password="x")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return client


def post(client, path: str, body: dict, status: int = 200) -> dict:
    response = client.post(API + path, body, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def get(client, path: str, status: int = 200, **params) -> dict | list:
    response = client.get(API + path, params)
    assert response.status_code == status, response.content
    return response.json()


# Six families of Rp2.4 juta a year, new recipients only.
BPNT = {"program": "BPNT", "anggaran": 14_400_000, "peserta": "kecualikan", "tanggal": "2025-06-30"}


def test_a_kabkota_preview_covers_its_own_units_and_stores_nothing(client, registry):
    enrolments = Kepesertaan.objects.count()
    out = post(login(client, "operator_kabkota", "63.71"), "/alokasi/pratinjau", BPNT)
    assert out["wilayah"] == "63.71" and set(out["per_kabkota"]) == {"63.71"}
    assert out["alokasi"] is None and 0 < out["dipilih"] < out["layak"]
    assert not AlokasiAnggaran.objects.exists() and Kepesertaan.objects.count() == enrolments
    # The first family left out is in scope: shown, and its reading audited.
    household = Household.objects.get(pk=out["berikutnya"]["unit"])
    assert household.kode_kabkota == "63.71"
    trail = AuditEvent.objects.get(objek="alokasi")
    assert trail.objek_id == f"keluarga/{household.pk}"


def test_refusals_carry_a_code_and_a_message(client, registry):
    analyst = login(client, "analis_provinsi", "63")
    atensi = post(analyst, "/alokasi/pratinjau", {"program": "ATENSI", "anggaran": 10**9}, 400)
    assert atensi["kode"] == "tanpa_nominal" and "--jumlah" in atensi["pesan"]
    quota = {"jenis": "porsi", "nilai": {"63.99": 0.5}}
    bad = post(analyst, "/alokasi/pratinjau", {**BPNT, "kuota": quota}, 400)
    assert bad["kode"] == "kuota_tidak_sah"
    both = post(analyst, "/alokasi/pratinjau", {**BPNT, "jumlah": 5}, 400)
    assert both["kode"] == "anggaran_atau_jumlah"
    assert post(analyst, "/alokasi/pratinjau", {**BPNT, "program": "BLT"}, 400)["kode"] == (
        "program_tidak_dikenal"
    )
    client.logout()
    assert (
        client.post(API + "/alokasi/pratinjau", BPNT, content_type="application/json").status_code
        == 401
    )


def test_storing_and_proposing_need_a_role_that_writes(client, registry):
    refused = post(
        login(client, "analis_provinsi", "63"), "/alokasi/", {**BPNT, "usulkan": True}, 403
    )
    assert refused["kode"] == "tanpa_izin"
    client.logout()
    out = post(login(client, "operator_kabkota", "63.71"), "/alokasi/", {**BPNT, "usulkan": True})
    run = AlokasiAnggaran.objects.get()
    assert (out["alokasi"], run.wilayah, run.dihitung_oleh) == (
        run.pk,
        "63.71",
        "operator_kabkota.63.71",
    )
    proposed = Kepesertaan.objects.filter(program_id="BPNT", status="diusulkan")
    assert proposed.count() == out["diusulkan"] == run.diusulkan > 0
    assert set(proposed.values_list("kode_kabkota", flat=True)) == {"63.71"}
    assert AuditEvent.objects.filter(objek="alokasi", aksi="ubah", objek_id=str(run.pk)).exists()


def test_runs_and_their_proposals_are_seen_within_scope_masked_and_audited(client, registry):
    post(login(client, "operator_kabkota", "63.71"), "/alokasi/", {**BPNT, "usulkan": True})
    run = AlokasiAnggaran.objects.get()
    client.logout()
    other = login(client, "operator_kabkota", "63.72")
    assert get(other, "/alokasi/") == []
    assert get(other, f"/alokasi/{run.pk}", 404)["kode"] == "tidak_ditemukan"
    client.logout()
    analyst = login(client, "analis_provinsi", "63")
    (listed,) = get(analyst, "/alokasi/", program="bpnt")
    assert listed["alokasi"] == run.pk and set(listed["per_kabkota"]) == {"63.71"}
    page = get(analyst, f"/alokasi/{run.pk}/usulan", limit=5)
    assert page["jumlah"] == run.diusulkan and len(page["data"]) == 5
    assert all("•" in row["no_kk"] for row in page["data"])  # analysts see masked numbers
    shown = AuditEvent.objects.filter(objek="usulan_alokasi", aksi="baca")
    assert sorted(shown.values_list("objek_id", flat=True)) == sorted(
        f"keluarga/{row['keluarga']}" for row in page["data"]
    )


def test_accuracy_and_the_ranking_summary_show_the_province_and_the_kabkota_in_scope(
    client, registry
):
    run_accuracy(["SEMUA"], AS_OF, user="pytest")
    local = login(client, "operator_kabkota", "63.72")
    pkh = get(local, "/ketepatan/PKH")
    assert set(pkh["per_kabkota"]) == {"63.72"} and pkh["batas_desil"] == 4
    assert pkh["provinsi"]["terpilih"] > pkh["per_kabkota"]["63.72"]["terpilih"]
    assert {r["program"] for r in get(local, "/ketepatan/")} >= {"PKH", "BPNT", "ATENSI"}
    assert get(local, "/ketepatan/BLT", 404)["kode"] == "program_tidak_dikenal"
    ranking = get(local, "/peringkat/")
    assert set(ranking["per_kabkota"]) == {"63.72"}
    assert ranking["provinsi"]["keluarga"] == Household.objects.count()
    row = ranking["per_kabkota"]["63.72"]
    assert (
        sum(row["desil"].values())
        == row["keluarga"]
        == (Household.objects.filter(kode_kabkota="63.72").count())
    )
    client.logout()
    province = get(login(client, "analis_provinsi", "63"), "/peringkat/")
    assert len(province["per_kabkota"]) == 13
