"""The user pages (/pengguna/): a province administrator and a kab/kota administrator
manage the users of their region, never wider; nonaktif users cannot log in; a password
an administrator sets must be changed before anything else; lockouts are shown and
lifted; every change is in the audit trail; bad input is answered in Bahasa Indonesia."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from datusoban.accounts.models import Account, AuditEvent
from datusoban.layanan.models import Lembaga, StafLembaga

from .people import make_people

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-panjang-123"
NEW_PASSWORD = "sandi-baru-milik-sendiri-9"


def make_user(username: str, peran: str, wilayah: str, **extra) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah, **extra)
    return user


@pytest.fixture
def province_admin(client) -> Client:
    client.force_login(make_user("admin.provinsi", "admin_provinsi", "63"))
    return client


@pytest.fixture
def kota_admin(client) -> Client:
    """An administrator whose region is Kota Banjarmasin: manages its users only."""
    client.force_login(make_user("admin.bjm", "admin_provinsi", "63.71"))
    return client


def new_user(client, **data):
    form = {
        "username": "op.bjm", "nama": "Operator Banjarmasin", "email": "",
        "peran": "operator_kabkota", "wilayah": "63.71", **data,
    }  # fmt: skip
    return client.post("/pengguna/baru/", form)


def shown_password(response) -> str:
    return re.search(r'<code id="sandi">([^<]+)</code>', response.content.decode()).group(1)


def log_in(client: Client, username: str, password: str):
    return client.post("/masuk/", {"username": username, "password": password})


def trail(username: str) -> list[dict]:
    rows = AuditEvent.objects.filter(objek="pengguna", rincian__nama_pengguna=username)
    return [row.rincian for row in rows.order_by("pk")]


def test_a_province_admin_creates_a_kabkota_operator_who_then_sees_only_their_kabkota(
    province_admin,
):
    people = make_people()
    answer = new_user(province_admin)
    assert answer.status_code == 200, answer.content.decode()
    password = shown_password(answer)  # generated, shown on this answer only
    user = User.objects.get(username="op.bjm")
    assert user.account.peran == "operator_kabkota" and user.account.wilayah_id == "63.71"
    assert user.account.harus_ganti_sandi
    assert password not in province_admin.get(f"/pengguna/{user.pk}/").content.decode()
    (created,) = trail("op.bjm")
    assert created["langkah"] == "baru"
    assert created["perubahan"]["peran"] == "operator_kabkota"
    assert created["perubahan"]["wilayah"] == "63.71"
    assert password not in str(created)

    operator = Client()
    assert log_in(operator, "op.bjm", password).status_code == 302
    # Nothing but the page to change the password, until it is changed.
    assert operator.get("/cari/").url == "/pengguna/ganti-sandi/"
    page = operator.get("/pengguna/ganti-sandi/")
    assert page.status_code == 200 and "gantilah dengan kata sandi Anda sendiri" in (
        page.content.decode()
    )
    api = operator.get("/api/v1/registri/orang/1")
    assert api.status_code == 403 and api.json()["kode"] == "sandi_wajib_diganti"
    changed = operator.post(
        "/pengguna/ganti-sandi/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302 and changed.url == "/tugas/"  # where the login was going
    user.account.refresh_from_db()
    assert not user.account.harus_ganti_sandi
    assert trail("op.bjm")[-1]["langkah"] == "ganti_sandi_sendiri"

    found = operator.get("/cari/?nama=Muhammad+Rizky")
    text = found.content.decode()
    assert found.status_code == 200
    assert people.rizky.nama in text  # Kota Banjarmasin
    assert people.other.nama not in text  # Kota Banjarbaru


def test_the_user_list_shows_the_users_of_the_admins_region_with_their_state(kota_admin):
    own = make_user("op.bjm", "operator_kabkota", "63.71")
    make_user("pendamping.bjm", "pendamping", "63.71.01", harus_ganti_sandi=True)
    make_user("op.bjb", "operator_kabkota", "63.72")
    make_user("analis.prov", "analis_provinsi", "63")
    User.objects.create_superuser("root", password=PASSWORD)
    own.is_active = False
    own.save()
    page = kota_admin.get("/pengguna/")
    assert page.status_code == 200
    listed = re.findall(r'data-pengguna="([^"]+)"', page.content.decode())
    assert listed == ["admin.bjm", "op.bjm", "pendamping.bjm"]
    row = page.content.decode().split('data-pengguna="op.bjm"')[1].split("</tr>")[0]
    assert "Operator kab/kota" in row and "Kota Banjarmasin" in row and "Nonaktif" in row
    only_active = kota_admin.get("/pengguna/?status=aktif").content.decode()
    assert 'data-pengguna="op.bjm"' not in only_active
    assert 'data-pengguna="pendamping.bjm"' in only_active


def test_a_kabkota_admin_cannot_create_outside_their_kabkota_nor_widen(kota_admin):
    for wilayah in ("63.72", "63"):
        answer = new_user(kota_admin, wilayah=wilayah)
        assert answer.status_code == 400
        assert f"Wilayah {wilayah} di luar cakupan Anda" in answer.content.decode()
    assert not User.objects.filter(username="op.bjm").exists()
    assert not AuditEvent.objects.filter(objek="pengguna").exists()

    inside = make_user("op.bjm", "operator_kabkota", "63.71.01")
    widened = kota_admin.post(
        f"/pengguna/{inside.pk}/",
        {"nama": "Op", "peran": "operator_kabkota", "wilayah": "63"},
    )
    assert widened.status_code == 400 and "di luar cakupan Anda" in widened.content.decode()
    inside.account.refresh_from_db()
    assert inside.account.wilayah_id == "63.71.01"

    # Users of another kab/kota, or province-wide, do not exist for them.
    for wilayah in ("63.72", "63"):
        other = make_user(f"op.{wilayah}", "operator_kabkota", wilayah)
        assert kota_admin.get(f"/pengguna/{other.pk}/").status_code == 404
        assert kota_admin.post(f"/pengguna/{other.pk}/status/", {"aktif": "0"}).status_code == 404
        assert kota_admin.post(f"/pengguna/{other.pk}/sandi/", {}).status_code == 404
        other.refresh_from_db()
        assert other.is_active

    # Inside their kab/kota they may: a kecamatan, and a role of their own level.
    moved = kota_admin.post(
        f"/pengguna/{inside.pk}/",
        {"nama": "Op Baru", "peran": "pendamping", "wilayah": "63.71.02"},
    )
    assert moved.status_code == 302
    inside.account.refresh_from_db()
    assert (inside.account.peran, inside.account.wilayah_id) == ("pendamping", "63.71.02")
    (change,) = trail("op.bjm")
    assert change["langkah"] == "ubah"
    assert change["perubahan"]["peran"] == ["operator_kabkota", "pendamping"]
    assert change["perubahan"]["wilayah"] == ["63.71.01", "63.71.02"]


def test_institutions_are_offered_within_the_admins_region_only(kota_admin):
    def lembaga(kode: str, wilayah: str) -> Lembaga:
        return Lembaga.objects.create(
            jenis="lks", kode=kode, nama=f"LKS {kode}", wilayah_id=wilayah,
            kode_kabkota=wilayah[:5], kode_kecamatan=wilayah[:8],
        )  # fmt: skip

    own, other = lembaga("A", "63.71.01"), lembaga("B", "63.72.02")
    answer = new_user(kota_admin, peran="staf_layanan", lembaga=[str(other.pk)])
    assert answer.status_code == 400
    assert "tidak ada atau di luar wilayah Anda" in answer.content.decode()
    assert new_user(kota_admin, peran="staf_layanan", lembaga=[str(own.pk)]).status_code == 200
    user = User.objects.get(username="op.bjm")
    assert list(StafLembaga.objects.filter(user=user).values_list("lembaga__kode", flat=True)) == [
        "A"
    ]
    assert trail("op.bjm")[0]["perubahan"]["lembaga"] == ["A"]
    # A link to an institution outside the admin's region stays when they edit the user.
    StafLembaga.objects.create(user=user, lembaga=other)
    kota_admin.post(
        f"/pengguna/{user.pk}/",
        {"nama": "Staf", "peran": "staf_layanan", "wilayah": "63.71"},
    )
    kept = StafLembaga.objects.filter(user=user).values_list("lembaga__kode", flat=True)
    assert list(kept) == ["B"]


def test_a_deactivated_user_cannot_log_in_and_is_logged_out(province_admin):
    user = make_user("op.bjm", "operator_kabkota", "63.71")
    elsewhere = Client()
    assert log_in(elsewhere, "op.bjm", PASSWORD).status_code == 302
    answer = province_admin.post(
        f"/pengguna/{user.pk}/status/", {"aktif": "0", "alasan": "pindah tugas"}
    )
    assert answer.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert elsewhere.get("/cari/").url.startswith("/masuk/")  # the open session ends
    refused = log_in(Client(), "op.bjm", PASSWORD)
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    assert trail("op.bjm")[-1] == {
        "langkah": "nonaktifkan", "nama_pengguna": "op.bjm",
        "perubahan": {"aktif": [True, False]}, "alasan": "pindah tugas",
    }  # fmt: skip
    province_admin.post(f"/pengguna/{user.pk}/status/", {"aktif": "1"})
    user.refresh_from_db()
    assert user.is_active and trail("op.bjm")[-1]["langkah"] == "aktifkan"
    assert log_in(Client(), "op.bjm", PASSWORD).status_code == 302


def test_a_password_reset_forces_a_change_at_the_next_login(province_admin):
    user = make_user("op.bjm", "operator_kabkota", "63.71")
    elsewhere = Client()
    log_in(elsewhere, "op.bjm", PASSWORD)
    answer = province_admin.post(f"/pengguna/{user.pk}/sandi/", {})
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    temporary = shown_password(answer)
    assert elsewhere.get("/cari/").url.startswith("/masuk/")  # the old password's session
    assert log_in(Client(), "op.bjm", PASSWORD).status_code == 200  # the old one is gone
    operator = Client()
    assert log_in(operator, "op.bjm", temporary).status_code == 302
    assert operator.get("/dasbor/").url == "/pengguna/ganti-sandi/"
    assert operator.post("/impor/unggah/", {}).url == "/pengguna/ganti-sandi/"
    # The same password again is no change of it.
    mismatch = operator.post(
        "/pengguna/ganti-sandi/",
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": "lain"},
    )
    assert mismatch.status_code == 400
    assert operator.get("/dasbor/").url == "/pengguna/ganti-sandi/"
    operator.post(
        "/pengguna/ganti-sandi/",
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert operator.get("/dasbor/").status_code == 200
    steps = [row["langkah"] for row in trail("op.bjm")]
    assert steps == ["atur_ulang_sandi", "ganti_sandi_sendiri"]
    assert trail("op.bjm")[0]["sandi_dibuat_sistem"] is True

    typed = province_admin.post(f"/pengguna/{user.pk}/sandi/", {"sandi": "sementara-kalsel-63"})
    assert typed.status_code == 302
    user.account.refresh_from_db()
    assert user.account.harus_ganti_sandi
    assert "sementara-kalsel-63" not in str(trail("op.bjm"))


def test_a_locked_out_user_is_shown_and_the_admin_lifts_the_lock(province_admin):
    user = make_user("op.bjm", "operator_kabkota", "63.71")
    operator = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(operator, "op.bjm", "salah")
    assert log_in(operator, "op.bjm", PASSWORD).status_code == 429
    page = province_admin.get("/pengguna/?status=terkunci").content.decode()
    row = page.split('data-pengguna="op.bjm"')[1].split("</tr>")[0]
    assert "Terkunci" in row
    assert "Buka kunci" in province_admin.get(f"/pengguna/{user.pk}/").content.decode()
    answer = province_admin.post(f"/pengguna/{user.pk}/buka-kunci/")
    assert answer.status_code == 302
    assert trail("op.bjm")[-1]["langkah"] == "buka_kunci"
    assert trail("op.bjm")[-1]["sebelumnya"] == "terkunci"
    assert log_in(operator, "op.bjm", PASSWORD).status_code == 302
    assert "Tidak terkunci" in province_admin.get(f"/pengguna/{user.pk}/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": ""}, "Nama pengguna wajib diisi."),
        ({"username": "op bjm"}, "Nama pengguna"),
        ({"nama": ""}, "Nama lengkap wajib diisi."),
        ({"email": "bukan-surel"}, "Alamat surel tidak sah"),
        ({"peran": "raja"}, "Peran raja tidak dikenal."),
        ({"wilayah": "63.71.01.1001"}, "Wilayah 63.71.01.1001 di luar cakupan Anda"),
        ({"sandi": "12345"}, "Kata sandi"),
        ({"username": "admin.provinsi"}, "Nama pengguna admin.provinsi sudah dipakai"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(province_admin, data, message):
    users = User.objects.count()
    answer = new_user(province_admin, **data)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert User.objects.count() == users
    assert not AuditEvent.objects.filter(objek="pengguna").exists()


def test_an_admin_may_not_change_their_own_account(province_admin):
    own = User.objects.get(username="admin.provinsi")
    answer = province_admin.post(f"/pengguna/{own.pk}/status/", {"aktif": "0"}, follow=True)
    assert "Akun Anda sendiri tidak dapat Anda ubah" in answer.content.decode()
    own.refresh_from_db()
    assert own.is_active


@pytest.mark.parametrize("peran", ["operator_kabkota", "analis_provinsi", "auditor"])
def test_other_roles_may_not_manage_users_nor_see_the_entry(client, peran):
    client.force_login(make_user("bukan.admin", peran, "63"))
    assert client.get("/pengguna/").status_code == 403
    assert client.get("/pengguna/baru/").status_code == 403
    assert ">Pengguna</a>" not in client.get("/cari/").content.decode()
    # Their own password they change themselves.
    assert client.get("/pengguna/ganti-sandi/").status_code == 200


def test_the_menu_entry_is_shown_to_administrators(kota_admin):
    assert '<a href="/pengguna/">Pengguna</a>' in kota_admin.get("/cari/").content.decode()
