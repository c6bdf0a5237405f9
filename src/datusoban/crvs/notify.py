"""``POST /crvs/registry/notify``: the civil registry posts each death and birth of a
subscription here (the ``sender_uri`` given when subscribing, ``CrvsClient.berlangganan_*``).

The caller is an API token's user (as on ``/dci/``: ``dci.views.operation``) whose role
may change data province-wide: a notification changes what officers of every kab/kota
review. The envelope is checked against the DCI CRVS API's own schema for
``/registry/notify``; each death becomes a death proposal and each birth a birth
proposal, through the same intake as polling, so that an event delivered twice is
proposed once. The answer is the standard's acknowledgement: ACK when every event was
read, ERR (with the place it is wrong) when the message was refused whole, nothing of it
kept.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.crvs import messages, spec
from datusoban.crvs.births import terima_kelahiran
from datusoban.crvs.intake import terima_kematian
from datusoban.refusal import RefusedError

PATH = "/registry/notify"
FORBIDDEN = (
    "Pengguna token ini tidak dapat menyampaikan peristiwa catatan sipil: perlu peran yang "
    "dapat mengubah data, dengan wilayah seluruh provinsi."
)


def _where(error) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(akar)"


def answer(status: str, *, code: str = "", message: str = "") -> dict:
    """The standard's acknowledgement (``components/responses/Response``)."""
    body: dict = {
        "ack_status": status,
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "correlation_id": uuid.uuid4().hex,
    }
    if code:
        body["error"] = {"code": code, "message": message[:999]}
    return {"message": body}


def receive(request, body) -> tuple[int, dict]:
    """Read one notification into proposals; (HTTP status, acknowledgement)."""
    scope = scope_of(request.user)
    if not scope.role.tulis or scope.wilayah != PROVINCE:
        return 403, {"errors": [{"code": "err.request.forbidden", "message": FORBIDDEN}]}
    errors = sorted(spec.request_body(PATH).iter_errors(body), key=str)
    if errors:
        said = "; ".join(f"{_where(e)}: {e.message}" for e in errors[:5])
        return 400, answer("ERR", code="err.request.bad",
                           message=f"Tidak sesuai standar DCI CRVS: {said}")  # fmt: skip
    if body["header"].get("is_msg_encrypted") or "ciphertext" in body.get("message", {}):
        return 400, answer("ERR", code="err.encryption.invalid",
                           message="Pesan terenkripsi belum didukung: kirim tanpa enkripsi "
                           "lewat HTTPS.")  # fmt: skip
    who = request.user.get_username()
    try:
        deaths, births = messages.notified_events(body)
        with transaction.atomic():
            terima_kematian(deaths, oleh=who)
            terima_kelahiran(births, oleh=who)
    except RefusedError as refused:
        return 400, answer("ERR", code="err.request.bad", message=refused.pesan)
    return 200, answer("ACK")
