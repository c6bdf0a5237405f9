"""Case reports sent from the field app: a real case report in the kab/kota's inbox, its photo
checked as every case photo, the person only one of the sender's download, stored once."""

from __future__ import annotations

import base64

import pytest

from datusoban.kasus.access import cases_for
from datusoban.kasus.files import folder
from datusoban.kasus.models import BerkasKasus, LaporanKasus
from datusoban.lapangan.models import KirimanLapangan
from datusoban.reference.models import KategoriPPKS, Region

from .conftest import KEC_A
from .entri import jpeg, key, logged_in, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(make_worker, make_family):
    """A pendamping with a family of their caseload, logged in, after a download."""
    worker = make_worker("pendamping.p1", kode="P1")
    family = make_family(pendamping="P1")
    client = logged_in(worker)
    data = client.get("/lapangan/unduh/").json()
    return worker, client, data, family


def _case(data: dict, **changes) -> dict:
    return {
        "jenis": "kasus", "kunci": key(), "unduhan": data["unduhan"],
        "kategori": KategoriPPKS.objects.filter(data_spesifik=False).first().kode,
        "urgensi": "tinggi",
        "desa": data["kasus"]["desa"][0][0], "uraian": "Lansia tinggal sendiri, tidak terurus.",
        "nama_orang": "Mbah Sarmi", "waktu": "2026-12-01T09:30:00+08:00",
    } | changes  # fmt: skip


def test_the_download_carries_the_case_choices(field):
    _, _, data, (household, _, _) = field
    assert [k for k, _ in data["kasus"]["urgensi"]] == ["darurat", "tinggi", "sedang", "rendah"]
    assert len(data["kasus"]["kategori"]) == 26
    desa = [kode for kode, _ in data["kasus"]["desa"]]
    assert household.wilayah_id in desa and all(k.startswith(KEC_A + ".") for k in desa)


def test_a_case_with_a_photo_is_filed_once_in_its_kabkota_inbox(field, make_user):
    worker, client, data, (_, adult, _) = field
    entry = _case(data, orang=adult.pk, nama_orang="", foto=jpeg())

    first = send(client, entry)
    again = send(client, entry)

    assert first.status_code == 201, first.json()
    assert again.status_code == 200 and again.json()["baru"] is False
    assert first.json()["id"] == again.json()["id"]
    case = LaporanKasus.objects.get()
    assert (case.pk, case.pelapor, case.person) == (first.json()["id"], worker, adult)
    assert case.kode_kabkota == "63.71" and case.status == "dilaporkan"
    assert case.dilaporkan_pada.isoformat().startswith("2026-12-01T01:30")
    photo = BerkasKasus.objects.get(kasus=case)
    assert photo.jenis == "jpg" and (folder() / photo.jalur).is_file()
    assert KirimanLapangan.objects.get().objek_id == case.pk
    # In the inbox of Kota Banjarmasin's operator, not of Kota Banjarbaru's.
    assert cases_for(make_user("op.bjm", "operator_kabkota", "63.71")).filter(pk=case.pk).exists()
    assert not cases_for(make_user("op.bjb", "operator_kabkota", "63.72")).exists()


@pytest.mark.parametrize(
    ("changes", "kode", "message"),
    [
        ({"foto": "data:image/jpeg;base64," + base64.b64encode(b"bukan foto").decode()},
         "jenis_berkas", "bukan foto JPG/PNG atau PDF"),
        ({"foto": "%%%"}, "kiriman_tidak_valid", "bukan base64"),
        ({"uraian": "  "}, "perlu_uraian", "Uraikan masalah sosial"),
        ({"urgensi": "segera"}, "urgensi", "tidak dikenal"),
        ({"desa": "63.72."}, "di_luar_cakupan", "di luar cakupan"),
        ({"kategori": "x"}, "kiriman_tidak_valid", "Kategori PPKS tidak dikenal"),
        ({"nama_orang": ""}, "kiriman_tidak_valid", "Isi nama orang"),
    ],
)  # fmt: skip
def test_a_refused_case_says_why_and_stores_nothing(field, changes, kode, message):
    _, client, data, _ = field
    files_before = set(folder().iterdir())
    if "desa" in changes:  # a desa of another kab/kota
        other = Region.objects.filter(level=Region.Level.DESA, kode__startswith=changes["desa"])
        changes = {"desa": other.order_by("kode").first().kode}

    response = send(client, _case(data, foto=jpeg()) | changes)

    assert response.status_code == 422
    assert response.json()["kode"] == kode and message in response.json()["pesan"]
    assert not LaporanKasus.objects.exists() and not KirimanLapangan.objects.exists()
    assert set(folder().iterdir()) == files_before


def test_the_person_must_be_one_of_the_senders_download(field, make_worker, make_family):
    _, client, data, _ = field
    make_worker("pendamping.p2", kode="P2")
    _, stranger, _ = make_family(pendamping="P2")  # same kecamatan, another caseload

    response = send(client, _case(data, orang=stranger.pk))

    assert response.status_code == 422 and response.json()["field"] == "orang"
    assert not LaporanKasus.objects.exists()


def test_a_login_that_is_no_field_worker_is_refused(make_user):
    operator = make_user("op.bjm", "operator_kabkota", "63.71")
    response = send(logged_in(operator), {"jenis": "kasus", "kunci": key()})
    assert response.status_code == 403 and response.json()["kode"] == "bukan_petugas_lapangan"


def test_a_key_is_the_senders_own(field, make_worker):
    _, client, data, _ = field
    entry = _case(data)
    assert send(client, entry).status_code == 201
    other = logged_in(make_worker("pendamping.p2", kode="P2"))
    other_data = other.get("/lapangan/unduh/").json()

    response = send(other, _case(other_data, kunci=entry["kunci"]))

    assert response.status_code == 422 and "petugas lain" in response.json()["pesan"]
    assert LaporanKasus.objects.count() == 1


def test_the_next_download_carries_the_workers_open_cases_and_their_referrals(field, make_user):
    from datusoban.accounts.models import AuditEvent
    from datusoban.kasus.models import Rujukan

    _, client, data, (_, adult, _) = field
    mine = send(client, _case(data, orang=adult.pk, nama_orang="")).json()["id"]
    closed = send(client, _case(data, nama_orang="Mbah Darmo")).json()["id"]
    LaporanKasus.objects.filter(pk=closed).update(status="ditutup")
    other = make_user("tksk.lain", "pendamping", "63.71.01")
    case = LaporanKasus.objects.get(pk=mine)
    LaporanKasus.objects.create(
        kategori=case.kategori, desa=case.desa, kode_kabkota="63.71", uraian="Bukan miliknya.",
        urgensi="sedang", pelapor=other, nama_pelapor="tksk.lain", nama_orang="Orang lain",
        dilaporkan_pada=case.dilaporkan_pada, batas_waktu=case.batas_waktu,
    )  # fmt: skip
    Rujukan.objects.create(kasus=case, jenis="lks", nama_penerima="LKS Harapan",
                           dirujuk_oleh="operator", dirujuk_pada=case.dilaporkan_pada)  # fmt: skip

    again = client.get("/lapangan/unduh/").json()

    assert [c["id"] for c in again["kasus_saya"]] == [mine]
    shown = again["kasus_saya"][0]
    assert shown["nama"] == adult.nama and "nik" not in shown
    assert shown["rujukan"] == [
        {"penerima": "LKS Harapan", "status": "Menunggu jawaban",
         "dirujuk_pada": case.dilaporkan_pada.isoformat()}
    ]  # fmt: skip
    audited = AuditEvent.objects.filter(
        objek="orang", tujuan="verifikasi lapangan", rincian__unduhan=again["unduhan"]
    )
    assert adult.nik in set(audited.values_list("nik", flat=True))
