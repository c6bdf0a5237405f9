"""Filing a case report and moving it through its workflow.

Each function owns its transaction and writes the step row (who, when, note) with
the change. What may follow what, and who may take it, comes from
``data/kasus.toml`` through ``policy``; a refusal raises ``RefusedError``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from datusoban.accounts.scope import scope_of, scoped
from datusoban.kasus import files, policy
from datusoban.kasus.access import cases_for, in_region
from datusoban.kasus.models import BerkasKasus, LangkahKasus, LaporanKasus
from datusoban.reference.models import KategoriPPKS, Region
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person


@dataclass
class NewCase:
    kategori: int
    desa: str
    uraian: str
    urgensi: str
    alamat: str = ""
    person_id: int | None = None
    nama_orang: str = ""


def _role(user) -> str:
    scope = scope_of(user)
    if scope is None:
        raise RefusedError("tanpa_akun", "Akun Anda tidak memiliki peran dan cakupan wilayah.", 403)
    return scope.role.kode


def _desa(user, kode: str) -> Region:
    region = Region.objects.filter(kode=kode, level=Region.Level.DESA).first()
    if region is None:
        raise RefusedError("desa_tidak_dikenal", f"Desa/kelurahan {kode} tidak dikenal.")
    if not in_region(scope_of(user), kode):
        raise RefusedError("di_luar_cakupan", "Desa/kelurahan itu di luar cakupan wilayah Anda.")
    return region


def file_report(
    user,
    new: NewCase,
    photos: Iterable[UploadedFile] = (),
    *,
    now: datetime | None = None,
) -> LaporanKasus:
    """A new case report in ``dilaporkan``, with its photos and its first step row."""
    if _role(user) not in policy.roles_for("melapor"):
        raise RefusedError("peran_ditolak", "Peran Anda tidak dapat membuat laporan kasus.", 403)
    if new.urgensi not in dict(policy.urgency_choices()):
        raise RefusedError("urgensi", f"Urgensi '{new.urgensi}' tidak dikenal.")
    if not new.uraian.strip():
        raise RefusedError("perlu_uraian", "Uraikan masalah sosial yang dilaporkan.")
    kategori = KategoriPPKS.objects.filter(pk=new.kategori).first()
    if kategori is None:
        raise RefusedError("kategori", f"Kategori PPKS {new.kategori} tidak dikenal.")
    desa = _desa(user, new.desa)
    person = None
    if new.person_id is not None:
        # Only someone the user may see can be named: the scoping function decides.
        person = scoped(user, Person.objects.filter(pk=new.person_id)).first()
        if person is None:
            raise RefusedError("orang_tidak_ditemukan", "Orang itu tidak ditemukan di registri.")
    checked = [(photo, files.kind_of(photo)) for photo in photos]
    now = now or timezone.now()
    who = user.get_username()
    stored: list = []
    try:
        with transaction.atomic():
            case = LaporanKasus.objects.create(
                kategori=kategori, person=person, nama_orang=new.nama_orang.strip()[:120],
                desa=desa, kode_kabkota=desa.kode[:5], alamat=new.alamat.strip()[:200],
                uraian=new.uraian.strip(), urgensi=new.urgensi, pelapor=user, nama_pelapor=who,
                dilaporkan_pada=now, batas_waktu=now + policy.sla(new.urgensi),
            )  # fmt: skip
            LangkahKasus.objects.create(
                kasus=case, aksi="lapor", dari="", ke=case.status, oleh=who, pada=now
            )
            for photo, kind in checked:
                jalur, nama = files.store(photo, kind)
                stored.append(jalur)
                BerkasKasus.objects.create(
                    kasus=case, nama_berkas=nama, jalur=jalur, jenis=kind, ukuran=photo.size,
                    diunggah_oleh=who,
                )  # fmt: skip
    except BaseException:
        for jalur in stored:  # the rows are gone with the transaction; so are their files
            files.path_of(jalur).unlink(missing_ok=True)
        raise
    return case


def visible_case(user, pk: int, *, for_update: bool = False) -> LaporanKasus:
    """The case if the user may see it; RefusedError('tidak_ditemukan') otherwise (a 404)."""
    queryset = cases_for(user).filter(pk=pk)
    if for_update:
        queryset = queryset.select_for_update()
    case = queryset.first()
    if case is None:
        raise RefusedError("tidak_ditemukan", "Laporan kasus tidak ditemukan.", 404)
    return case


def move(case: LaporanKasus, t: policy.Transition, who: str, catatan: str, now: datetime) -> None:
    """Apply transition ``t`` to a case locked by the caller, with its step row."""
    dari = case.status
    case.status = t.ke
    if t.ke in policy.sla_met_statuses() and case.ditangani_pada is None:
        case.ditangani_pada = now
    if t.ke == "ditutup":
        case.ditutup_pada = now
    case.save(update_fields=["status", "ditangani_pada", "ditutup_pada"])
    LangkahKasus.objects.create(
        kasus=case, aksi=t.aksi, dari=dari, ke=t.ke, catatan=catatan.strip(), oleh=who, pada=now
    )


def take_step(
    user, pk: int, aksi: str, catatan: str = "", *, now: datetime | None = None
) -> LaporanKasus:
    """Take workflow step ``aksi`` on case ``pk`` as ``user`` (checked against the table)."""
    peran = _role(user)
    with transaction.atomic():
        case = visible_case(user, pk, for_update=True)
        t = policy.check_step(aksi, case.status, peran, catatan)
        if t.lewat_rujukan:
            raise RefusedError(
                "lewat_rujukan", f"Langkah '{t.label}' diambil melalui formulir rujukan."
            )
        move(case, t, user.get_username(), catatan, now or timezone.now())
    return case


def attach(user, pk: int, photo: UploadedFile) -> BerkasKasus:
    """Add a photo or document to a case the user may see."""
    _role(user)
    kind = files.kind_of(photo)
    with transaction.atomic():
        case = visible_case(user, pk, for_update=True)
        jalur, nama = files.store(photo, kind)
        try:
            return BerkasKasus.objects.create(
                kasus=case, nama_berkas=nama, jalur=jalur, jenis=kind, ukuran=photo.size,
                diunggah_oleh=user.get_username(),
            )  # fmt: skip
        except BaseException:
            files.path_of(jalur).unlink(missing_ok=True)
            raise
