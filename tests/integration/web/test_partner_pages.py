"""The partner systems pages (/pengguna/mitra/, /pengguna/<id>/kunci/): administrators issue
a token for an account of their region (shown once, working at once on /dci/), revoke it,
and register, replace or remove the account's signing key, checked as it is entered; each
change in the audit trail, never the token itself; other roles and other regions refused."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.timezone import localtime
from joserfc.jwk import ECKey, RSAKey

from datusoban.accounts.models import Account, ApiToken, AuditEvent, SenderKey
from datusoban.dci.signature import sign

pytestmark = pytest.mark.django_db
SENDER = "openspp.banjarmasin.example.org"
TS = "2026-12-06T10:00:00+08:00"


def make_user(username: str, peran: str, wilayah: str) -> User:
    user = User.objects.create_user(username, first_name=username.title())
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return user


@pytest.fixture
def kota_admin(client) -> Client:
    """An administrator of Kota Banjarmasin."""
    client.force_login(make_user("admin.bjm", "admin_provinsi", "63.71"))
    return client


@pytest.fixture
def accounts() -> dict[str, User]:
    """A partner system's account in Kota Banjarmasin and one in Kota Banjarbaru."""
    return {
        "own": make_user("mitra.bjm", "operator_kabkota", "63.71"),
        "other": make_user("mitra.bjb", "operator_kabkota", "63.72"),
    }


def issue(client, user: User, nama: str = "OpenSPP Banjarmasin", hari: str = "90"):
    return client.post("/pengguna/mitra/", {"pengguna": user.pk, "nama": nama, "hari": hari})


def shown_token(response) -> str:
    return re.search(r'<code id="token">([^<]+)</code>', response.content.decode()).group(1)


def dci_search(client, token: str, *, key=None, sender: str = SENDER):
    header = {
        "version": "1.0.0", "message_id": str(uuid.uuid4()), "message_ts": TS,
        "action": "search", "sender_id": sender, "total_count": 1,
    }  # fmt: skip
    item = {
        "reference_id": "r1", "timestamp": TS,
        "search_criteria": {"query_type": "idtype-value",
                            "query": {"type": "UIN", "value": "6371011203800001"}},
    }  # fmt: skip
    message = {"transaction_id": "t1", "search_request": [item]}
    body = {"header": header, "message": message}
    if key is not None:
        body["signature"] = sign(header, message, key, "ES256")
    return client.post(
        "/dci/registry/sync/search", json.dumps(body), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip


def trail(objek: str) -> list[dict]:
    return [row.rincian for row in AuditEvent.objects.filter(objek=objek).order_by("pk")]


def test_a_token_is_issued_shown_once_works_and_is_revoked(kota_admin, accounts):
    answer = issue(kota_admin, accounts["own"])
    assert answer.status_code == 200
    assert "no-cache" in answer["Cache-Control"] or "no-store" in answer["Cache-Control"]
    token = shown_token(answer)
    assert token.startswith("dsb_")
    row = ApiToken.objects.get(user=accounts["own"])
    assert row.nama == "OpenSPP Banjarmasin" and row.kedaluwarsa is not None
    assert (row.kedaluwarsa - row.dibuat).days in (89, 90)
    # It works at once, as the account it stands for.
    assert dci_search(Client(), token).status_code == 200
    # The list shows it without its text; the token is never shown again nor audited.
    page = kota_admin.get("/pengguna/mitra/").content.decode()
    assert "OpenSPP Banjarmasin" in page and row.awalan in page and token not in page
    assert trail("token_api") == [
        {"langkah": "terbit", "nama_pengguna": "mitra.bjm", "nama": "OpenSPP Banjarmasin",
         "kedaluwarsa": localtime(row.kedaluwarsa).date().isoformat()},
    ]  # fmt: skip
    assert not AuditEvent.objects.filter(rincian__icontains=token[4:]).exists()
    revoked = kota_admin.post(f"/pengguna/mitra/{row.pk}/cabut/", follow=True)
    assert "dicabut: tidak dapat dipakai lagi" in revoked.content.decode()
    assert dci_search(Client(), token).status_code == 401
    assert trail("token_api")[-1]["langkah"] == "cabut"
    again = kota_admin.post(f"/pengguna/mitra/{row.pk}/cabut/", follow=True)
    assert "sudah dicabut" in again.content.decode()
    assert len(trail("token_api")) == 2


def test_another_regions_accounts_and_tokens_are_not_found(kota_admin, accounts):
    theirs, _ = ApiToken.issue(accounts["other"], "openIMIS Banjarbaru")
    page = kota_admin.get("/pengguna/mitra/").content.decode()
    assert "openIMIS Banjarbaru" not in page and "mitra.bjb" not in page
    answer = issue(kota_admin, accounts["other"])
    assert answer.status_code == 400
    assert "di luar wilayah Anda" in answer.content.decode()
    assert kota_admin.post(f"/pengguna/mitra/{theirs.pk}/cabut/").status_code == 404
    assert kota_admin.get(f"/pengguna/{accounts['other'].pk}/kunci/").status_code == 404
    assert kota_admin.post(f"/pengguna/{accounts['other'].pk}/kunci/hapus/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.dicabut is None
    assert not AuditEvent.objects.filter(objek__in=("token_api", "kunci_pengirim")).exists()


@pytest.mark.parametrize("peran", ["operator_kabkota", "analis_provinsi", "auditor"])
def test_other_roles_may_not_see_nor_use_the_pages(client, accounts, peran):
    client.force_login(make_user("bukan.admin", peran, "63"))
    row, _ = ApiToken.issue(accounts["own"], "OpenSPP")
    assert client.get("/pengguna/mitra/").status_code == 403
    assert issue(client, accounts["own"]).status_code == 403
    assert client.post(f"/pengguna/mitra/{row.pk}/cabut/").status_code == 403
    assert client.get(f"/pengguna/{accounts['own'].pk}/kunci/").status_code == 403
    assert ">Sistem mitra</a>" not in client.get("/cari/").content.decode()
    assert ApiToken.objects.count() == 1


def test_an_admin_issues_no_token_and_sets_no_key_for_themselves(kota_admin):
    own = User.objects.get(username="admin.bjm")
    form = kota_admin.get("/pengguna/mitra/").content.decode()
    assert f'value="{own.pk}"' not in form  # not offered
    assert issue(kota_admin, own).status_code == 400
    key = ECKey.generate_key("P-256").as_dict(private=False)
    answer = kota_admin.post(
        f"/pengguna/{own.pk}/kunci/", {"sender_id": SENDER, "kunci": json.dumps(key)}
    )
    assert answer.status_code == 400
    assert "akun Anda sendiri tidak dapat Anda atur" in answer.content.decode()
    assert not ApiToken.objects.exists() and not SenderKey.objects.exists()


def test_a_key_registered_on_the_page_is_then_required_and_can_be_removed(kota_admin, accounts):
    partner = accounts["own"]
    token = ApiToken.issue(partner, "OpenSPP")[1]
    private = ECKey.generate_key("P-256")
    public = json.dumps(private.as_dict(private=False) | {"kid": "kunci-2026"})
    answer = kota_admin.post(
        f"/pengguna/{partner.pk}/kunci/", {"sender_id": SENDER, "kunci": public}, follow=True
    )
    page = answer.content.decode()
    assert "didaftarkan" in page and "ES256" in page and "kunci-2026" in page
    stored = SenderKey.objects.get(user=partner)
    assert stored.sender_id == SENDER and "d" not in stored.jwk
    assert stored.sidik == private.thumbprint() and stored.sidik in page
    # From now on: unsigned refused, signed accepted, another sender refused.
    assert dci_search(Client(), token).status_code == 403
    assert dci_search(Client(), token, key=private).status_code == 200
    assert dci_search(Client(), token, key=private, sender="lain").status_code == 403
    # Replaced by a PEM key: the old one no longer signs.
    newer = RSAKey.generate_key(2048)
    pem = newer.as_pem(private=False).decode()
    answer = kota_admin.post(
        f"/pengguna/{partner.pk}/kunci/", {"sender_id": SENDER, "kunci": pem}, follow=True
    )
    assert "diganti" in answer.content.decode()
    assert dci_search(Client(), token, key=private).status_code == 403
    removed = kota_admin.post(f"/pengguna/{partner.pk}/kunci/hapus/", follow=True)
    assert "dihapus" in removed.content.decode()
    assert dci_search(Client(), token).status_code == 200
    steps = [(r["langkah"], r["sender_id"]) for r in trail("kunci_pengirim")]
    assert steps == [("daftar_kunci", SENDER), ("ganti_kunci", SENDER), ("hapus_kunci", SENDER)]
    assert trail("kunci_pengirim")[1]["sidik_sebelumnya"] == private.thumbprint()


@pytest.mark.parametrize(
    ("kunci", "message"),
    [
        ("", "Kunci publik wajib diisi"),
        ("{bukan json", "bukan JSON yang sah (baris 1, kolom 2)"),
        ("ssh-rsa AAAAB3Nza", "Format kunci tidak dikenali"),
        ("PRIVATE_EC", "Yang ditempel adalah kunci privat. Kunci ini tidak disimpan."),
        ("PRIVATE_PEM", "Yang ditempel adalah kunci privat"),
        ('{"kty": "oct", "k": "c2VjcmV0"}', "bukan kunci publik"),
        ("RSA_1024", "Kunci RSA 1024 bit terlalu lemah; paling sedikit 2048 bit."),
        ('{"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}', "tidak lengkap atau tidak sah"),
        ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "PEM tidak dapat dibaca"),
    ],
    ids=["empty", "json", "ssh", "private-jwk", "private-pem", "oct", "weak", "bad-ec", "bad-pem"],
)
def test_a_bad_key_is_refused_next_to_its_field_and_nothing_stored(
    kota_admin, accounts, kunci, message
):
    made = {
        "PRIVATE_EC": lambda: json.dumps(ECKey.generate_key("P-256").as_dict(private=True)),
        "PRIVATE_PEM": lambda: RSAKey.generate_key(2048).as_pem(private=True).decode(),
        "RSA_1024": lambda: json.dumps(RSAKey.generate_key(1024).as_dict(private=False)),
    }
    text = made[kunci]() if kunci in made else kunci
    answer = kota_admin.post(
        f"/pengguna/{accounts['own'].pk}/kunci/", {"sender_id": SENDER, "kunci": text}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not SenderKey.objects.exists()
    assert not AuditEvent.objects.filter(objek="kunci_pengirim").exists()


def test_a_sender_id_is_one_systems_own(kota_admin, accounts):
    first = json.dumps(ECKey.generate_key("P-256").as_dict(private=False))
    kota_admin.post(f"/pengguna/{accounts['own'].pk}/kunci/", {"sender_id": SENDER, "kunci": first})
    second_user = make_user("mitra.bjm.dua", "operator_kabkota", "63.71")
    answer = kota_admin.post(
        f"/pengguna/{second_user.pk}/kunci/", {"sender_id": SENDER, "kunci": first}
    )
    assert answer.status_code == 400
    assert "sudah terdaftar untuk pengguna lain" in answer.content.decode()
    assert SenderKey.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nama": ""}, "Nama sistem mitra wajib diisi."),
        ({"hari": "0"}, "Pilih masa berlaku 30, 90, 180 atau 365 hari."),
        ({"pengguna": ""}, "Pilih akun sistem mitra."),
    ],
)
def test_a_bad_issue_is_refused_with_a_message(kota_admin, accounts, data, message):
    form = {"pengguna": accounts["own"].pk, "nama": "OpenSPP", "hari": "90", **data}
    answer = kota_admin.post("/pengguna/mitra/", form)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not ApiToken.objects.exists()


def test_a_nonaktif_account_is_not_offered_a_token(kota_admin, accounts):
    accounts["own"].is_active = False
    accounts["own"].save()
    assert issue(kota_admin, accounts["own"]).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_menu_entry_is_shown_to_administrators(kota_admin):
    page = kota_admin.get("/pengguna/mitra/").content.decode()
    assert '<a href="/pengguna/mitra/" aria-current="page">Sistem mitra</a>' in page
