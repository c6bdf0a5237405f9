"""The specification's message envelope (signature, header, message): checking what a
sender put in the header, and the header and error bodies of the answers.

Two kinds of refusal, as the specification has them:

- the HTTP layer's (``HttpErrorResponse``: ``{"errors": [{"code", "message"}]}``, with the
  ``Error`` codes ``err.request.bad``, ``err.request.unauthorized``, ...): a body that is
  not an envelope at all, no valid token, an encrypted message;
- the message header's (``status: rjct`` with a ``MsgHeaderStatusReasonCode``): a readable
  envelope whose header the registry refuses (version, action, timestamp, counts).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from datusoban.dci import schemas

VERSION = "1.0.0"
# The most requests one envelope may carry.
MAX_BATCH = 10


class EnvelopeError(Exception):
    """The envelope refused as a whole: an HTTP-layer error (``code`` from the
    specification's Error enum) or a header refusal (``reason`` from
    MsgHeaderStatusReasonCode)."""

    def __init__(self, message: str, *, code: str = "", reason: str = "", status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.reason = reason
        self.status = status


def now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def sender_id() -> str:
    """How this registry names itself to other systems (settings.DCI_SENDER_ID)."""
    return getattr(settings, "DCI_SENDER_ID", "datusoban")


def is_timestamp(value: Any) -> bool:
    """An ISO 8601 date-time with its time zone, as the specification asks."""
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _where(error) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(akar)"


def describe(errors) -> str:
    """Validation errors as one message saying where each is (JSON paths)."""
    parts = [f"{_where(e)}: {e.message}" for e in errors]
    return "Tidak sesuai spesifikasi SPDCI: " + "; ".join(parts[:5])


def checked(body: Any, action: str) -> tuple[dict, Any]:
    """The header and the message of ``body``, an envelope for ``action``; EnvelopeError
    otherwise."""
    if not isinstance(body, dict) or "header" not in body or "message" not in body:
        raise EnvelopeError(
            "Isi permintaan harus amplop SPDCI: objek JSON dengan 'header' dan 'message'.",
            code="err.request.bad",
        )
    header = body["header"]
    if "signature" in body and not isinstance(body["signature"], str):
        raise EnvelopeError("signature harus berupa teks.", code="err.signature.invalid")
    errors = sorted(schemas.component("MsgHeader_V1.0.0").iter_errors(header), key=str)
    if errors:
        raise EnvelopeError(describe(errors).replace("(akar)", "header"), code="err.request.bad")
    if header.get("version", VERSION) != VERSION:
        raise EnvelopeError(
            f"Versi {header['version']} tidak didukung; gunakan {VERSION}.",
            reason="rjct.version.invalid",
        )
    if header["action"] != action:
        raise EnvelopeError(
            f"header.action '{header['action']}' tidak sesuai alamat ini; gunakan '{action}'.",
            reason="rjct.action.invalid",
        )
    if not is_timestamp(header["message_ts"]):
        raise EnvelopeError(
            "header.message_ts harus tanggal-waktu ISO 8601 dengan zona waktu, "
            "mis. 2026-12-06T10:00:00+08:00.",
            reason="rjct.message_ts.invalid",
        )
    encrypted = isinstance(body["message"], dict) and "ciphertext" in body["message"]
    if header.get("is_msg_encrypted") or encrypted:
        raise EnvelopeError(
            "Pesan terenkripsi belum didukung: kirim pesan tanpa enkripsi lewat HTTPS.",
            code="err.encryption.invalid",
        )
    return header, body["message"]


def http_error(code: str, message: str) -> dict:
    """The specification's HttpErrorResponse."""
    return {"errors": [{"code": code, "message": message}]}


def answer_header(
    received: dict | None, action: str, status: str, *, reason: str = "", message: str = "",
    total: int | None = None, completed: int | None = None,
) -> dict:  # fmt: skip
    """The header of an answer (MsgCallbackHeader_V1.0.0) to the envelope ``received``."""
    header: dict[str, Any] = {
        "version": VERSION,
        "message_id": str(uuid.uuid4()),
        "message_ts": now(),
        "action": action,
        "status": status,
        "sender_id": sender_id(),
        "is_msg_encrypted": False,
    }
    if received and isinstance(received.get("sender_id"), str):
        header["receiver_id"] = received["sender_id"]
    if reason:
        header["status_reason_code"] = reason
    if message:
        header["status_reason_message"] = message[:999]
    if total is not None:
        header["total_count"] = total
    if completed is not None:
        header["completed_count"] = completed
    return header


# The Error code an asynchronous request's acknowledgement (ERR) gives for a header the
# registry refuses: the specification's Error enum has no rjct.… codes.
ERR_OF_REASON = {"rjct.version.invalid": "err.version.not_supported"}


def acknowledgement(correlation_id: str) -> dict:
    """The specification's Response to an asynchronous request accepted: ACK, and the
    callback will follow with this ``correlation_id``."""
    return {"message": {"ack_status": "ACK", "timestamp": now(), "correlation_id": correlation_id}}


def acknowledgement_error(exc: EnvelopeError) -> dict:
    """The Response to an asynchronous request refused before any work: ERR with the
    specification's Error code and what is wrong (the header's reason code named in the
    message when it has one). No callback follows; the correlation id is the refusal's
    own."""
    code = exc.code or ERR_OF_REASON.get(exc.reason, "err.request.bad")
    text = f"{exc.reason}: {exc.message}" if exc.reason else exc.message
    return {
        "message": {
            "ack_status": "ERR",
            "timestamp": now(),
            "correlation_id": str(uuid.uuid4()),
            "error": {"code": code, "message": text[:999]},
        }
    }
