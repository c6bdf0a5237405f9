"""A citizen's proposal (usul) or objection (sanggah) taken in: throttled, its photo checked
as a case's are (kasus.files), stored with its receipt code in one transaction, and written
to the audit trail without the citizen's address.

A photo is checked by kasus.files (size, kind by its first bytes), then decoded and written
anew without its metadata (``pixels_only``) before it is stored as case files are.

A proposal enters the proposals cycle as an ``Usulan`` of kind ``baru`` from ``publik``:
the kab/kota of the desa finds it in Tugas saya, visits, completes the person's data and
verifies or refuses it. An objection enters the grievances cycle as a ``Sanggahan`` about
the person chosen from Cek status, due after the same verification days.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps

from datusoban.accounts.audit import Aksi, record
from datusoban.cekstatus import throttle
from datusoban.kasus import files
from datusoban.kasus.models import BerkasKasus
from datusoban.program import rules as programme_rules
from datusoban.program.models import Kepesertaan
from datusoban.reference.models import Region
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person
from datusoban.sanggahan import actions as grievances
from datusoban.sanggahan.models import Sanggahan
from datusoban.usulan import actions as proposals
from datusoban.usulan.models import Usulan
from datusoban.usulpublik import receipt

ASAL = "publik"
# Who recorded it, where an office would write the officer's user name.
OLEH = "publik"
FOTO = ("jpg", "png")
BUKAN_FOTO = "Lampiran harus foto JPG atau PNG."
FOTO_RUSAK = "Foto itu tidak dapat dibuka. Kirim foto JPG atau PNG yang lain."
# A 48-megapixel phone photo; beyond, a picture is not a photo of a house or a person.
MAX_PIXELS = 50_000_000
FOTO_BESAR = "Foto itu terlalu besar (lebih dari 50 megapiksel)."
TOO_OFTEN = (
    "Terlalu banyak usulan atau sanggahan dari perangkat atau jaringan Anda dalam satu jam "
    "terakhir. Coba lagi nanti."
)
BUSY = "Layanan usul dan sanggah sedang ramai. Coba lagi satu jam lagi."

# The reasons a citizen may object for: the label, then the grievance category it is.
ALASAN_SANGGAH = {
    "mampu": ("Tergolong mampu, tidak layak menerima", "inklusi"),
    "meninggal": ("Sudah meninggal dunia", "inklusi"),
    "pindah": ("Sudah pindah dari desa/kelurahan ini", "inklusi"),
    "data_salah": ("Datanya salah", "data_salah"),
    "lainnya": ("Alasan lain", "inklusi"),
}


def limits() -> throttle.Limits:
    """Submissions an hour, per address and for everyone, counted apart from cek status."""
    return throttle.Limits(
        "usul:", settings.USUL_PUBLIK_PER_ALAMAT, settings.USUL_PUBLIK_GLOBAL,
        throttle.HOUR, TOO_OFTEN, BUSY,
    )  # fmt: skip


@dataclass
class Proposer:
    nama: str
    telepon: str  # already checked (phone.mobile)


def photo_kind(foto: UploadedFile | None) -> str:
    """The photo's kind, checked by kasus.files; refused (``field`` foto) when no photo."""
    if foto is None:
        return ""
    try:
        kind = files.kind_of(foto)
    except RefusedError as refused:
        raise RefusedError(refused.kode, refused.pesan, field="foto") from None
    if kind not in FOTO:
        raise RefusedError("jenis_berkas", BUKAN_FOTO, field="foto")
    return kind


def pixels_only(foto: UploadedFile, kind: str) -> UploadedFile:
    """The photo decoded and written anew in its kind, turned upright, without its
    metadata: a phone's photo carries where and when it was taken (EXIF), which a
    citizen's proposal or objection must not hand on. Refused (``field`` foto) when it
    does not decode or is larger than MAX_PIXELS."""
    foto.seek(0)
    try:
        with Image.open(foto) as image:
            if image.width * image.height > MAX_PIXELS:
                raise RefusedError("foto_besar", FOTO_BESAR, field="foto")
            image.load()
            upright = ImageOps.exif_transpose(image)
            if kind == "jpg" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(out, "JPEG" if kind == "jpg" else "PNG", quality=90)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise RefusedError("foto_rusak", FOTO_RUSAK, field="foto") from None
    return SimpleUploadedFile(foto.name or f"foto.{kind}", out.getvalue())


def _desa(kode: str) -> Region:
    region = Region.objects.filter(kode=kode, level=Region.Level.DESA).first()
    if region is None:
        raise RefusedError("desa_wajib", "Pilih desa/kelurahan lebih dulu.")
    return region


def _audit(request, objek: str, subjects, layanan: str, desa: str) -> None:
    record(
        request, Aksi.UBAH, objek, subjects,
        rincian={"layanan": layanan, "wilayah": desa, "klien": throttle.client_key(request)},
        hide_address=True,
    )  # fmt: skip


def propose(
    request, *, desa: str, nama: str, alamat: str, alasan: str, proposer: Proposer,
    foto: UploadedFile | None = None,
) -> str:  # fmt: skip
    """Take in a proposal of ``nama`` living at ``alamat`` in ``desa``; its receipt code."""
    region = _desa(desa)
    kind = photo_kind(foto)
    throttle.check(request, limits())  # before the photo is decoded: that costs
    if kind:
        foto = pixels_only(foto, kind)
    today = timezone.localdate()
    stored = ""
    try:
        with transaction.atomic():
            if kind:
                stored, _ = files.store(foto, kind)
            code = receipt.new_code()
            usulan = Usulan.objects.create(
                jenis="baru", data={"nama": nama, "alamat": alamat, "kode_wilayah": region.kode},
                nama=nama, wilayah=region, kode_kabkota=region.kode[:5], keterangan=alasan,
                diusulkan_oleh=OLEH, diusulkan_pada=today, batas=proposals.due_date(today),
                asal=ASAL, nama_pengusul=proposer.nama, telepon_pengusul=proposer.telepon,
                foto=stored, jenis_foto=kind, kode_tanda_terima=code,
            )  # fmt: skip
            _audit(request, "usulan", [(str(usulan.pk), None)], "usul_publik", region.kode)
    except BaseException:
        if stored:
            files.path_of(stored).unlink(missing_ok=True)
        raise
    return code


def object_to(
    request, person: Person, *, desa: str, alasan: str, uraian: str, program: str,
    proposer: Proposer, foto: UploadedFile | None = None,
) -> str:  # fmt: skip
    """Take in an objection to ``person`` of ``desa`` (resolved from a Cek status token);
    ``program`` one of their open enrolments, or empty; its receipt code."""
    if alasan not in ALASAN_SANGGAH:
        raise RefusedError("alasan", "Pilih alasan sanggahan.", field="alasan")
    label, kategori = ALASAN_SANGGAH[alasan]
    region = _desa(desa)
    household = person.household
    enrolment = grievances.open_enrolment(program, person, household) if program else None
    if program and enrolment is None:
        raise RefusedError("program", "Pilih program dari daftar.", field="program")
    kind = photo_kind(foto)
    throttle.check(request, limits())  # before the photo is decoded: that costs
    if kind:
        foto = pixels_only(foto, kind)
    today = timezone.localdate()
    stored = ""
    try:
        with transaction.atomic():
            code = receipt.new_code()
            grievance = Sanggahan.objects.create(
                kategori=kategori, nama_pelapor=proposer.nama, kontak_pelapor=proposer.telepon,
                uraian=f"{label}. {uraian}".strip(), person=person, household=household,
                program_id=program or None, kepesertaan=enrolment, wilayah=region,
                kode_kabkota=region.kode[:5], diterima=today, batas=grievances.due_date(today),
                dicatat_oleh=OLEH, asal=ASAL, kode_tanda_terima=code,
            )  # fmt: skip
            if kind:
                stored, nama = files.store(foto, kind)
                BerkasKasus.objects.create(
                    sanggahan=grievance, nama_berkas=nama, jalur=stored, jenis=kind,
                    ukuran=foto.size, diunggah_oleh=OLEH,
                )  # fmt: skip
            _audit(request, "sanggahan", [(str(grievance.pk), person.nik)], "sanggah_publik", desa)
    except BaseException:
        if stored:
            files.path_of(stored).unlink(missing_ok=True)
        raise
    return code


def programmes_of(person: Person) -> list[str]:
    """The codes of the programmes ``person`` (or their family) is enrolled in now: what
    an objection to them may be about."""
    own = Kepesertaan.objects.filter(person=person, status__in=programme_rules.OPEN)
    family = Kepesertaan.objects.filter(
        household_id=person.household_id, person__isnull=True, status__in=programme_rules.OPEN
    )
    codes = set(own.values_list("program_id", flat=True))
    if person.household_id:
        codes |= set(family.values_list("program_id", flat=True))
    return sorted(codes)
