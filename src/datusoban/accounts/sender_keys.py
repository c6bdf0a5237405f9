"""Reading a partner system's signing public key as an administrator pastes it (a JWK or a
PEM public key), checking it, and which JWS algorithms it may sign with.

Only a public key is ever taken: a private key pasted here is refused, not stripped,
since a private key that has travelled through a web form must be taken as leaked. Keys
too weak to trust (RSA under 2048 bits), symmetric keys (a shared secret is not a
sender's signature) and curves no JWS algorithm names are refused, each with the reason
in Bahasa Indonesia (``RefusedError``, field ``kunci``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey, RSAKey, import_key

from datusoban.formatting import angka
from datusoban.refusal import RefusedError

FIELD = "kunci"
# Longer than any public key in either form (an RSA-8192 JWK is about 1.5 KB).
MAX_CHARS = 20_000
MIN_RSA_BITS = 2048
RSA_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
# Each curve with the one algorithm RFC 7518 pairs it with; EdDSA (RFC 8037) and its
# newer name Ed25519 (RFC 9864) for Ed25519 keys.
CURVE_ALGORITHMS = {
    "P-256": ("ES256",),
    "P-384": ("ES384",),
    "P-521": ("ES512",),
    "Ed25519": ("EdDSA", "Ed25519"),
}
_PRIVATE = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}
_PUBLIC = {
    "RSA": ("kty", "n", "e"),
    "EC": ("kty", "crv", "x", "y"),
    "OKP": ("kty", "crv", "x"),
}
_KEEP = ("kid", "alg", "use")
_FORMS = (
    "Tempel kunci publik sebagai JWK (JSON yang diawali {) atau PEM (diawali "
    "-----BEGIN PUBLIC KEY-----)."
)

Key = RSAKey | ECKey | OKPKey


@dataclass(frozen=True)
class PublicKey:
    """A checked public key: the JWK kept, its thumbprint, the algorithms it verifies."""

    jwk: dict[str, Any]
    sidik: str
    algorithms: tuple[str, ...]


def _refused(kode: str, pesan: str) -> RefusedError:
    return RefusedError(kode, pesan, field=FIELD)


def algorithms(jwk: dict[str, Any]) -> tuple[str, ...]:
    """The JWS algorithms a stored key verifies: by its type and curve, narrowed to its own
    ``alg`` when it names one."""
    if jwk.get("kty") == "RSA":
        allowed = RSA_ALGORITHMS
    else:
        allowed = CURVE_ALGORITHMS.get(jwk.get("crv", ""), ())
    named = jwk.get("alg")
    if named is None:
        return allowed
    return (named,) if named in allowed else ()


def key_of(jwk: dict[str, Any]) -> Key:
    """The joserfc key of a stored JWK."""
    return import_key(jwk, jwk["kty"])


def _from_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _refused(
            "kunci_json_rusak",
            f"Kunci JWK bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}). {_FORMS}",
        ) from None
    if isinstance(data, dict) and isinstance(data.get("keys"), list):
        if len(data["keys"]) != 1:
            raise _refused(
                "kunci_himpunan",
                f"Himpunan kunci (JWKS) ini berisi {len(data['keys'])} kunci; tempel satu "
                "kunci saja, yaitu kunci yang dipakai sistem mitra untuk menandatangani.",
            )
        data = data["keys"][0]
    if not isinstance(data, dict) or not isinstance(data.get("kty"), str):
        raise _refused(
            "kunci_tanpa_kty", f'JWK harus objek JSON dengan jenis kunci ("kty"). {_FORMS}'
        )
    if data["kty"] == "oct":
        raise _refused(
            "kunci_simetris",
            'Ini kunci rahasia bersama ("kty": "oct"), bukan kunci publik: tanda tangan '
            "pengirim memakai pasangan kunci RSA, EC atau Ed25519.",
        )
    if _PRIVATE & set(data):
        raise _private()
    if data["kty"] not in _PUBLIC:
        raise _refused(
            "kunci_jenis_tidak_dikenal",
            f'Jenis kunci "{data["kty"]}" tidak dikenal; gunakan RSA, EC atau OKP (Ed25519).',
        )
    return data


def _private() -> RefusedError:
    return _refused(
        "kunci_privat",
        "Yang ditempel adalah kunci privat. Kunci ini tidak disimpan. Kunci privat tidak "
        "boleh keluar dari sistem mitra: anggap kunci ini sudah bocor, minta sistem mitra "
        "membuat pasangan kunci baru, lalu tempel kunci publiknya saja.",
    )


def _from_pem(text: str) -> dict[str, Any]:
    if "PRIVATE KEY" in text:
        raise _private()
    if "CERTIFICATE" in text:
        raise _refused(
            "kunci_sertifikat",
            "Sertifikat X.509 belum diterima di sini: mintalah kunci publiknya (PEM "
            "-----BEGIN PUBLIC KEY-----) atau JWK kepada pengelola sistem mitra.",
        )
    try:
        loaded = load_pem_public_key(text.encode())
    except (ValueError, TypeError):
        raise _refused("kunci_pem_rusak", f"Kunci PEM tidak dapat dibaca. {_FORMS}") from None
    if isinstance(loaded, rsa.RSAPublicKey):
        kty = "RSA"
    elif isinstance(loaded, ec.EllipticCurvePublicKey):
        kty = "EC"
    elif isinstance(loaded, ed25519.Ed25519PublicKey):
        kty = "OKP"
    else:
        raise _refused(
            "kunci_jenis_tidak_dikenal",
            "Jenis kunci PEM ini tidak dipakai untuk tanda tangan JWS; gunakan RSA, EC "
            "(P-256, P-384, P-521) atau Ed25519.",
        )
    try:
        return import_key(text, kty).as_dict(private=False)
    except (JoseError, ValueError):
        raise _refused(
            "kunci_jenis_tidak_dikenal",
            "Kurva kunci EC ini tidak dipakai untuk tanda tangan JWS; gunakan P-256, P-384 "
            "atau P-521.",
        ) from None


def _checked(data: dict[str, Any]) -> PublicKey:
    try:
        key = import_key(data, data["kty"])
    except (JoseError, ValueError, TypeError, KeyError):
        raise _refused(
            "kunci_tidak_sah",
            f"Isi kunci {data['kty']} tidak lengkap atau tidak sah (periksa nilai "
            f"{', '.join(_PUBLIC[data['kty']][1:])}).",
        ) from None
    if key.is_private:
        raise _private()
    if isinstance(key, RSAKey):
        bits = key.raw_value.key_size
        if bits < MIN_RSA_BITS:
            raise _refused(
                "kunci_lemah",
                f"Kunci RSA {bits} bit terlalu lemah; paling sedikit {MIN_RSA_BITS} bit.",
            )
    elif data.get("crv") not in CURVE_ALGORITHMS:
        raise _refused(
            "kunci_kurva_tidak_dikenal",
            f'Kurva "{data.get("crv")}" tidak dipakai untuk tanda tangan JWS di sini; '
            "gunakan P-256, P-384, P-521 atau Ed25519.",
        )
    if data.get("use", "sig") != "sig" or "verify" not in data.get("key_ops", ["verify"]):
        raise _refused(
            "kunci_bukan_tanda_tangan",
            'Kunci ini ditandai untuk enkripsi ("use"/"key_ops"), bukan untuk tanda tangan.',
        )
    jwk = {name: data[name] for name in _PUBLIC[data["kty"]]}
    jwk |= {name: data[name] for name in _KEEP if isinstance(data.get(name), str)}
    allowed = algorithms(jwk)
    if not allowed:
        raise _refused(
            "kunci_alg_tidak_cocok",
            f'Algoritma "{jwk["alg"]}" tidak cocok dengan kunci {jwk["kty"]} ini.',
        )
    return PublicKey(jwk=jwk, sidik=import_key(jwk, jwk["kty"]).thumbprint(), algorithms=allowed)


def read(text: str) -> PublicKey:
    """The public key in ``text`` (a JWK, a JWK Set of one key, or a PEM public key),
    checked; refused (``RefusedError``, field ``kunci``) with the reason otherwise."""
    text = text.strip()
    if not text:
        raise _refused("kunci_kosong", f"Kunci publik wajib diisi. {_FORMS}")
    if len(text) > MAX_CHARS:
        raise _refused(
            "kunci_terlalu_panjang",
            f"Isian lebih dari {angka(MAX_CHARS)} karakter: bukan satu kunci publik.",
        )
    if text.startswith("{"):
        return _checked(_from_json(text))
    if text.startswith("-----BEGIN"):
        return _checked(_from_pem(text))
    raise _refused("kunci_format_tidak_dikenal", f"Format kunci tidak dikenali. {_FORMS}")
