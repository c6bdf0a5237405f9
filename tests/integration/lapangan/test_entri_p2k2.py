"""P2K2 from the field app: groups made once from a pendamping's caseload (per desa, at most
30 families), a session with its attendance stored once, and the office's page of sessions
and attendance rates within its scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from datusoban.lapangan.models import KirimanLapangan
from datusoban.p2k2.models import KehadiranP2K2, KelompokP2K2, PertemuanP2K2
from datusoban.reference.models import Region
from datusoban.registri.models import Household

from .conftest import KEC_A
from .entri import key, logged_in, send

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def field(make_worker, make_family):
    """A pendamping with three families of their caseload, logged in, after a download."""
    worker = make_worker("pendamping.p1", kode="P1")
    families = [make_family(pendamping="P1")[0] for _ in range(3)]
    client = logged_in(worker)
    data = client.get("/lapangan/unduh/").json()
    return worker, client, data, families


def _session(data: dict, came: list[int], **changes) -> dict:
    group = data["p2k2"]["kelompok"][0]
    return {
        "jenis": "p2k2", "kunci": key(), "kelompok": group["id"],
        "tanggal": TODAY.isoformat(), "modul": "kesehatan", "topik": "Gizi balita",
        "hadir": came,
    } | changes  # fmt: skip


def test_groups_are_made_once_per_desa_with_at_most_30_families(make_worker, make_family):
    worker = make_worker("pendamping.p1", kode="P1")
    families = [make_family(pendamping="P1")[0] for _ in range(32)]
    second = Region.objects.filter(parent_id=KEC_A).order_by("kode")[1]
    Household.objects.filter(pk=families[-1].pk).update(wilayah_id=second.kode)
    client = logged_in(worker)

    groups = client.get("/lapangan/unduh/").json()["p2k2"]["kelompok"]
    again = client.get("/lapangan/unduh/").json()["p2k2"]["kelompok"]

    assert [len(g["keluarga"]) for g in groups] == [30, 1, 1]
    assert {g["desa"] for g in groups} == {families[0].wilayah.nama, second.nama}
    assert groups[0]["nama"].endswith(" 1") and groups[2]["keluarga"] == [families[-1].pk]
    assert again == groups and KelompokP2K2.objects.count() == 3


def test_a_session_and_its_attendance_are_stored_once(field):
    worker, client, data, families = field
    entry = _session(data, [families[0].pk, families[2].pk])

    first = send(client, entry)
    again = send(client, entry)

    assert first.status_code == 201, first.json()
    assert again.status_code == 200 and again.json() == first.json() | {"baru": False}
    assert first.json()["hadir"] == 2 and first.json()["tercatat"] == 3
    session = PertemuanP2K2.objects.get()
    assert (session.modul, session.topik, session.dicatat_oleh) == (
        "kesehatan",
        "Gizi balita",
        worker,
    )
    came = dict(KehadiranP2K2.objects.values_list("household_id", "hadir"))
    assert came == {families[0].pk: True, families[1].pk: False, families[2].pk: True}
    assert KirimanLapangan.objects.get().objek_id == session.pk


def test_a_refused_session_says_why_and_stores_nothing(field, make_worker, make_family):
    _, client, data, families = field
    make_worker("pendamping.p2", kode="P2")
    stranger = make_family(pendamping="P2")[0]
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    cases = [
        ({"hadir": [stranger.pk]}, "hadir", "bukan anggota kelompok"),
        ({"tanggal": tomorrow}, "tanggal", "belum tiba"),
        ({"tanggal": "31-12-2026"}, "tanggal", "tidak terbaca"),
        ({"modul": "memasak"}, "modul", "tidak dikenal"),
        ({"kelompok": 999_999}, "kelompok", "bukan kelompok Anda"),
    ]
    for changes, field_name, message in cases:
        response = send(client, _session(data, [families[0].pk], **changes))
        assert response.status_code == 422, changes
        assert response.json()["field"] == field_name and message in response.json()["pesan"]
    assert not PertemuanP2K2.objects.exists() and not KirimanLapangan.objects.exists()
    # A second session of the same group on the same day, under another key: refused.
    assert send(client, _session(data, [])).status_code == 201
    response = send(client, _session(data, []))
    assert response.status_code == 422 and "sudah punya pertemuan" in response.json()["pesan"]
    assert PertemuanP2K2.objects.count() == 1


def test_a_worker_other_than_a_pendamping_pkh_has_no_groups(make_worker, make_family, field):
    _, _, data, _ = field
    tksk = logged_in(make_worker("tksk.a", peran="tksk"))
    assert tksk.get("/lapangan/unduh/").json()["p2k2"] is None

    response = send(tksk, _session(data, []))

    assert response.status_code == 422 and response.json()["field"] == "kelompok"


def test_the_office_page_shows_sessions_and_rates_within_its_scope(field, make_user):
    _, client, data, families = field
    send(client, _session(data, [families[0].pk, families[1].pk]))
    inside = logged_in(make_user("op.bjm", "operator_kabkota", "63.71"))
    outside = logged_in(make_user("op.bjb", "operator_kabkota", "63.72"))

    page = inside.get("/p2k2/")
    other = outside.get("/p2k2/")

    assert page.status_code == 200 and other.status_code == 200
    text = page.content.decode()
    group = data["p2k2"]["kelompok"][0]["nama"]
    assert group in text and "2 dari 3 (66,7%)" in text and "Kesehatan dan gizi" in text
    assert group not in other.content.decode() and "Belum ada pertemuan" in other.content.decode()
    # Counts only: no family is named.
    assert families[0].no_kk not in text and "Siti Aminah" not in text
