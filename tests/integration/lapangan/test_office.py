"""The office's page of visits: a visit's photo through a scoped, audited route (the rule of
a case's photos), and the progress per kecamatan (households still to visit in the field
workers' current work, visits waiting, conflicts, decided) in a few grouped queries."""

from __future__ import annotations

import base64
import io
import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from datusoban.accounts.models import AuditEvent
from datusoban.lapangan import progress, review
from datusoban.lapangan.models import KunjunganLapangan
from datusoban.registri.models import Household

from .conftest import KEC_A, KEC_B

pytestmark = pytest.mark.django_db


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG", quality=70)
    return out.getvalue()


def _send(client: Client, data: dict, index: int = 0, **extra) -> KunjunganLapangan:
    family = data["keluarga"][index]
    entry = {
        "kunci": str(uuid.uuid4()), "unduhan": data["unduhan"], "keluarga": family["id"],
        "waktu": "2026-12-01T09:30:00+08:00", "status": "ditemukan", "sebelum": family["nilai"],
        "sesudah": family["nilai"],
        "anggota": {str(m["id"]): "ditemukan" for m in family["anggota"]},
        **extra,
    }  # fmt: skip
    response = client.post("/lapangan/kirim/", json.dumps(entry), content_type="application/json")
    assert response.status_code == 201, response.content
    return KunjunganLapangan.objects.get(pk=response.json()["id"])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def photographed(make_worker, make_family):
    """A pendamping's visit with a photo of the first of their two families."""
    worker = make_worker("pendamping.p1", kode="P1")
    families = [make_family(pendamping="P1") for _ in range(2)]
    phone = _client(worker)
    data = phone.get("/lapangan/unduh/").json()
    photo = _jpeg()
    visit = _send(phone, data, foto="data:image/jpeg;base64," + base64.b64encode(photo).decode())
    return worker, phone, visit, photo, families


def test_the_office_sees_a_visits_photo_scoped_and_audited(photographed, make_user):
    _, phone, visit, photo, families = photographed
    _, adult, child = families[0]
    office = _client(make_user("operator", "operator_kabkota", "63.71"))

    page = office.get("/lapangan/kunjungan/").content.decode()
    assert f'href="/lapangan/kunjungan/{visit.pk}/foto/"' in page
    response = office.get(f"/lapangan/kunjungan/{visit.pk}/foto/")

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == photo
    assert response["Cache-Control"] == "private, no-store"
    rows = AuditEvent.objects.filter(objek="foto_kunjungan_lapangan", objek_id=str(visit.pk))
    assert {r.nik for r in rows} == {adult.nik, child.nik}
    assert {r.nama_pengguna for r in rows} == {"operator"}

    # The worker who took it sees it; a pendamping sees only their own, as with case
    # photos (kasus.toml hanya_milik_sendiri); another kab/kota does not find it.
    assert phone.get(f"/lapangan/kunjungan/{visit.pk}/foto/").status_code == 200
    colleague = _client(make_user("pendamping.p9", "pendamping", KEC_A))
    assert colleague.get(f"/lapangan/kunjungan/{visit.pk}/foto/").status_code == 404
    assert "/foto/" not in colleague.get("/lapangan/kunjungan/").content.decode()
    elsewhere = _client(make_user("operator.bjb", "operator_kabkota", "63.72"))
    assert elsewhere.get(f"/lapangan/kunjungan/{visit.pk}/foto/").status_code == 404
    assert not AuditEvent.objects.filter(
        objek="foto_kunjungan_lapangan", nama_pengguna__in=["pendamping.p9", "operator.bjb"]
    ).exists()


def test_a_visit_without_a_photo_has_none_to_show(photographed, make_user):
    _, phone, _, _, _ = photographed
    data = phone.get("/lapangan/unduh/").json()
    bare = _send(phone, data, 1)
    office = _client(make_user("operator", "operator_kabkota", "63.71"))
    assert office.get(f"/lapangan/kunjungan/{bare.pk}/foto/").status_code == 404
    assert not AuditEvent.objects.filter(objek="foto_kunjungan_lapangan").exists()


def _counts(user) -> dict[str, dict]:
    rows = progress.per_kecamatan(user, review.visits_for(user))
    return {r.pop("kode_kecamatan"): r for r in rows}


def test_progress_per_kecamatan(make_worker, make_family, make_user):
    p1 = make_worker("pendamping.p1", kode="P1")
    mine = [make_family(pendamping="P1")[0] for _ in range(3)]
    make_family(KEC_A)  # in no one's work: not counted
    tksk = make_worker("tksk.b", "tksk", KEC_B)
    for _ in range(2):
        make_family(KEC_B)
    phone = _client(p1)
    phone.get("/lapangan/unduh/")  # an earlier download: the latest one counts
    mine.append(make_family(pendamping="P1")[0])
    data = phone.get("/lapangan/unduh/").json()
    assert len(data["keluarga"]) == 4
    _client(tksk).get("/lapangan/unduh/")
    waiting = _send(phone, data, 0)
    Household.objects.filter(pk=mine[1].pk).update(lantai="ubin")  # the office, meanwhile
    conflict = _send(phone, data, 1, sesudah=data["keluarga"][1]["nilai"] | {"lantai": "keramik"})
    decided = _send(phone, data, 2)
    operator = make_user("operator", "operator_kabkota", "63.71")
    _client(operator).post(f"/lapangan/kunjungan/{decided.pk}/terima/")
    assert (waiting.verifikasi, conflict.verifikasi) == ("menunggu", "konflik")

    counts = _counts(operator)

    assert counts == {
        KEC_A: {"belum": 1, "menunggu": 1, "konflik": 1, "selesai": 1},
        KEC_B: {"belum": 2, "menunggu": 0, "konflik": 0, "selesai": 0},
    }
    # A kecamatan user sees their kecamatan's row; another kab/kota none of them.
    assert set(_counts(make_user("camat.b", "pendamping", KEC_B))) == {KEC_B}
    assert _counts(make_user("operator.bjb", "operator_kabkota", "63.72")) == {}
    page = _client(operator).get("/lapangan/kunjungan/").content.decode()
    assert f'<tr id="kecamatan-{KEC_B}">' in page
    assert "<td>2</td><td>0</td><td>0</td><td>0</td>" in page


def test_progress_takes_the_same_queries_for_more_households(make_worker, make_family, make_user):
    operator = make_user("operator", "operator_kabkota", "63.71")

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            _counts(operator)
        return len(done)

    worker = make_worker("tksk.a", "tksk")
    make_family(KEC_A)
    _client(worker).get("/lapangan/unduh/")
    few = queries()
    for _ in range(12):
        make_family(KEC_A)
    _client(worker).get("/lapangan/unduh/")
    assert queries() == few
    assert _counts(operator)[KEC_A]["belum"] == 13


def test_visits_waiting_and_in_conflict_are_in_the_offices_tugas(photographed, make_user):
    from datusoban.accounts.scope import required_scope
    from datusoban.tugas.inbox import field_visits

    _, phone, waiting, _, _ = photographed
    data = phone.get("/lapangan/unduh/").json()
    family = data["keluarga"][1]
    Household.objects.filter(pk=family["id"]).update(luas_lantai=77)  # the office's change
    conflict = _send(phone, data, index=1, sesudah={**family["nilai"], "luas_lantai": 12})
    assert conflict.verifikasi == "konflik"
    operator = make_user("operator", "operator_kabkota", "63.71")
    viewer = make_user("viewer", "auditor", "63")

    kind = field_visits(operator, required_scope(operator))

    assert kind.jumlah == 2
    assert [(s.label, s.jumlah) for s in kind.sections] == [
        ("Konflik", 1), ("Perlu diverifikasi", 1)
    ]  # fmt: skip
    assert [i.judul for i in kind.sections[0].items] == [f"Kunjungan lapangan {conflict.pk}"]
    assert [i.judul for i in kind.sections[1].items] == [f"Kunjungan lapangan {waiting.pk}"]
    # A role that cannot change registry data decides nothing, so has nothing waiting.
    assert field_visits(viewer, required_scope(viewer)) is None
