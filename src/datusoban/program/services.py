"""Changing enrolments: proposing recipients, moving them through the lifecycle.

Each function owns its transaction and writes the history row of every change
(who, when, why) together with the change itself. What is allowed comes from
``rules`` (the transition table in ``data/transisi.toml``); a refusal raises
``RefusedError`` with a message for the user in Bahasa Indonesia.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.db import transaction
from django.utils import timezone

from datusoban import formatting
from datusoban.program import bulk, rules
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
from datusoban.reference.models import Program
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person

# Program sasaran → who is enrolled. A disaster aid ("kejadian") goes to either.
_HOUSEHOLD_TARGETS = {"keluarga", "rumah", "kelompok"}
_PERSON_TARGETS = {"orang"}


@dataclass
class BulkResult:
    """What a bulk change did: how many rows changed, and each refusal (id, message)."""

    jumlah: int = 0
    ditolak: list[tuple[int, str]] = field(default_factory=list)


def _programme(kode: str) -> Program:
    try:
        return Program.objects.get(pk=kode)
    except Program.DoesNotExist:
        raise RefusedError(
            "program_tidak_dikenal", f"Program {kode} tidak dikenal (muat data referensi)."
        ) from None


def _check_target(programme: Program, *, household: bool, person: bool) -> None:
    """Refuse recipients of the wrong kind: households given, persons given."""
    if programme.sasaran in _HOUSEHOLD_TARGETS and (person or not household):
        raise RefusedError(
            "sasaran_keluarga",
            f"Program {programme.kode} diberikan kepada keluarga, bukan perorangan.",
        )
    if programme.sasaran in _PERSON_TARGETS and (household or not person):
        raise RefusedError(
            "sasaran_orang",
            f"Program {programme.kode} diberikan kepada perorangan, bukan keluarga.",
        )
    if not (household or person):
        raise RefusedError("tanpa_penerima", "Tidak ada keluarga atau orang yang diusulkan.")


def _kode_kabkota(household: Household | None, person: Person | None) -> str:
    if household is not None:
        return household.kode_kabkota or ""
    if person is not None and person.household_id is not None:
        return Household.objects.values_list("kode_kabkota", flat=True).get(pk=person.household_id)
    return ""


def propose(
    program: str,
    *,
    household: Household | None = None,
    person: Person | None = None,
    oleh: str,
    keterangan: str = "",
    tanggal: date | None = None,
) -> Kepesertaan:
    """Propose one household (family programmes) or person (personal ones) for ``program``."""
    programme = _programme(program)
    _check_target(
        programme, household=household is not None and person is None, person=person is not None
    )
    tanggal = tanggal or date.today()
    with transaction.atomic():
        existing = _open_enrolments(programme.kode, household, person).first()
        if existing is not None:
            raise RefusedError(
                "sudah_terdaftar",
                f"Sudah ada kepesertaan {programme.kode} yang masih berjalan "
                f"(status '{rules.status_label(existing.status)}').",
            )
        enrolment = Kepesertaan.objects.create(
            program=programme,
            household=household if person is None else None,
            person=person,
            status=rules.DIUSULKAN,
            kode_kabkota=_kode_kabkota(household, person),
        )
        RiwayatKepesertaan.objects.create(
            kepesertaan=enrolment, dari=None, ke=rules.DIUSULKAN, keterangan=keterangan,
            tanggal=tanggal, oleh=oleh,
        )  # fmt: skip
    return enrolment


def _open_enrolments(program: str, household: Household | None, person: Person | None):
    open_ = Kepesertaan.objects.filter(program_id=program, status__in=rules.OPEN)
    if person is not None:
        return open_.filter(person=person)
    return open_.filter(household=household, person__isnull=True)


def propose_many(
    program: str,
    *,
    households: Iterable[int] = (),
    persons: Iterable[int] = (),
    oleh: str,
    keterangan: str = "",
    tanggal: date | None = None,
) -> BulkResult:
    """Propose many recipients at once (the allocation's list), set-based.

    Recipients already holding an open enrolment of the programme, or not in the
    registry, are refused one by one and the others proposed, in one transaction.
    """
    programme = _programme(program)
    hh_ids, person_ids = sorted(set(households)), sorted(set(persons))
    _check_target(programme, household=bool(hh_ids), person=bool(person_ids))
    tanggal = tanggal or date.today()
    result = BulkResult()
    with transaction.atomic():
        wanted = _recipients(hh_ids, person_ids)
        taken = _already_open(programme.kode, hh_ids, person_ids)
        known = set(wanted["ref"].to_list())
        for kind, ids, label in (("k", hh_ids, "Keluarga"), ("o", person_ids, "Orang")):
            result.ditolak += [
                (pk, f"{label} {pk} tidak ada di registri.")
                for pk in ids
                if f"{kind}{pk}" not in known
            ]
        result.ditolak += [
            (pk, f"{'Orang' if ref[0] == 'o' else 'Keluarga'} {pk} sudah memiliki "
             f"kepesertaan {programme.kode} yang berjalan.")
            for ref, pk in wanted.join(taken, on="ref").select("ref", "pk").iter_rows()
        ]  # fmt: skip
        fresh = wanted.join(taken, on="ref", how="anti")
        ids = bulk.insert_enrolments(
            fresh.with_columns(
                program_id=pl.lit(programme.kode),
                status=pl.lit(rules.DIUSULKAN),
                asal=pl.lit(Kepesertaan.Asal.USULAN),
            )
        )
        bulk.insert_history(
            pl.DataFrame({"kepesertaan_id": ids}).with_columns(
                ke=pl.lit(rules.DIUSULKAN),
                keterangan=pl.lit(keterangan),
                tanggal=pl.lit(tanggal),
                oleh=pl.lit(oleh),
            )
        )
    result.jumlah = len(ids)
    return result


# A recipient as one key: "k<household id>" for a family, "o<person id>" for a person.
_SCHEMA = {"ref": pl.Utf8, "pk": pl.Int64, "household_id": pl.Int64, "person_id": pl.Int64}


def _recipients(hh_ids: list[int], person_ids: list[int]) -> pl.DataFrame:
    """The recipients that exist, with the kab/kota that places them."""
    rows = []
    for part in bulk.in_slices(hh_ids):
        found = Household.objects.filter(pk__in=part).values_list("pk", "kode_kabkota")
        rows += [(f"k{pk}", pk, pk, None, kab) for pk, kab in found]
    for part in bulk.in_slices(person_ids):
        found = Person.objects.filter(pk__in=part).values_list("pk", "household__kode_kabkota")
        rows += [(f"o{pk}", pk, None, pk, kab or "") for pk, kab in found]
    return pl.DataFrame(rows, schema={**_SCHEMA, "kode_kabkota": pl.Utf8}, orient="row")


def _already_open(program: str, hh_ids: list[int], person_ids: list[int]) -> pl.DataFrame:
    open_ = Kepesertaan.objects.filter(program_id=program, status__in=rules.OPEN)
    refs = []
    for part in bulk.in_slices(hh_ids):
        found = open_.filter(household_id__in=part, person__isnull=True)
        refs += [f"k{hh}" for hh in found.values_list("household_id", flat=True)]
    for part in bulk.in_slices(person_ids):
        found = open_.filter(person_id__in=part)
        refs += [f"o{person}" for person in found.values_list("person_id", flat=True)]
    return pl.DataFrame({"ref": refs}, schema={"ref": pl.Utf8})


def change_status(
    enrolment: Kepesertaan | int,
    ke: str,
    *,
    oleh: str,
    alasan: str | None = None,
    keterangan: str = "",
    tanggal: date | None = None,
) -> Kepesertaan:
    """Move one enrolment to status ``ke`` (checked against the transition table)."""
    pk = enrolment.pk if isinstance(enrolment, Kepesertaan) else enrolment
    tanggal = tanggal or date.today()
    with transaction.atomic():
        current = Kepesertaan.objects.select_for_update().get(pk=pk)
        rules.check_transition(
            current.program_id, current.status, ke, alasan=alasan, keterangan=keterangan,
            on=tanggal,
        )  # fmt: skip
        _check_dates(current.mulai, ke, tanggal)
        dari = current.status
        current.status = ke
        if ke == rules.TERDAFTAR and current.mulai is None:
            current.mulai = tanggal
        if ke == rules.KELUAR:
            current.selesai = tanggal
            current.alasan_keluar = alasan
        current.save()
        RiwayatKepesertaan.objects.create(
            kepesertaan=current, dari=dari, ke=ke, alasan=alasan, keterangan=keterangan,
            tanggal=tanggal, oleh=oleh,
        )  # fmt: skip
    return current


def _check_dates(mulai: date | None, ke: str, tanggal: date) -> None:
    if ke == rules.KELUAR and mulai is not None and tanggal < mulai:
        raise RefusedError(
            "tanggal_keluar",
            f"Tanggal keluar {formatting.tanggal(tanggal)} sebelum tanggal mulai menerima "
            f"{formatting.tanggal(mulai)}.",
        )


def change_status_many(
    ids: Iterable[int],
    ke: str,
    *,
    oleh: str,
    alasan: str | None = None,
    keterangan: str = "",
    tanggal: date | None = None,
) -> BulkResult:
    """Move many enrolments to ``ke`` at once, set-based: all of them or none.

    Checked per distinct (programme, status) rather than per row; when any
    enrolment is refused nothing changes and the result lists every refusal.
    """
    wanted = sorted(set(ids))
    tanggal = tanggal or date.today()
    result = BulkResult()
    with transaction.atomic():
        found: list[tuple] = []
        for part in bulk.in_slices(wanted):
            found += (
                Kepesertaan.objects.select_for_update()
                .filter(pk__in=part)
                .values_list("pk", "program_id", "status", "mulai")
            )
        current = pl.DataFrame(
            found,
            schema={"id": pl.Int64, "program": pl.Utf8, "status": pl.Utf8, "mulai": pl.Date},
            orient="row",
        )
        missing = set(wanted) - set(current["id"].to_list())
        result.ditolak += [(pk, f"Kepesertaan {pk} tidak ditemukan.") for pk in sorted(missing)]
        for (program, status), group in current.group_by(["program", "status"]):
            try:
                rules.check_transition(
                    program, status, ke, alasan=alasan, keterangan=keterangan, on=tanggal
                )
            except RefusedError as refused:
                # Not answered here: each enrolment of the group is listed as refused, and
                # the caller sees every refusal of the batch before anything is changed.
                result.ditolak += [(pk, refused.pesan) for pk in group["id"].to_list()]
        if ke == rules.KELUAR:
            early = current.filter(pl.col("mulai") > tanggal)["id"].to_list()
            result.ditolak += [
                (
                    pk,
                    f"Tanggal keluar {formatting.tanggal(tanggal)} sebelum tanggal mulai menerima.",
                )
                for pk in early
            ]
        if result.ditolak:
            result.ditolak.sort()
            return result
        changes: dict = {"status": ke, "diubah_pada": timezone.now()}
        if ke == rules.KELUAR:
            changes |= {"selesai": tanggal, "alasan_keluar": alasan}
        for part in bulk.in_slices(wanted):
            rows = Kepesertaan.objects.filter(pk__in=part)
            rows.update(**changes)
            if ke == rules.TERDAFTAR:
                rows.filter(mulai__isnull=True).update(mulai=tanggal)
        bulk.insert_history(
            current.select(
                kepesertaan_id="id",
                dari="status",
                ke=pl.lit(ke),
                alasan=pl.lit(alasan, dtype=pl.Utf8),
                keterangan=pl.lit(keterangan),
                tanggal=pl.lit(tanggal),
                oleh=pl.lit(oleh),
            )
        )
    result.jumlah = current.height
    return result
