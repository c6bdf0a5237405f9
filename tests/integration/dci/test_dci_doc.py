"""docs/DCI.md stays true: each curl example's body is sent to its address, as a kab/kota
operator's token would send it, and answered in full by the specification; the Python
signing example signs a message that a registered key then accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, ApiToken, SenderKey
from datusoban.accounts.sender_keys import read

from .conformance import acknowledgement_errors
from .test_dci_search import answered, send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registry")]
DOC = Path(__file__).resolve().parents[3] / "docs" / "DCI.md"
CURL = re.compile(r"```sh\n(curl[^\n]*\n[^\n]*\$DCI(/\S+) <<'EOF'\n(.*?)\nEOF\n)```", re.S)
PYTHON = re.compile(r"```python\n(.*?)```", re.S)


def examples() -> list[tuple[str, dict]]:
    """(path under /dci, body) of each curl example, in the document's order."""
    return [(path, json.loads(body)) for _, path, body in CURL.findall(DOC.read_text())]


def partner() -> tuple[User, str]:
    user = User.objects.create_user("openspp.bjm")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id="63.71")
    return user, ApiToken.issue(user, "OpenSPP Banjarmasin")[1]


def test_every_curl_example_is_answered_in_full(client):
    found = examples()
    assert [path for path, _ in found] == [
        "/registry/sync/search", "/registry/sync/search", "/registry/sync/search",
        "/registry/sync/search", "/registry/sync/txn/status", "/registry/search",
        "/registry/txn/status", "/registry/subscribe", "/registry/unsubscribe",
    ]  # fmt: skip
    _, token = partner()
    for path, body in found:
        response = send(client, "/dci" + path, body, token)
        assert response.status_code == 200, (path, response.content)
        if "/sync/" not in path:  # asynchronous: the acknowledgement, the answer follows
            assert acknowledgement_errors(response.json()) == []
            assert response.json()["message"]["ack_status"] == "ACK", response.json()
            continue
        answer = answered(response, path)
        assert answer["header"]["status"] == "succ", answer
        if path.endswith("/search"):
            (item,) = answer["message"]["search_response"]
            assert item["status"] == "succ" and item["data"]["reg_records"], item
        else:
            status = answer["message"]["txnstatus_response"]["txn_status"]
            assert status["transaction_id"] == "txn-nik-0001"


def test_the_python_example_signs_what_the_registered_key_accepts(client):
    (code,) = PYTHON.findall(DOC.read_text())
    space: dict = {}
    exec(code, space)  # the document's own function
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(  # as `openssl ecparam -genkey` writes it
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )  # fmt: skip
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    user, token = partner()
    (_, envelope), *_ = examples()
    key = read(public.decode())
    SenderKey.objects.create(
        user=user, sender_id=envelope["header"]["sender_id"], jwk=key.jwk, sidik=key.sidik
    )
    assert send(client, "/dci/registry/sync/search", envelope, token).status_code == 403
    signed = space["signed"](envelope, pem)
    response = send(client, "/dci/registry/sync/search", signed, token)
    assert response.status_code == 200, response.content
    assert answered(response)["header"]["status"] == "succ"
