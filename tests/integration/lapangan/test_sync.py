"""Visits sent from the field app: stored once per key, checked by the registry's rules and
the import's, and a conflict with the office's change kept for the office's decision."""

from __future__ import annotations

import base64
import io
import json
import uuid

import pytest
from django.test import Client
from PIL import Image

from datusoban.lapangan.models import KunjunganLapangan
from datusoban.registri.models import Household
from datusoban.tugas.inbox import inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(make_worker, make_family):
    """A pendamping with two families of their caseload, logged in, after a download."""
    worker = make_worker("pendamping.p1", kode="P1")
    families = [make_family(pendamping="P1") for _ in range(2)]
    client = Client()
    client.force_login(worker)
    data = client.get("/lapangan/unduh/").json()
    return worker, client, data, families


def _entry(data: dict, index: int = 0, **changes) -> dict:
    family = data["keluarga"][index]
    return {
        "kunci": str(uuid.uuid4()), "unduhan": data["unduhan"], "keluarga": family["id"],
        "waktu": "2026-12-01T09:30:00+08:00", "status": "ditemukan",
        "sebelum": family["nilai"], "sesudah": family["nilai"] | changes,
        "anggota": {str(m["id"]): "ditemukan" for m in family["anggota"]},
    }  # fmt: skip


def _send(client: Client, entry: dict):
    return client.post("/lapangan/kirim/", json.dumps(entry), content_type="application/json")


def _jpeg() -> str:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def test_the_same_key_sent_twice_is_stored_once(field):
    worker, client, data, _ = field
    entry = _entry(data, lantai="keramik") | {
        "lintang": "-3.316694",
        "bujur": "114.590111",
        "foto": _jpeg(),
    }

    first = _send(client, entry)
    again = _send(client, entry)

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and again.json()["baru"] is False
    visit = KunjunganLapangan.objects.get()
    assert visit.petugas == worker and visit.verifikasi == "menunggu"
    assert visit.berubah == ["lantai"] and visit.sebelum["lantai"] == "semen"
    assert visit.foto.endswith(".jpg") and str(visit.lintang) == "-3.316694"
    # Not written into the registry before the office accepts it.
    assert Household.objects.get(pk=visit.household_id).lantai == "semen"


@pytest.mark.parametrize(
    ("changes", "field_name", "message"),
    [
        ({"lantai": "marmer_emas"}, "lantai", "bukan salah satu pilihan registri"),
        ({"luas_lantai": "36a"}, "luas_lantai", "bilangan bulat"),
        ({"luas_lantai": 50_000}, "luas_lantai", "di luar batas"),
        ({"aset_motor": "mungkin"}, "aset_motor", "ya atau tidak"),
        # The import's limits (impor/rules/limits.toml).
        ({"alamat": "x" * 201}, "alamat", "lebih dari 200 karakter"),
        ({"rt": "005/002"}, "rt", "lebih dari 3 karakter"),
    ],
)
def test_invalid_values_are_refused_with_the_field_and_nothing_stored(
    field, changes, field_name, message
):
    _, client, data, _ = field
    response = _send(client, _entry(data, **changes))
    assert response.status_code == 422
    assert response.json()["field"] == field_name and message in response.json()["pesan"]
    assert not KunjunganLapangan.objects.exists()


def test_visits_outside_the_download_or_malformed_are_refused(field, make_family):
    _, client, data, _ = field
    stranger = make_family(pendamping="P2")[0]
    cases = [
        (_entry(data) | {"keluarga": stranger.pk}, "keluarga"),
        (_entry(data) | {"status": "hilang"}, "status"),
        (_entry(data) | {"kunci": "bukan-uuid"}, "kunci"),
        (_entry(data) | {"anggota": {"999999": "ditemukan"}}, "anggota"),
        (_entry(data) | {"lintang": "95"}, "lintang"),
        (_entry(data) | {"unduhan": 999999}, "unduhan"),
    ]
    for entry, name in cases:
        response = _send(client, entry)
        assert response.status_code == 422, name
        assert response.json()["field"] == name
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    photo = base64.b64encode(png.getvalue()).decode()
    assert _send(client, _entry(data) | {"foto": photo}).status_code == 422
    assert (
        _send(client, _entry(data) | {"foto": base64.b64encode(b"hello").decode()}).status_code
        == 400
    )
    assert not KunjunganLapangan.objects.exists()


def test_another_workers_download_cannot_be_used(field, make_worker):
    _, _, data, _ = field
    other = make_worker("pendamping.p2", kode="P2")
    client = Client()
    client.force_login(other)
    assert _send(client, _entry(data)).json()["field"] == "unduhan"


def test_a_value_the_office_changed_since_the_download_is_a_conflict(field, make_user):
    _, client, data, families = field
    household = families[0][0]
    Household.objects.filter(pk=household.pk).update(lantai="ubin")  # the office, meanwhile

    answer = _send(client, _entry(data, lantai="keramik", luas_lantai=40)).json()

    assert answer["verifikasi"] == "konflik" and answer["konflik"] == ["lantai"]
    visit = KunjunganLapangan.objects.get()
    assert visit.konflik == {"lantai": "ubin"}
    assert Household.objects.get(pk=household.pk).lantai == "ubin"  # not overwritten
    # In Tugas saya of the office, and on the office page.
    operator = make_user("operator", "operator_kabkota", "63.71")
    kinds = {k.kode: k for k in inbox(operator)}
    assert kinds["lapangan"].jumlah == 1
    office = Client()
    office.force_login(operator)
    page = office.get("/lapangan/kunjungan/?status=konflik").content.decode()
    assert (
        f'id="kunjungan-{visit.pk}"' in page and "kantor mengubah menjadi Ubin/tegel/teraso" in page
    )
    # Another kab/kota's operator does not see it.
    elsewhere = make_user("operator.bjb", "operator_kabkota", "63.72")
    assert "lapangan" not in {k.kode for k in inbox(elsewhere) if k.jumlah}
    assert office.post(f"/lapangan/kunjungan/{visit.pk}/terima/").status_code == 302
    household.refresh_from_db()
    assert (household.lantai, household.luas_lantai) == ("keramik", 40)
    visit.refresh_from_db()
    assert visit.verifikasi == "diterima" and visit.diputus_oleh == "operator"
    assert {k.kode: k for k in inbox(operator)}["lapangan"].jumlah == 0


def test_refusing_keeps_the_registry_and_a_reader_cannot_decide(field, make_user):
    _, client, data, families = field
    Household.objects.filter(pk=families[1][0].pk).update(lantai="tanah")
    _send(client, _entry(data, 1, lantai="kayu_kualitas_rendah"))
    visit = KunjunganLapangan.objects.get()
    analyst = make_user("analis", "analis_provinsi", "63")
    reader = Client()
    reader.force_login(analyst)
    assert reader.post(f"/lapangan/kunjungan/{visit.pk}/terima/").status_code == 403
    office = Client()
    office.force_login(make_user("operator", "operator_kabkota", "63.71"))
    assert office.post(f"/lapangan/kunjungan/{visit.pk}/tolak/").status_code == 302
    assert Household.objects.get(pk=families[1][0].pk).lantai == "tanah"
    assert KunjunganLapangan.objects.get().verifikasi == "ditolak"
    other = Client()
    other.force_login(make_user("operator.bjb", "operator_kabkota", "63.72"))
    assert other.post(f"/lapangan/kunjungan/{visit.pk}/terima/").status_code == 404
