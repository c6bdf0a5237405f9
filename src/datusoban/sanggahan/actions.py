"""Grievances and objections (sanggahan): received, verified within the days of
data/sanggahan.toml, and their effect applied in the transaction that records the outcome.

An inclusion error found true may suspend or end the enrolment
(``program.services.change_status``); an exclusion error found true may propose the
person or family (``program.services.propose``); a person found deceased or moved away
is marked so in the registry (``registry_effect``); other wrong data leaves a correction
note for the registry's operators. When the programme's or the registry's rules refuse
the effect, nothing of the outcome is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from datusoban.accounts.scope import scope_of, scoped
from datusoban.kasus import files, policy
from datusoban.kasus.access import in_region
from datusoban.kasus.models import BerkasKasus
from datusoban.program import rules as programme_rules
from datusoban.program import services as programs
from datusoban.program.models import Kepesertaan
from datusoban.reference.models import Program, Region
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person
from datusoban.sanggahan import registry_effect
from datusoban.sanggahan.access import grievances_for
from datusoban.sanggahan.models import Sanggahan

_FAMILY_TARGETS = {"keluarga", "rumah", "kelompok"}


@dataclass
class NewGrievance:
    kategori: str
    uraian: str
    wilayah: str  # a desa, kecamatan or kab/kota code
    nama_pelapor: str = ""  # empty: anonymous
    kontak_pelapor: str = ""
    person_id: int | None = None
    household_id: int | None = None
    program: str = ""
    diterima: date | None = None


def _rules() -> dict:
    return policy.grievance_rules()


def due_date(received: date) -> date:
    return received + timedelta(days=_rules()["hari_verifikasi"])


def _allowed(user, what: str) -> None:
    scope = scope_of(user)
    if scope is None or scope.role.kode not in _rules()["peran"][what]:
        raise RefusedError(
            "peran_ditolak", "Peran Anda tidak dapat melakukan ini pada sanggahan.", 403
        )


def _subject(user, new: NewGrievance) -> tuple[Person | None, Household | None]:
    person = household = None
    if new.person_id is not None:
        person = scoped(user, Person.objects.filter(pk=new.person_id)).first()
        if person is None:
            raise RefusedError("orang_tidak_ditemukan", "Orang itu tidak ditemukan di registri.")
        household = person.household
    elif new.household_id is not None:
        household = scoped(user, Household.objects.filter(pk=new.household_id)).first()
        if household is None:
            raise RefusedError("keluarga_tidak_ditemukan", "Keluarga itu tidak ditemukan.")
    return person, household


def open_enrolment(program: str, person: Person | None, household: Household | None):
    """The open enrolment of the subject in ``program`` (the one an objection is about)."""
    if not program or (person is None and household is None):
        return None
    open_ = Kepesertaan.objects.filter(program_id=program, status__in=programme_rules.OPEN)
    if person is not None:
        found = open_.filter(person=person).first()
        if found is not None or person.household_id is None:
            return found
        return open_.filter(household_id=person.household_id, person__isnull=True).first()
    return open_.filter(household=household, person__isnull=True).first()


def receive(user, new: NewGrievance, evidence: Iterable[UploadedFile] = ()) -> Sanggahan:
    """Record a grievance received; its due date is fixed from the date received."""
    _allowed(user, "mencatat")
    if new.kategori not in _rules()["kategori"]:
        raise RefusedError("kategori", f"Kategori sanggahan '{new.kategori}' tidak dikenal.")
    if not new.uraian.strip():
        raise RefusedError("perlu_uraian", "Uraikan isi sanggahan.")
    region = Region.objects.filter(kode=new.wilayah, level__gte=Region.Level.KABKOTA).first()
    if region is None:
        raise RefusedError("wilayah", f"Wilayah {new.wilayah} tidak dikenal.")
    if not in_region(scope_of(user), region.kode):
        raise RefusedError("di_luar_cakupan", "Wilayah itu di luar cakupan Anda.")
    if new.program and not Program.objects.filter(pk=new.program).exists():
        raise RefusedError("program_tidak_dikenal", f"Program {new.program} tidak dikenal.")
    person, household = _subject(user, new)
    checked = [(f, files.kind_of(f)) for f in evidence]
    received = new.diterima or timezone.localdate()
    who = user.get_username()
    stored: list[str] = []
    try:
        with transaction.atomic():
            grievance = Sanggahan.objects.create(
                kategori=new.kategori, nama_pelapor=new.nama_pelapor.strip()[:120],
                kontak_pelapor=new.kontak_pelapor.strip()[:120], uraian=new.uraian.strip(),
                person=person, household=household, program_id=new.program or None,
                kepesertaan=open_enrolment(new.program, person, household), wilayah=region,
                kode_kabkota=region.kode[:5], diterima=received, batas=due_date(received),
                dicatat_oleh=who,
            )  # fmt: skip
            for upload, kind in checked:
                jalur, nama = files.store(upload, kind)
                stored.append(jalur)
                BerkasKasus.objects.create(
                    sanggahan=grievance, nama_berkas=nama, jalur=jalur, jenis=kind,
                    ukuran=upload.size, diunggah_oleh=who,
                )  # fmt: skip
    except BaseException:
        for jalur in stored:
            files.path_of(jalur).unlink(missing_ok=True)
        raise
    return grievance


def visible_grievance(user, pk: int, *, for_update: bool = False) -> Sanggahan:
    queryset = grievances_for(user).filter(pk=pk)
    if for_update:
        queryset = queryset.select_for_update()
    grievance = queryset.first()
    if grievance is None:
        raise RefusedError("tidak_ditemukan", "Sanggahan tidak ditemukan.", 404)
    return grievance


def _apply(grievance: Sanggahan, effect: dict, who: str, catatan: str, alasan: str, on: date):
    note = f"Sanggahan {grievance.pk}: {catatan}".strip()[:500]
    if "kepesertaan" in effect:
        if grievance.kepesertaan_id is None:
            raise RefusedError("tanpa_kepesertaan", "Sanggahan ini tidak menunjuk kepesertaan.")
        programs.change_status(
            grievance.kepesertaan_id, effect["kepesertaan"], oleh=who, keterangan=note,
            alasan=alasan or None, tanggal=on,
        )  # fmt: skip
    if effect.get("usulan"):
        if grievance.program_id is None or (
            grievance.person is None and grievance.household is None
        ):
            raise RefusedError("perlu_subjek", "Usulan memerlukan program dan orang/keluarga.")
        programme = grievance.program
        if programme.sasaran in _FAMILY_TARGETS:
            household = grievance.household or grievance.person.household
            grievance.usulan = programs.propose(
                programme.kode, household=household, oleh=who, keterangan=note, tanggal=on
            )
        else:
            grievance.usulan = programs.propose(
                programme.kode, person=grievance.person, oleh=who, keterangan=note, tanggal=on
            )


def verify(
    user, pk: int, *, hasil: str, tindak_lanjut: str = "tidak_ada", catatan: str = "",
    alasan: str = "", tanggal: date | None = None, tanggal_status: date | None = None,
) -> Sanggahan:  # fmt: skip
    """Record the verification outcome of grievance ``pk`` and apply its effect, together;
    ``tanggal_status``: the date a person died or moved, for the effects that record it."""
    _allowed(user, "memverifikasi")
    rules = _rules()
    if hasil not in rules["hasil"]:
        raise RefusedError("hasil", f"Hasil verifikasi '{hasil}' tidak dikenal.")
    effect = rules["tindak_lanjut"].get(tindak_lanjut)
    if effect is None:
        raise RefusedError("tindak_lanjut", f"Tindak lanjut '{tindak_lanjut}' tidak dikenal.")
    if hasil != "terbukti" and tindak_lanjut != "tidak_ada":
        raise RefusedError(
            "tindak_lanjut", "Sanggahan yang tidak terbukti tidak mengubah kepesertaan atau data."
        )
    if effect.get("perlu_catatan") and not catatan.strip():
        raise RefusedError("perlu_catatan", "Tuliskan koreksi data yang perlu dilakukan.")
    tanggal = tanggal or timezone.localdate()
    who = user.get_username()
    with transaction.atomic():
        grievance = visible_grievance(user, pk, for_update=True)
        if grievance.status != "diterima":
            raise RefusedError("sudah_diverifikasi", "Sanggahan ini sudah diverifikasi.")
        if grievance.kategori not in effect["kategori"]:
            raise RefusedError(
                "tindak_lanjut",
                f"Tindak lanjut '{effect['label']}' tidak sesuai kategori sanggahan ini.",
            )
        _apply(grievance, effect, who, catatan, alasan, tanggal)
        if "status_orang" in effect:  # in the user's scope, dated no later than the outcome
            grievance.perubahan_registri = registry_effect.set_person_status(
                user, grievance, effect["status_orang"], tanggal_status, tanggal
            )
        grievance.status = "diverifikasi"
        grievance.hasil = hasil
        grievance.tindak_lanjut = tindak_lanjut
        grievance.catatan = catatan.strip()
        grievance.diverifikasi_oleh = who
        grievance.diverifikasi_pada = tanggal
        grievance.save()
    return grievance
