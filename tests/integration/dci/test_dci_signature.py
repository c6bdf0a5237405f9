"""The envelope's signature on /dci/: once the caller's account has a sender's key, every
message must name that sender and carry a JWS over its header and message made with the
key's private half (detached over the RFC 8785 form, or attached); without a key nothing
is asked, as before. Every answer is checked against the specification's schemas."""

from __future__ import annotations

import base64
import hmac
import json
import uuid

import pytest
import rfc8785
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.contrib.auth.models import User
from joserfc import jws
from joserfc.jwk import ECKey, OKPKey, RSAKey

from datusoban.accounts.models import Account, ApiToken, SenderKey
from datusoban.accounts.sender_keys import read
from datusoban.dci.signature import sign

from .test_dci_search import (
    RIZKY_NIK,
    SEARCH,
    STATUS,
    STATUS_PATH,
    answered,
    by_nik,
    names,
    refused,
    search_body,
    send,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registry")]
SENDER = "openspp.example.org"
# What the OpenSPP compliance suite sends (common/helpers/signature.js): its default stub
# and the values it uses to check that a registry refuses bad signatures.
SUITE_VALUES = ["unsigned-stub", "invalid-signature", "eyJhbGciOiJSUzI1NiJ9.", "!@#$%^&*()", "abc"]


@pytest.fixture(scope="module")
def rsa_key() -> RSAKey:
    return RSAKey.generate_key(2048)


@pytest.fixture(scope="module")
def ec_key() -> ECKey:
    return ECKey.generate_key("P-256")


def partner(peran: str = "operator_kabkota", wilayah: str = "63.71", key=None, **jwk):
    """An account for a partner system, its token and, with ``key``, its registered key."""
    user = User.objects.create_user(f"mitra.{uuid.uuid4().hex[:8]}")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    if key is not None:
        checked = read(json.dumps(key.as_dict(private=False) | jwk))
        SenderKey.objects.create(user=user, sender_id=SENDER, jwk=checked.jwk, sidik=checked.sidik)
    return user, ApiToken.issue(user, "OpenSPP uji")[1]


def signed(body: dict, key, alg: str, **options) -> dict:
    body["signature"] = sign(body["header"], body["message"], key, alg, **options)
    return body


def found(response) -> list[str]:
    body = answered(response)
    assert body["header"]["status"] == "succ", body
    return names(body["message"]["search_response"][0])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_detached_rs256_signature_made_by_hand_is_accepted(client, rsa_key):
    # Made with cryptography alone, as RFC 7515 appendix F describes it, so that the
    # registry's reading does not merely repeat the library it signs with.
    _, token = partner(key=rsa_key)
    body = search_body(by_nik(RIZKY_NIK))
    protected = _b64(json.dumps({"alg": "RS256"}).encode())
    content = _b64(rfc8785.dumps({"header": body["header"], "message": body["message"]}))
    raw = rsa_key.private_key.sign(
        f"{protected}.{content}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    body["signature"] = f"{protected}..{_b64(raw)}"
    assert found(send(client, SEARCH, body, token)) == ["Moh. Rizky"]


@pytest.mark.parametrize("detached", [True, False])
def test_es256_and_eddsa_signatures_detached_or_attached(client, ec_key, detached):
    _, token = partner(key=ec_key)
    body = signed(search_body(by_nik(RIZKY_NIK)), ec_key, "ES256", detached=detached)
    assert found(send(client, SEARCH, body, token)) == ["Moh. Rizky"]
    # Ed25519 keys under the algorithm's older name (RFC 8037) and its newer (RFC 9864).
    okp = OKPKey.generate_key("Ed25519")
    _, token = partner(key=okp)
    alg = "EdDSA" if detached else "Ed25519"
    body = signed(search_body(by_nik(RIZKY_NIK)), okp, alg, detached=detached)
    assert found(send(client, SEARCH, body, token)) == ["Moh. Rizky"]


def test_an_attached_payload_in_another_key_order_and_spacing_is_the_same_message(client, rsa_key):
    _, token = partner(key=rsa_key)
    body = search_body(by_nik(RIZKY_NIK))
    payload = {"message": body["message"], "header": body["header"]}  # another order
    text = json.dumps(payload, indent=2, ensure_ascii=True)
    body["signature"] = jws.serialize_compact({"alg": "PS256"}, text, rsa_key, ["PS256"])
    assert found(send(client, SEARCH, body, token)) == ["Moh. Rizky"]


def test_the_status_of_a_transaction_is_signed_the_same_way(client, ec_key):
    _, token = partner(key=ec_key)
    first = signed(search_body(by_nik(RIZKY_NIK), txn="txn-ttd"), ec_key, "ES256")
    assert send(client, SEARCH, first, token).status_code == 200
    asked = search_body(by_nik(RIZKY_NIK), action="txn-status")
    asked["message"] = {
        "transaction_id": "txn-ttd",
        "txnstatus_request": {
            "reference_id": "s-1", "txn_type": "search",
            "attribute_type": "transaction_id", "attribute_value": "txn-ttd",
        },
    }  # fmt: skip
    refused(send(client, STATUS, asked, token), 403, "err.signature.missing")
    response = send(client, STATUS, signed(asked, ec_key, "ES256"), token)
    assert response.status_code == 200
    assert answered(response, STATUS_PATH)["header"]["status"] == "succ"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda b: b["message"]["search_request"][0]["search_criteria"]["query"].update(
            value="6372021203800004"
        ),
        lambda b: b["header"].update(message_ts="2026-12-07T10:00:00+08:00"),
        lambda b: b["header"].update(total_count=True),  # 1 signed, true sent
    ],
    ids=["query", "header", "type"],
)
@pytest.mark.parametrize("detached", [True, False])
def test_a_tampered_message_is_refused(client, ec_key, tamper, detached):
    _, token = partner(key=ec_key)
    body = signed(search_body(by_nik(RIZKY_NIK)), ec_key, "ES256", detached=detached)
    tamper(body)
    answer = refused(send(client, SEARCH, body, token, conforming=False), 403,
                     "err.signature.invalid")  # fmt: skip
    assert "Tanda tangan ditolak" in answer["errors"][0]["message"]


def test_a_signature_by_another_key_is_refused(client, ec_key):
    _, token = partner(key=ec_key)
    other = ECKey.generate_key("P-256")
    body = signed(search_body(by_nik(RIZKY_NIK)), other, "ES256")
    refused(send(client, SEARCH, body, token), 403, "err.signature.invalid")


def test_an_algorithm_the_key_does_not_name_is_refused(client, rsa_key):
    # The classic confusion: HMAC keyed with the registered public key, as if it were a
    # shared secret; and an RSA key registered for RS256 only, signed with PS256.
    _, token = partner(key=rsa_key, alg="RS256")
    body = search_body(by_nik(RIZKY_NIK))
    protected = _b64(json.dumps({"alg": "HS256"}).encode())
    content = _b64(rfc8785.dumps({"header": body["header"], "message": body["message"]}))
    mac = hmac.new(rsa_key.as_pem(private=False), f"{protected}.{content}".encode(), "sha256")
    body["signature"] = f"{protected}..{_b64(mac.digest())}"
    answer = refused(send(client, SEARCH, body, token), 403, "err.signature.invalid")
    assert "RS256" in answer["errors"][0]["message"]
    signed(body, rsa_key, "PS256")
    refused(send(client, SEARCH, body, token), 403, "err.signature.invalid")
    signed(body, rsa_key, "RS256")
    assert found(send(client, SEARCH, body, token)) == ["Moh. Rizky"]


def test_a_key_id_other_than_the_registered_ones_is_refused(client, ec_key):
    _, token = partner(key=ec_key, kid="kunci-2026")
    body = signed(search_body(by_nik(RIZKY_NIK)), ec_key, "ES256", kid="kunci-lama")
    answer = refused(send(client, SEARCH, body, token), 403, "err.signature.invalid")
    assert "kunci-lama" in answer["errors"][0]["message"]
    signed(body, ec_key, "ES256", kid="kunci-2026")
    assert found(send(client, SEARCH, body, token)) == ["Moh. Rizky"]


@pytest.mark.parametrize("value", SUITE_VALUES)
def test_malformed_signatures_are_refused(client, ec_key, value):
    _, token = partner(key=ec_key)
    body = search_body(by_nik(RIZKY_NIK))
    body["signature"] = value
    refused(send(client, SEARCH, body, token), 403, "err.signature.invalid")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_signature_is_refused_as_missing(client, ec_key, value):
    _, token = partner(key=ec_key)
    body = search_body(by_nik(RIZKY_NIK))
    if value is None:
        del body["signature"]
    else:
        body["signature"] = value
    answer = refused(send(client, SEARCH, body, token), 403, "err.signature.missing")
    assert "wajib ditandatangani" in answer["errors"][0]["message"]


def test_another_sender_id_than_the_registered_one_is_refused(client, ec_key):
    # Naming another sender does not escape the key: the account decides, not the header.
    _, token = partner(key=ec_key)
    body = search_body(by_nik(RIZKY_NIK), sender_id="sistem.lain.example.org")
    signed(body, ec_key, "ES256")
    answer = refused(send(client, SEARCH, body, token), 403, "err.sender_id.invalid")
    assert SENDER in answer["errors"][0]["message"]


def test_a_body_that_is_no_envelope_is_a_bad_request_before_its_signature(client, ec_key):
    _, token = partner(key=ec_key)
    refused(send(client, SEARCH, {"header": {}}, token, conforming=False), 400, "err.request.bad")
    refused(send(client, SEARCH, [1, 2], token, conforming=False), 400, "err.request.bad")


@pytest.mark.parametrize("value", [*SUITE_VALUES, ""])
def test_without_a_registered_key_no_signature_is_asked_nor_read(client, value):
    _, token = partner()
    body = search_body(by_nik(RIZKY_NIK))
    body["signature"] = value
    assert found(send(client, SEARCH, body, token)) == ["Moh. Rizky"]


def test_a_refused_signature_discloses_nothing_and_records_no_transaction(client, ec_key):
    from datusoban.accounts.models import AuditEvent
    from datusoban.dci.models import Transaction

    user, token = partner(key=ec_key)
    body = search_body(by_nik(RIZKY_NIK))
    body["signature"] = "unsigned-stub"
    response = send(client, SEARCH, body, token)
    assert response.status_code == 403
    assert "Rizky" not in response.content.decode()
    assert not AuditEvent.objects.filter(pengguna=user).exists()
    assert not Transaction.objects.filter(pengguna=user).exists()
