"""Births the civil registry reports, turned into proposals (``UsulanKelahiran``) to add
the child to a family of the registry, and an officer's decision on one.

The family is the mother's (the parent whose NIK says female), else the father's: the
household the parent found by NIK (exactly one person) lives in now. A child whose NIK
the registry already holds, or whose parents it does not know, is kept for an officer
to read, never guessed.

Applying creates the person the way the registry creates every person: from a source
record, its golden fields chosen by survivorship (``penautan.golden``, as a split or an
accepted pair creates one). The source is the civil registry itself ("Catatan sipil
(Dukcapil)"): one batch per birth holds the record as the civil registry sent it, so
that the person page shows where the child came from, a later link run reads the same
record, and the data subject's report finds it. Person, record, membership (child of
the head, or grandchild when the parent is the head's child), counts and audit row are
written in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from datusoban import db
from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, scope_of, scoped
from datusoban.crvs import decision
from datusoban.crvs.intake import CHUNK, known, persons_by_nik
from datusoban.crvs.messages import CatatanKelahiran
from datusoban.crvs.models import UsulanKelahiran
from datusoban.identity.nik import parse_nik
from datusoban.penautan.golden import write_golden
from datusoban.penautan.registry_records import read_records
from datusoban.penautan.survivorship import load_survivorship
from datusoban.refusal import RefusedError
from datusoban.registri.models import (
    Household,
    ImportBatch,
    Membership,
    Person,
    Source,
    SourceRecord,
)
from datusoban.registri.stats import adjust_counts, person_counts

Padanan = UsulanKelahiran.Padanan
Status = UsulanKelahiran.Status
# The civil registry as a source of the registry's records.
SOURCE = "catatan-sipil"
SOURCE_NAME = "Catatan sipil (Dukcapil)"
PROFILE = "crvs-kelahiran"


@dataclass
class HasilKelahiran:
    baru: list[UsulanKelahiran] = field(default_factory=list)
    sudah_ada: int = 0


def _sex(nik: str) -> str:
    try:
        return parse_nik(nik, as_of=date.today()).sex
    except ValueError:
        return ""


def terima_kelahiran(records: Iterable[CatatanKelahiran], *, oleh: str) -> HasilKelahiran:
    """Propose every birth of ``records`` not proposed before, in one transaction, each
    audited under the child's NIK."""
    records = list(records)
    try:
        return _receive(records, oleh)
    except IntegrityError:  # delivered twice at once: known now
        return _receive(records, oleh)


def _receive(records: list[CatatanKelahiran], oleh: str) -> HasilKelahiran:
    result = HasilKelahiran()
    fresh: dict[str, CatatanKelahiran] = {}
    for catatan in records:
        if catatan.nomor_peristiwa in fresh:
            result.sudah_ada += 1
        else:
            fresh[catatan.nomor_peristiwa] = catatan
    with transaction.atomic():
        already = known(UsulanKelahiran, list(fresh))
        result.sudah_ada += len(already)
        new = [c for number, c in fresh.items() if number not in already]
        niks = {c.nik for c in new} | {n for c in new for n in c.nik_orang_tua}
        carriers = persons_by_nik(niks)
        single = {nik: next(iter(pks)) for nik, pks in carriers.items() if len(pks) == 1}
        homes = {}
        for part in _parts(sorted(set(single.values()))):
            homes.update(Person.objects.filter(pk__in=part).values_list("pk", "household_id"))
        rows = []
        for c in new:
            mothers = [n for n in c.nik_orang_tua if _sex(n) == "P"]
            fathers = [n for n in c.nik_orang_tua if _sex(n) == "L"]
            ibu = single.get(mothers[0]) if mothers else None
            ayah = single.get(fathers[0]) if fathers else None
            if c.nik in carriers:
                padanan, household = Padanan.SUDAH_ADA, None
            elif ibu and homes.get(ibu):
                padanan, household = Padanan.IBU, homes[ibu]
            elif ayah and homes.get(ayah):
                padanan, household = Padanan.AYAH, homes[ayah]
            else:
                padanan, household = Padanan.TANPA_KELUARGA, None
            rows.append(
                UsulanKelahiran(
                    nomor_peristiwa=c.nomor_peristiwa, nik=c.nik, nama=c.nama[:200],
                    tanggal_lahir=c.tanggal_lahir, jenis_kelamin=c.jenis_kelamin,
                    nik_ibu=mothers[0] if mothers else "",
                    nik_ayah=fathers[0] if fathers else "", bukti=c.asli, ibu_id=ibu,
                    ayah_id=ayah, household_id=household, padanan=padanan,
                )
            )  # fmt: skip
        result.baru = UsulanKelahiran.objects.bulk_create(rows, batch_size=CHUNK)
        if result.baru:
            record(None, Aksi.UBAH, "usulan_kelahiran", [(str(u.pk), u.nik) for u in result.baru],
                   rincian={"sumber": "crvs", "oleh": oleh}, oleh=oleh)  # fmt: skip
    return result


def _parts(items: list) -> list[list]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _proposal(user, pk: int) -> UsulanKelahiran:
    """The proposal ``pk`` locked, if its family is in ``user``'s scope (one without a
    family: province-wide users only); every birth is a child's record."""
    found = UsulanKelahiran.objects.select_for_update().filter(pk=pk).first()
    scope = scope_of(user)
    reach = (
        found is not None
        and scope.role.data_anak
        and (
            scoped(user, Household.objects.filter(pk=found.household_id)).exists()
            if found.household_id is not None
            else scope.wilayah == PROVINCE
        )
    )
    if not reach:
        raise RefusedError("usulan_tidak_ditemukan", "Usulan kelahiran itu tidak ditemukan.", 404)
    if found.status != Status.MENUNGGU:
        raise RefusedError(
            "sudah_diputuskan", f"Usulan kelahiran ini sudah {found.get_status_display().lower()}."
        )
    return found


def _relation(parent: Person | None) -> str:
    """The child's relation to the head of the family, from the parent's."""
    if parent is not None and parent.hubungan_keluarga in ("anak", "menantu"):
        return "cucu"
    if parent is None or parent.hubungan_keluarga in ("kepala", "istri", "suami", ""):
        return "anak"
    return "famili_lain"


def terapkan(user, pk: int, *, today: date | None = None) -> UsulanKelahiran:
    """Apply birth proposal ``pk``: the child created in the registry, in the family."""
    decision.allowed(user, "kelahiran")
    today = today or timezone.localdate()
    who = user.get_username()
    with transaction.atomic():
        usulan = _proposal(user, pk)
        if usulan.household_id is None:
            raise RefusedError(
                "tanpa_keluarga",
                "Usulan ini tidak menunjuk keluarga di registri: orang tua anak tidak ditemukan "
                "menurut NIK, atau anak sudah tercatat.",
            )
        if Person.objects.filter(nik=usulan.nik).exists():
            raise RefusedError("sudah_ada", "NIK anak ini sudah tercatat di registri.")
        if usulan.tanggal_lahir > today:
            raise RefusedError("tanggal_lahir", "Tanggal lahir sesudah hari ini.")
        household = Household.objects.get(pk=usulan.household_id)
        parent_id = usulan.ibu_id if usulan.padanan == Padanan.IBU else usulan.ayah_id
        parent = Person.objects.filter(pk=parent_id).first()
        relation = _relation(parent)
        source_record = _source_record(usulan, household, relation, who)
        child = _new_person(source_record)
        Person.objects.filter(pk=child).update(household_id=household.pk)
        Membership.objects.create(
            person_id=child, household=household, hubungan=relation, mulai=usulan.tanggal_lahir
        )
        adjust_counts({}, person_counts([child]))
        usulan.person_id = child
        usulan.perubahan = {
            "orang": child, "keluarga": household.pk, "hubungan": relation,
            "rekaman": source_record.pk, "batch": source_record.batch_id,
        }  # fmt: skip
        usulan.status = Status.DITERAPKAN
        usulan.diputuskan_oleh, usulan.diputuskan_pada = who, timezone.now()
        usulan.save()
        record(None, Aksi.UBAH, "orang", [(str(child), usulan.nik)],
               rincian={"usulan_kelahiran": usulan.pk, **usulan.perubahan}, user=user)  # fmt: skip
    return usulan


def _source_record(
    usulan: UsulanKelahiran, household: Household, relation: str, who: str
) -> SourceRecord:
    """The birth as a source row of the civil registry: one batch of one row."""
    source, _ = Source.objects.get_or_create(
        kode=SOURCE, defaults={"nama": SOURCE_NAME, "jenis": Source.Jenis.LAINNYA}
    )
    batch = ImportBatch.objects.create(
        source=source, nama_berkas=f"Kelahiran {usulan.nomor_peristiwa}",
        sha256=hashlib.sha256(usulan.nomor_peristiwa.encode()).hexdigest(), profil=PROFILE,
        diimpor_oleh=who, status=ImportBatch.Status.SELESAI, selesai=timezone.now(),
        jumlah_baris=1, diterima=1,
    )  # fmt: skip
    mother = Person.objects.filter(pk=usulan.ibu_id).values_list("nama", flat=True).first()
    data = {
        "nik": usulan.nik, "nama": usulan.nama, "jenis_kelamin": usulan.jenis_kelamin,
        "tanggal_lahir": usulan.tanggal_lahir.isoformat(), "no_kk": household.no_kk or "",
        "kode_wilayah": household.wilayah_id, "hubungan_keluarga": relation,
        "nama_ibu_kandung": mother or "", "nik_ibu": usulan.nik_ibu, "nik_ayah": usulan.nik_ayah,
        "nomor_peristiwa": usulan.nomor_peristiwa,
    }  # fmt: skip
    return SourceRecord.objects.create(
        batch=batch, nomor_baris=1, record_id=usulan.nomor_peristiwa[:80], data=data,
        nik=usulan.nik, no_kk=household.no_kk, nama=usulan.nama,
        jenis_kelamin=usulan.jenis_kelamin, tanggal_lahir=usulan.tanggal_lahir,
        kode_wilayah=household.wilayah_id, household=household,
    )  # fmt: skip


def _new_person(source_record: SourceRecord) -> int:
    """A new person for the record (its fields chosen by survivorship), as linkage makes
    one (penautan.decisions)."""
    new_id = db.reserve_ids(Person._meta.db_table, 1)
    frame = read_records(SourceRecord.objects.filter(pk=source_record.pk))
    write_golden(new_persons=frame.with_columns(person_db=new_id), touched=[],
                 policy=load_survivorship())  # fmt: skip
    SourceRecord.objects.filter(pk=source_record.pk).update(person_id=new_id)
    return new_id


def tolak(user, pk: int, alasan: str) -> UsulanKelahiran:
    """Refuse birth proposal ``pk`` with a reason."""
    return decision.refuse(user, "kelahiran", alasan, lambda: _proposal(user, pk))
