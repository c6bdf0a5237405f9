"""A partner system's public key as an administrator pastes it: every accepted form, and
every refusal with its reason (accounts/sender_keys.py); no database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from joserfc.jwk import ECKey, OKPKey, RSAKey

from datusoban.accounts.sender_keys import read
from datusoban.refusal import RefusedError

RSA = RSAKey.generate_key(2048)
EC = ECKey.generate_key("P-384")
ED = OKPKey.generate_key("Ed25519")


def _jwk(key, **extra) -> str:
    return json.dumps(key.as_dict(private=False) | extra)


def _certificate() -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "openspp")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(EC.private_key.public_key()).serial_number(1)
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .sign(EC.private_key, hashes.SHA256())
    )  # fmt: skip
    return cert.public_bytes(Encoding.PEM).decode()


@pytest.mark.parametrize(
    ("text", "kty", "algorithms"),
    [
        (_jwk(RSA), "RSA", ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")),
        (_jwk(RSA, alg="PS256", kid="k1", use="sig"), "RSA", ("PS256",)),
        (
            RSA.as_pem(private=False).decode(),
            "RSA",
            ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"),
        ),
        (_jwk(EC), "EC", ("ES384",)),
        (EC.as_pem(private=False).decode(), "EC", ("ES384",)),
        (ED.as_pem(private=False).decode(), "OKP", ("EdDSA", "Ed25519")),
        (json.dumps({"keys": [ED.as_dict(private=False)]}), "OKP", ("EdDSA", "Ed25519")),
        ("\n  " + _jwk(ED) + "\n", "OKP", ("EdDSA", "Ed25519")),
    ],
    ids=["rsa", "rsa-alg", "rsa-pem", "ec", "ec-pem", "ed-pem", "jwks", "spaces"],
)
def test_public_keys_are_taken_in_either_form(text, kty, algorithms):
    key = read(text)
    assert key.jwk["kty"] == kty
    assert key.algorithms == algorithms
    assert not {"d", "p", "q"} & set(key.jwk)
    assert len(key.sidik) == 43  # SHA-256, base64url without padding


@pytest.mark.parametrize(
    ("text", "kode"),
    [
        (json.dumps({"keys": [EC.as_dict(private=False), ED.as_dict(private=False)]}),
         "kunci_himpunan"),
        (_certificate(), "kunci_sertifikat"),
        (_jwk(ECKey.generate_key("secp256k1")), "kunci_kurva_tidak_dikenal"),
        (_jwk(OKPKey.generate_key("X25519")), "kunci_kurva_tidak_dikenal"),
        (_jwk(EC, use="enc"), "kunci_bukan_tanda_tangan"),
        (_jwk(EC, key_ops=["encrypt"]), "kunci_bukan_tanda_tangan"),
        (_jwk(EC, alg="ES256"), "kunci_alg_tidak_cocok"),
        (_jwk(RSA, alg="HS256"), "kunci_alg_tidak_cocok"),
        (json.dumps(ED.as_dict(private=True)), "kunci_privat"),
        (json.dumps({"kty": "XYZ"}), "kunci_jenis_tidak_dikenal"),
        (json.dumps({"n": "abc", "e": "AQAB"}), "kunci_tanpa_kty"),
        ("{" + " " * 20_000 + "}", "kunci_terlalu_panjang"),
    ],
    ids=["jwks-two", "certificate", "secp256k1", "x25519", "use-enc", "key-ops", "alg-ec",
         "alg-hmac", "private-okp", "kty", "not-object", "too-long"],
)  # fmt: skip
def test_what_is_no_signing_public_key_is_refused_with_its_reason(text, kode):
    with pytest.raises(RefusedError) as refused:
        read(text)
    assert refused.value.kode == kode
    assert refused.value.field == "kunci"
    assert refused.value.pesan


def test_the_length_limit_is_said_in_indonesian_figures():
    with pytest.raises(RefusedError) as refused:
        read("{" + " " * 20_000 + "}")
    assert "lebih dari 20.000 karakter" in refused.value.pesan
