"""The envelope's ``signature``, checked against the key the caller's account registered
(``accounts.SenderKey``, on the partner systems page).

The specification has the signature "of {header}+{message} body verified using sender's
signing public key", a string (``MsgSignature``), and the error codes
``err.signature.missing`` and ``err.signature.invalid``; it names no format. Here it is a
JWS (RFC 7515) in compact serialization, signed with the sender's private key (RS256 and
the other RSA algorithms, ES256/384/512, EdDSA), whose payload is the envelope's header
and message as one JSON object, ``{"header": …, "message": …}``:

- detached (RFC 7515 appendix F, ``<protected>..<signature>``): the payload signed is that
  object in the JSON Canonicalization Scheme (RFC 8785), which every language can
  reproduce byte for byte from the data it sends;
- or attached (``<protected>.<payload>.<signature>``, what any JWT library makes of the
  object): the payload must be the same JSON as the envelope's header and message,
  compared in canonical form (so ``1`` is never ``true``).

The OpenSPP compliance suite sends ``unsigned-stub``, an empty string and malformed values
to a registry that enforces signatures, and expects a 4xx ``HttpErrorResponse`` with one
of these codes: that is what a caller with a registered key gets. A caller without one is
not asked for a signature, and one sent is not read (as before keys were registered).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import rfc8785
from joserfc import jws
from joserfc.errors import JoseError

from datusoban.accounts import sender_keys
from datusoban.accounts.models import SenderKey

MISSING = "err.signature.missing"
INVALID = "err.signature.invalid"
SENDER = "err.sender_id.invalid"
BAD = "err.request.bad"
# As MsgSignature's example: a JWS of an envelope is a few hundred characters; this is
# far above any, and keeps a hostile value from being parsed at length.
MAX_CHARS = 100_000


@dataclass(frozen=True)
class Refusal:
    """Why a message's signature is refused: the specification's ``Error`` code, the
    message in Bahasa Indonesia, the HTTP status (403, declared by every operation as an
    ``HttpErrorResponse``; 400 for a body that is no envelope, as elsewhere)."""

    code: str
    message: str
    status: int = 403


def signed_content(header: Any, message: Any) -> bytes:
    """The bytes a detached signature covers: ``{"header", "message"}`` in RFC 8785 form."""
    return rfc8785.dumps({"header": header, "message": message})


def sign(header: dict, message: dict, key, alg: str, *, detached: bool = True, **jose) -> str:
    """The ``signature`` of an envelope, as a sender makes it (``key``: a joserfc private
    key), as the tests and the operators' documentation do."""
    protected = {"alg": alg, **jose}
    token = jws.serialize_compact(protected, signed_content(header, message), key, [alg])
    return jws.detach_content(token) if detached else token


def _canonical(value: Any) -> bytes | None:
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, ValueError, TypeError):
        return None


def _checked(key: SenderKey, signature: str, content: bytes) -> Refusal | None:
    allowed = sender_keys.algorithms(key.jwk)
    detached = signature.count(".") == 2 and signature.split(".")[1] == ""
    try:
        found = jws.deserialize_compact(
            signature, sender_keys.key_of(key.jwk), list(allowed),
            payload=content if detached else None,
        )  # fmt: skip
    except JoseError as exc:
        if exc.error == "bad_signature":
            why = "tanda tangan tidak cocok dengan isi pesan dan kunci pengirim yang terdaftar"
        elif exc.error == "unsupported_algorithm":
            why = f"algoritma tidak diterima untuk kunci ini (yang diterima: {', '.join(allowed)})"
        else:
            why = "bukan JWS bentuk ringkas (compact) yang sah"
        return Refusal(INVALID, f"Tanda tangan ditolak: {why}.")
    except (ValueError, TypeError):
        return Refusal(INVALID, "Tanda tangan ditolak: bukan JWS bentuk ringkas yang sah.")
    kid = found.headers().get("kid")
    if kid is not None and "kid" in key.jwk and kid != key.jwk["kid"]:
        return Refusal(INVALID, f"Tanda tangan ditolak: kid '{kid}' bukan kunci yang terdaftar.")
    if not detached:
        try:
            signed = _canonical(json.loads(found.payload))
        except (ValueError, UnicodeDecodeError):
            signed = None
        if signed != content:
            return Refusal(
                INVALID,
                "Tanda tangan ditolak: isi yang ditandatangani bukan header dan message "
                "amplop ini.",
            )
    return None


def refusal(user, body: Any) -> Refusal | None:
    """Why ``body``, an envelope sent by ``user``'s token, is refused for its signature;
    None when it is signed as the user's registered key requires, or no key is registered."""
    key = SenderKey.objects.filter(user=user).first()
    if key is None:
        return None
    if not isinstance(body, dict) or "header" not in body or "message" not in body:
        return Refusal(
            BAD,
            "Isi permintaan harus amplop SPDCI: objek JSON dengan 'header' dan 'message'.",
            400,
        )
    header = body["header"]
    sender = header.get("sender_id") if isinstance(header, dict) else None
    if sender != key.sender_id:
        return Refusal(
            SENDER,
            f"header.sender_id '{sender}' bukan pengirim yang terdaftar untuk token ini "
            f"('{key.sender_id}').",
        )
    signature = body.get("signature")
    if signature is None or (isinstance(signature, str) and not signature.strip()):
        return Refusal(
            MISSING,
            "Pesan wajib ditandatangani: kirim 'signature', JWS atas header dan message "
            "dengan kunci privat sistem Anda.",
        )
    if not isinstance(signature, str) or len(signature) > MAX_CHARS:
        return Refusal(INVALID, "Tanda tangan ditolak: bukan JWS bentuk ringkas yang sah.")
    content = _canonical({"header": header, "message": body["message"]})
    if content is None:
        return Refusal(
            INVALID,
            "Tanda tangan tidak dapat diperiksa: header atau message memuat angka di luar "
            "jangkauan JSON yang dapat dikanonikalisasi (RFC 8785).",
        )
    return _checked(key, signature.strip(), content)
