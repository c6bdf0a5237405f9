"""Entries other than visits sent from the field app (a case report, a P2K2 session, a
disaster victim, a delivery), each stored exactly once.

The device makes each entry's key (a UUID) when it is recorded. The key is taken first, in
the same transaction as what the entry creates: a repeat (the answer lost on the way back,
the app retrying) finds it and gets the answer given the first time; two copies arriving
at once meet the key's unique constraint and the second gets the first's answer. Each
kind's checks and writes are its own module's (``HANDLERS``); a refusal leaves nothing.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from datusoban.lapangan.models import KirimanLapangan
from datusoban.lapangan.work import worker_of
from datusoban.layanan.models import Pilar
from datusoban.refusal import RefusedError

Jenis = KirimanLapangan.Jenis
# A kind's handler: checks ``entry`` and creates its object as ``request.user`` (the
# worker ``pilar``); returns the object's id and what the answer tells the device.
Handler = Callable[..., tuple[int, dict]]


@dataclass(frozen=True)
class Stored:
    answer: dict
    new: bool  # False: the key was sent before; the stored answer


def refuse(field: str, message: str, kode: str = "kiriman_tidak_valid") -> RefusedError:
    return RefusedError(kode, message, 422, field=field)


def key_of(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise refuse("kunci", "Kunci kiriman bukan UUID; kirim ulang dari aplikasi.") from None


def when(value) -> datetime:
    """The device's time of the entry (ISO 8601); now when not given."""
    if value in (None, ""):
        return timezone.now()
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise refuse("waktu", "Waktu pencatatan tidak terbaca (format ISO 8601).")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def photo_of(data, name: str) -> SimpleUploadedFile | None:
    """A photo sent as base64 (the app's canvas JPEG, or a data: URL), as an upload that
    ``kasus.files`` then checks like any case photo."""
    if not data:
        return None
    text = str(data).split(",", 1)[-1]
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise refuse("foto", "Foto tidak terbaca (bukan base64).") from None
    return SimpleUploadedFile(name, raw, content_type="image/jpeg")


def text_of(entry: dict, field: str, limit: int) -> str:
    value = entry.get(field)
    return str(value).strip()[:limit] if value not in (None, "") else ""


def id_of(entry: dict, field: str, what: str) -> int:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise refuse(field, f"{what} tidak dikenal; pilih dari daftar di aplikasi.")
    return int(value)


def _handlers() -> dict[str, Handler]:
    # Imported here: each kind's module imports this one for its helpers.
    from datusoban.lapangan import attendance, cases, disasters

    return {
        Jenis.KASUS: cases.store,
        Jenis.P2K2: attendance.store,
        Jenis.KORBAN: disasters.store_victim,
        Jenis.PENYALURAN: disasters.store_delivery,
    }


def _stored(user, key: uuid.UUID, jenis: str) -> Stored | None:
    found = KirimanLapangan.objects.filter(kunci=key, petugas=user).first()
    if found is None:
        return None
    if found.jenis != jenis:
        raise refuse("kunci", "Kunci ini sudah dipakai untuk kiriman jenis lain.")
    return Stored({**found.jawaban, "baru": False}, new=False)


def store(request, entry: dict) -> Stored:
    """Check and store one ``entry`` (its ``jenis`` says which kind) sent by the user."""
    user = request.user
    handlers = _handlers()
    jenis = entry.get("jenis")
    if jenis not in handlers:
        raise refuse("jenis", "Jenis kiriman harus kasus, p2k2, korban atau penyaluran.")
    key = key_of(entry.get("kunci"))
    repeat = _stored(user, key, jenis)
    if repeat is not None:
        return repeat
    if KirimanLapangan.objects.filter(kunci=key).exists():
        raise refuse("kunci", "Kunci kiriman sudah dipakai petugas lain.")
    pilar: Pilar = worker_of(user)
    try:
        with transaction.atomic():
            sent = KirimanLapangan.objects.create(kunci=key, petugas=user, jenis=jenis)
            objek_id, told = handlers[jenis](request, pilar, entry)
            sent.objek_id = objek_id
            sent.jawaban = {"kunci": str(key), "jenis": jenis, "id": objek_id, **told}
            sent.save(update_fields=["objek_id", "jawaban"])
    except IntegrityError:
        # The same key arrived twice at once: the other request stored it.
        repeat = _stored(user, key, jenis)
        if repeat is None:
            raise
        return repeat
    return Stored({**sent.jawaban, "baru": True}, new=True)


def created_by(user, key, jenis: str) -> int | None:
    """The id of what the user's entry ``key`` of kind ``jenis`` created (None: not sent,
    or refused): how a later entry names an earlier one made on the same device."""
    try:
        parsed = uuid.UUID(str(key))
    except ValueError:
        return None
    return (
        KirimanLapangan.objects.filter(kunci=parsed, petugas=user, jenis=jenis)
        .values_list("objek_id", flat=True)
        .first()
    )
