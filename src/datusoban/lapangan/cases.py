"""A case report (laporan kasus) sent from the field app: it becomes a real ``LaporanKasus``
through ``kasus.services.file_report`` (the case rules, the reporter's role and scope, the
photo checked by ``kasus.files`` like every case photo), in the inbox of the kab/kota of
its desa. The person, when named, must be one of a family in the sender's own download.
"""

from __future__ import annotations

from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.kasus import services
from datusoban.lapangan.entries import id_of, photo_of, refuse, text_of, when
from datusoban.lapangan.models import Unduhan
from datusoban.layanan.models import Pilar
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person


def _person(user, entry: dict) -> Person | None:
    if entry.get("orang") in (None, ""):
        return None
    person_id = id_of(entry, "orang", "Orang yang dilaporkan")
    unduhan = Unduhan.objects.filter(pk=entry.get("unduhan"), pengguna=user).first()
    person = Person.objects.filter(pk=person_id).first()
    if unduhan is None or person is None or person.household_id not in unduhan.keluarga:
        raise refuse("orang", "Orang yang dilaporkan tidak ada dalam unduhan pekerjaan Anda.")
    return person


def store(request, pilar: Pilar, entry: dict) -> tuple[int, dict]:
    user = request.user
    person = _person(user, entry)
    new = services.NewCase(
        kategori=id_of(entry, "kategori", "Kategori PPKS"),
        desa=text_of(entry, "desa", 13), uraian=text_of(entry, "uraian", 4000),
        urgensi=text_of(entry, "urgensi", 8), alamat=text_of(entry, "alamat", 200),
        person_id=person.pk if person else None, nama_orang=text_of(entry, "nama_orang", 120),
    )  # fmt: skip
    if person is None and not new.nama_orang:
        raise refuse("nama_orang", "Isi nama orang yang dilaporkan, atau pilih dari daftar.")
    photo = photo_of(entry.get("foto"), "foto-kasus.jpg")
    # Reported when recorded on the device (the SLA runs from then), never in the future.
    reported = min(when(entry.get("waktu")), timezone.now())
    try:
        case = services.file_report(user, new, [photo] if photo else [], now=reported)
    except RefusedError as refused:
        # Said as a refusal of this entry (kept on the device with its reason), whatever
        # status the case rules answer a page with.
        raise refuse(refused.field or "kasus", refused.pesan, refused.kode) from None
    record(request, Aksi.UBAH, "laporan_kasus", [(str(case.pk), person.nik if person else None)],
           tujuan="laporan kasus lapangan")  # fmt: skip
    return case.pk, {"status": case.status, "kode_kabkota": case.kode_kabkota}
