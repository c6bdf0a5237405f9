"""A visit sent from the field app, stored once: the idempotency key the device made is
unique, so a repeat (the answer lost on the way back, the app retrying) returns the
stored visit and writes nothing.

Checked before anything is stored: the household was in the sender's own download, the
values by the registry's vocabulary and the import's limits (variables.check), the
members are the household's, the photo as a case photo is (kasus.files: its first bytes
and size). A value the worker changed that the office changed too since the download
(the registry's value is no longer the one downloaded) is a conflict: the visit waits
for the office's decision and the registry keeps the office's value meanwhile.

``check`` and ``save`` are the one path every sender takes: the field app through
``store``, and the submissions of ODK Central and KoBoToolbox (lapangan/odk) a file at a
time, each row checked alike and the file stored in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from datusoban.accounts.audit import Aksi, record
from datusoban.kasus import files
from datusoban.lapangan import variables
from datusoban.lapangan.models import KunjunganLapangan, Unduhan
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person

Status = KunjunganLapangan.Status
Verifikasi = KunjunganLapangan.Verifikasi


@dataclass(frozen=True)
class Stored:
    visit: KunjunganLapangan
    new: bool  # False: the key was sent before, this is the stored visit

    def answer(self) -> dict:
        v = self.visit
        return {
            "kunci": str(v.kunci), "id": v.pk, "verifikasi": v.verifikasi,
            "konflik": sorted(v.konflik), "baru": self.new,
        }  # fmt: skip


def _refuse(field: str, message: str) -> RefusedError:
    return RefusedError("kunjungan_tidak_valid", message, 422, field=field)


def _key(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise _refuse("kunci", "Kunci kunjungan bukan UUID; kirim ulang dari aplikasi.") from None


def _when(value) -> datetime:
    parsed = parse_datetime(str(value or ""))
    if parsed is None:
        raise _refuse("waktu", "Waktu kunjungan tidak terbaca (format ISO 8601).")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _coordinate(value, bound: int, name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise _refuse(name, f"Koordinat {name} bukan angka.") from None
    if not -bound <= number <= bound:
        raise _refuse(name, f"Koordinat {name} di luar batas ±{bound} derajat.")
    return number


def _photo(data) -> SimpleUploadedFile | None:
    """The photo sent as base64 (a JPEG the app drew on a canvas), as an upload to check."""
    if not data:
        return None
    text = str(data).split(",", 1)[-1]  # a data: URL or bare base64
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _refuse("foto", "Foto tidak terbaca (bukan base64).") from None
    return SimpleUploadedFile("foto-kunjungan.jpg", raw, content_type="image/jpeg")


@dataclass(frozen=True)
class Checked:
    """A visit that passed every check, ready to be stored."""

    key: uuid.UUID
    household: Household
    unduhan: Unduhan
    status: str
    when: datetime
    lintang: Decimal | None
    bujur: Decimal | None
    before: dict
    after: dict
    members: dict
    photo: SimpleUploadedFile | None
    conflicts: dict


def check(entry: dict, unduhan: Unduhan, photo=None) -> Checked:
    """The one validation path of a visit, whatever sent it (the field app, an ODK Central
    or KoBoToolbox export): ``entry`` as the app sends it (without its photo), under
    ``unduhan``, already known to be the sender's. RefusedError (422) naming the field."""
    key = _key(entry.get("kunci"))
    household_id = entry.get("keluarga")
    if household_id not in unduhan.keluarga:
        raise _refuse("keluarga", "Keluarga ini tidak ada dalam unduhan pekerjaan Anda.")
    status = entry.get("status")
    if status not in Status.values:
        raise _refuse(
            "status", "Status kunjungan harus ditemukan, pindah, meninggal atau tidak ditemukan."
        )
    when = _when(entry.get("waktu"))
    lintang = _coordinate(entry.get("lintang"), 90, "lintang")
    bujur = _coordinate(entry.get("bujur"), 180, "bujur")
    household = Household.objects.select_related("wilayah").get(pk=household_id)
    before = {f: v for f, v in (entry.get("sebelum") or {}).items() if f in variables.FIELDS}
    current = variables.values_of(household)
    after, errors = variables.check(entry.get("sesudah") or {})
    if errors:
        field, messages = next(iter(errors.items()))
        raise _refuse(field, "; ".join(messages))
    members = {str(k): v for k, v in (entry.get("anggota") or {}).items()}
    if set(v for v in members.values()) - set(Status.values):
        raise _refuse(
            "anggota", "Status anggota harus ditemukan, pindah, meninggal atau tidak ditemukan."
        )
    known = {
        str(pk) for pk in Person.objects.filter(household=household).values_list("pk", flat=True)
    }
    if set(members) - known:
        raise _refuse("anggota", "Ada anggota yang bukan anggota keluarga ini.")
    kind = files.kind_of(photo) if photo else None
    if kind is not None and kind != "jpg":
        raise _refuse("foto", "Foto kunjungan harus JPEG.")
    conflicts = {
        f: current.get(f)
        for f, v in after.items()
        if f in before and v != before[f] and current.get(f) != before[f]
    }
    return Checked(key, household, unduhan, status, when, lintang, bujur, before, after,
                   members, photo, conflicts)  # fmt: skip


def save(
    request, checked: Checked, *, sumber: str = "aplikasi", id_kiriman: str = ""
) -> KunjunganLapangan:
    """Store a checked visit by ``request.user`` with its audit row; inside the caller's
    transaction when there is one (an import stores a whole file or nothing)."""
    c = checked
    household = c.household
    with transaction.atomic():
        visit = KunjunganLapangan.objects.create(
            kunci=c.key, petugas=request.user, household=household,
            kode_kabkota=household.kode_kabkota,
            kode_kecamatan=household.wilayah.parent_id or "",
            unduhan=c.unduhan, dikunjungi_pada=c.when, status=c.status, sebelum=c.before,
            sesudah=c.after, anggota=c.members, konflik=c.conflicts, lintang=c.lintang,
            bujur=c.bujur, foto=files.store(c.photo, "jpg")[0] if c.photo else "",
            verifikasi=Verifikasi.KONFLIK if c.conflicts else Verifikasi.MENUNGGU,
            sumber=sumber, id_kiriman=id_kiriman,
        )  # fmt: skip
        record(request, Aksi.UBAH, "kunjungan_lapangan", [(str(visit.pk), None)],
               tujuan="verifikasi lapangan", rincian={"keluarga": household.pk})  # fmt: skip
    return visit


def store(request, entry: dict) -> Stored:
    """Check and store one visit ``entry`` sent by ``request.user``; the stored visit when
    its key was sent before. RefusedError (422) with the field and reason when invalid."""
    user = request.user
    key = _key(entry.get("kunci"))
    found = KunjunganLapangan.objects.filter(kunci=key, petugas=user).first()
    if found is not None:
        return Stored(found, new=False)
    if KunjunganLapangan.objects.filter(kunci=key).exists():
        raise _refuse("kunci", "Kunci kunjungan sudah dipakai petugas lain.")
    unduhan = Unduhan.objects.filter(
        pk=entry.get("unduhan"), pengguna=user, jenis=Unduhan.Jenis.APLIKASI
    ).first()
    if unduhan is None:
        raise _refuse("unduhan", "Unduhan pekerjaan ini tidak dikenal; unduh ulang pekerjaan Anda.")
    checked = check(entry, unduhan, _photo(entry.get("foto")))
    try:
        visit = save(request, checked)
    except IntegrityError:
        # The same key arrived twice at once: the other request stored it.
        found = KunjunganLapangan.objects.filter(kunci=key, petugas=user).first()
        if found is None:
            raise
        return Stored(found, new=False)
    return Stored(visit, new=True)
