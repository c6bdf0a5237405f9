"""Tugas saya: the landing page after login, first in the menu, and what it lists per role
and region; a kab/kota user never sees another kab/kota's tasks, mine come first, the
overdue ones are marked."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from datusoban.accounts.models import Account
from datusoban.impor.quarantine import visible_rows
from datusoban.registri.models import ImportBatch
from datusoban.tugas.inbox import inbox

from .people import log_in_as
from .tasks_world import Tasks, make_tasks

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-panjang-123"


@pytest.fixture
def tasks() -> Tasks:
    return make_tasks()


def _kinds(user) -> dict:
    return {k.kode: k for k in inbox(user)}


def _listed(kind) -> list[str]:
    return [i.url for s in kind.sections for i in s.items]


def test_a_login_lands_on_tugas_saya(client: Client):
    user = User.objects.create_user("operator.bjm", password=PASSWORD)
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id="63.71")
    response = client.post("/masuk/", {"username": "operator.bjm", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/tugas/"
    page = client.get("/tugas/").content.decode()
    assert "<h1>Tugas saya</h1>" in page


def test_tugas_saya_is_the_first_menu_entry_after_beranda(client, tasks):
    log_in_as(client, "auditor", "63.71")
    page = client.get("/tugas/").content.decode()
    labels = re.findall(r'<a href="[^"]*"(?: aria-current="page")?>([^<]+)</a>', page)
    assert labels[:2] == ["Beranda", "Tugas saya"]
    assert '<a href="/tugas/" aria-current="page">Tugas saya</a>' in page


def test_a_kabkota_operator_sees_only_their_kabkota(client, tasks):
    user = log_in_as(client, "operator_kabkota", "63.71")
    kinds = _kinds(user)
    assert list(kinds) == [
        "kasus",
        "rujukan",
        "sanggahan",
        "usulan",
        "penautan",
        "karantina",
        "crvs",
        "lapangan",
        "sertifikat",
    ]
    assert kinds["crvs"].jumlah == 0  # nothing from the civil registry here
    assert kinds["lapangan"].jumlah == 0  # no field visit waiting here
    cases = kinds["kasus"]
    # Overdue first, then the one due in two days; Banjarbaru's not at all.
    assert (cases.jumlah, cases.terlambat) == (2, 1)
    assert _listed(cases) == [f"/kasus/{tasks.late_case.pk}/", f"/kasus/{tasks.due_case.pk}/"]
    assert [i.terlambat for i in cases.sections[1].items] == [True, False]
    assert (kinds["rujukan"].jumlah, kinds["rujukan"].terlambat) == (1, 1)
    assert _listed(kinds["rujukan"]) == [f"/kasus/{tasks.referral.kasus_id}/"]
    assert _listed(kinds["sanggahan"]) == [f"/sanggahan/{tasks.grievance.pk}/"]
    assert kinds["sanggahan"].terlambat == 1
    pairs = tasks.pairs
    assert sorted(_listed(kinds["penautan"])) == sorted(
        f"/penautan/pasangan/{p.pk}/" for p in (pairs.inside, pairs.child)
    )
    assert _listed(kinds["karantina"]) == [f"/impor/batch/{tasks.people.batch.pk}/"]
    assert kinds["karantina"].jumlah == 2
    certificates = kinds["sertifikat"]
    assert (certificates.jumlah, certificates.terlambat) == (1, 0)
    assert _listed(certificates) == [f"/layanan/pilar/{tasks.certificate.pilar_id}/"]

    page = client.get("/tugas/").content.decode()
    for url in (f"/kasus/{tasks.other_case.pk}/", f"/sanggahan/{tasks.other_grievance.pk}/",
                f"/penautan/pasangan/{pairs.outside.pk}/", f"/impor/batch/{tasks.other_batch.pk}/",
                f"/layanan/pilar/{tasks.other_certificate.pilar_id}/",
                f"/kasus/{tasks.other_referral.kasus_id}/"):  # fmt: skip
        assert f'href="{url}"' not in page
    assert f'href="/kasus/{tasks.late_case.pk}/"' in page
    assert "lewat batas waktu" in page
    # No person is named on the page: the linked pages show them, scoped and audited.
    for name in ("Moh. Rizky", "Siti Aminah", "Nabila Putri", "Fitri Handayani"):
        assert name not in page


def test_a_province_admin_sees_every_kabkota(tasks):
    user = User.objects.create_user("admin.63")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    kinds = _kinds(user)
    assert (kinds["kasus"].jumlah, kinds["kasus"].terlambat) == (3, 2)
    assert kinds["rujukan"].jumlah == 2 and kinds["sanggahan"].jumlah == 2
    assert kinds["penautan"].jumlah == 3
    assert kinds["karantina"].jumlah == 3 and kinds["sertifikat"].jumlah == 2
    # A superuser without an account is the province administrator.
    root = User.objects.create_superuser("root")
    assert {k: v.jumlah for k, v in _kinds(root).items()} == {k: v.jumlah for k, v in kinds.items()}


def test_each_role_sees_the_tasks_it_acts_on(tasks):
    def kinds_of(peran: str, wilayah: str = "63.71") -> dict:
        user = User.objects.create_user(f"{peran}.{wilayah}")
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
        return _kinds(user)

    # A field worker: the cases they filed only (none here), nothing else.
    worker = kinds_of("pendamping")
    assert list(worker) == ["kasus"] and worker["kasus"].jumlah == 0
    # UPTD/LKS staff decide referrals.
    assert list(kinds_of("staf_layanan")) == ["rujukan"]
    # An auditor reads the review queue, without children's records.
    auditor = kinds_of("auditor")
    assert list(auditor) == ["penautan"]
    assert _listed(auditor["penautan"]) == [f"/penautan/pasangan/{tasks.pairs.inside.pk}/"]
    # An analyst province-wide: the review queue, children included.
    assert kinds_of("analis_provinsi", "63")["penautan"].jumlah == 3


def test_a_kecamatan_operator_sees_the_quarantined_rows_of_their_kecamatan(tasks):
    user = User.objects.create_user("operator.kec")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id="63.71.01")
    quarantine = _kinds(user)["karantina"]
    batch = tasks.people.batch
    assert quarantine.jumlah == visible_rows(user, batch).count() == 2
    Account.objects.filter(user=user).update(wilayah_id="63.71.02")
    user = User.objects.get(pk=user.pk)
    assert _kinds(user)["karantina"].jumlah == visible_rows(user, batch).count() == 0


def test_quarantine_counts_agree_with_the_batch_pages(tasks):
    for peran, wilayah in (("admin_provinsi", "63"), ("operator_kabkota", "63.72")):
        user = User.objects.create_user(f"{peran}.{wilayah}")
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
        expected = sum(visible_rows(user, b).count() for b in ImportBatch.objects.all())
        assert _kinds(user)["karantina"].jumlah == expected


def test_mine_first_then_unassigned_and_others_counted(client, tasks):
    user = log_in_as(client, "operator_kabkota", "63.71")
    colleague = User.objects.create_user("operator.lain")
    Account.objects.create(user=colleague, peran="operator_kabkota", wilayah_id="63.71")
    tasks.due_case.ditugaskan_ke = user
    tasks.due_case.save()
    tasks.late_case.ditugaskan_ke = colleague
    tasks.late_case.save()
    cases = _kinds(user)["kasus"]
    mine, free = cases.sections
    assert [i.url for i in mine.items] == [f"/kasus/{tasks.due_case.pk}/"]
    assert (mine.jumlah, free.jumlah, cases.lain) == (1, 0, 1)
    page = client.get("/tugas/").content.decode()
    assert page.index("Ditugaskan kepada saya") < page.index(f'href="/kasus/{tasks.due_case.pk}/"')
    assert "1 lainnya ditugaskan kepada pengguna lain" in page
    # The referral of a case assigned to me is mine too.
    tasks.referral.kasus.ditugaskan_ke = user
    tasks.referral.kasus.save()
    assert _kinds(user)["rujukan"].sections[0].jumlah == 1


def test_a_user_without_a_role_is_told_so(client, tasks):
    client.force_login(User.objects.create_user("tamu"))
    response = client.get("/tugas/")
    assert response.status_code == 200
    assert "belum diberi peran dan wilayah" in response.content.decode()


def test_anonymous_visitors_log_in_first(client):
    response = client.get("/tugas/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_the_inbox_reads_a_fixed_number_of_queries_however_many_tasks(tasks):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .tasks_world import OWN_DESA, _case

    user = User.objects.create_user("admin.63")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")

    def queries() -> int:
        fresh = User.objects.select_related("account").get(pk=user.pk)
        with CaptureQueriesContext(connection) as captured:
            inbox(fresh)
        return len(captured)

    before = queries()
    for n in range(30):
        case = _case(tasks.reporter, None, OWN_DESA, limit_in=timedelta(hours=n - 15))
        if n % 2:
            case.ditugaskan_ke = user
            case.save()
    assert queries() == before + 1  # the list of mine, now that there are some
    assert before <= 20
    kind = next(k for k in inbox(user) if k.kode == "kasus")
    assert [len(s.items) for s in kind.sections] == [10, 10]  # limited lists
    assert (kind.jumlah, kind.sections[0].jumlah) == (33, 15)


def test_a_renewed_or_revoked_certificate_is_no_task(tasks):
    from datetime import date

    from datusoban.layanan import training

    user = User.objects.create_user("operator.bjm")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id="63.71")
    old = tasks.certificate
    assert _kinds(user)["sertifikat"].jumlah == 1
    today = date.today()
    sesi = training.create_session(
        old.pelatihan, mulai=today, selesai=today, tempat="Aula", penyelenggara="Dinsos",
        kode_kabkota="63.71",
    )  # fmt: skip
    peserta = training.enrol(sesi, old.pilar)
    training.record_result(peserta, hadir=True, lulus=True, on=today)
    renewed = training.certify(peserta, on=today)
    assert _kinds(user)["sertifikat"].jumlah == 0
    training.revoke(renewed, today)  # the new one revoked: the old one is due again
    assert _kinds(user)["sertifikat"].jumlah == 1
    training.revoke(old, today)
    assert _kinds(user)["sertifikat"].jumlah == 0
