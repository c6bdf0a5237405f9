"""Undo what linkage built on a batch's source records, when the batch is withdrawn.

``link_registry`` turned the records into persons (new, or attached to existing ones,
their golden values chosen again), families into households (new ones, a No. KK added to
an existing one's history, people moved with dated memberships) and doubtful pairs into
the review queue. Withdrawing the batch undoes each, in the withdrawal's transaction:

- persons that existed only through the batch's records are removed, with their
  memberships and the PPKS facts read from those records;
- persons that keep records of other batches stay: their golden values are chosen again
  from the records left, and a person the batch's family card had moved goes back where
  they were (the membership the batch opened removed, the one it closed open again);
- households that only the batch's records and removed persons held are removed; a kept
  household forgets the No. KK that only the batch's records carried;
- pending review pairs of the batch's records are removed.

It is refused, and nothing is changed, where undoing cannot be exact: a person decided
on the batch's records or persons (a review pair accepted or rejected, a merge or split
not undone), or a person or household to be removed that other data already uses (an
enrolment, a case, a resident, ...): those are resolved first, by the people who made them.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from datusoban.penautan.golden import refresh
from datusoban.penautan.models import Decision, ReviewPair
from datusoban.penautan.registry_records import ids_in
from datusoban.penautan.survivorship import load_survivorship
from datusoban.registri.models import (
    Household,
    ImportBatch,
    Membership,
    Person,
    PersonPPKS,
    SourceRecord,
)
from datusoban.registri.stats import refresh_counts
from datusoban.registri.withdrawal import WithdrawalRefusedError


def _ids(queryset: QuerySet) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def _count_in(model: type[Model], field: str, ids: set[int]) -> int:
    return sum(model.objects.filter(**{f"{field}__in": chunk}).count() for chunk in ids_in(ids))


def _used_elsewhere(model: type[Model], ids: set[int], handled: set[tuple]) -> list[str]:
    """What other data refers to rows ``ids`` of ``model`` (relations not in ``handled``,
    as (model, field)): "verbose name: count" for each."""
    used = []
    # Hidden relations too: a foreign key declared with related_name="+" (an LKS client,
    # a UPTD resident, a disaster victim) protects its person all the same.
    relations = [
        f for f in model._meta.get_fields(include_hidden=True) if f.one_to_many or f.one_to_one
    ]
    for rel in relations:
        if rel.concrete:
            continue
        key = (rel.related_model, rel.field.name)
        if key in handled or not ids:
            continue
        n = _count_in(rel.related_model, rel.field.name, ids)
        if n:
            used.append(f"{rel.related_model._meta.verbose_name}: {n}")
    return used


def _decided(batch: ImportBatch, records: set[int], persons: set[int]) -> int:
    """Decisions of people on the batch's records or persons that still stand (not undone)."""
    n = (
        ReviewPair.objects.exclude(status=ReviewPair.Status.MENUNGGU)
        .filter(Q(rekaman_l__batch=batch) | Q(rekaman_r__batch=batch))
        .count()
    )
    standing = Decision.objects.filter(dibatalkan_oleh__isnull=True).exclude(
        jenis=Decision.Jenis.BATAL
    )
    for snapshots in standing.values_list("sebelum", "sesudah").iterator():
        for snapshot in snapshots:
            named = {r.get("id") for r in (snapshot or {}).get("rekaman", [])}
            people = {p.get("id") for p in (snapshot or {}).get("orang", [])}
            if named & records or people & persons:
                n += 1
                break
    return n


def unlink_batch(sender, *, batch: ImportBatch, **kwargs) -> dict:
    """Receiver of registry.withdrawal.batch_withdrawing: undo linkage on ``batch``'s records
    (see the module); refuse with WithdrawalRefusedError where that cannot be exact."""
    records = records_of(batch)
    record_ids = _ids(records)
    linked = records.filter(Q(person__isnull=False) | Q(household__isnull=False))
    pending = ReviewPair.objects.filter(
        Q(rekaman_l__batch=batch) | Q(rekaman_r__batch=batch), status=ReviewPair.Status.MENUNGGU
    )
    persons = set(linked.exclude(person__isnull=True).values_list("person_id", flat=True))
    decided = _decided(batch, record_ids, persons)
    if decided:
        raise WithdrawalRefusedError(
            f"Batch {batch.pk} tidak dapat ditarik: {decided} keputusan penautan (pasangan "
            "tinjauan yang sudah diputus, penggabungan atau pemisahan orang) menyangkut baris "
            "atau orang dari batch ini. Batalkan keputusan itu lebih dulu di halaman Penautan."
        )
    handled_record = {(ReviewPair, "rekaman_l"), (ReviewPair, "rekaman_r"),
                      (PersonPPKS, "source_record")}  # fmt: skip
    used = _used_elsewhere(SourceRecord, record_ids, handled_record)
    if used:
        raise WithdrawalRefusedError(
            f"Batch {batch.pk} tidak dapat ditarik: barisnya sudah dipakai data lain "
            f"({'; '.join(used)}). Selesaikan data itu lebih dulu."
        )
    if not linked.exists():
        return {"antrean_tinjauan": pending.delete()[0]}
    elsewhere = SourceRecord.objects.filter(person__isnull=False).exclude(batch=batch)
    kept = {
        p for chunk in ids_in(persons)
        for p in elsewhere.filter(person_id__in=chunk).values_list("person_id", flat=True)
    }  # fmt: skip
    only = persons - kept
    # PPKS facts read from this batch's rows go with them; other facts of a person to be
    # removed are data of their own.
    from_batch = PersonPPKS.objects.filter(source_record__batch=batch)
    other_facts = sum(
        PersonPPKS.objects.filter(person_id__in=chunk).exclude(source_record__batch=batch).count()
        for chunk in ids_in(only)
    )
    handled_person = {(SourceRecord, "person"), (Membership, "person"), (PersonPPKS, "person")}
    used = _used_elsewhere(Person, only, handled_person)
    if other_facts:
        used.append(f"PPKS dari sumber lain: {other_facts}")
    if used:
        raise WithdrawalRefusedError(
            f"Batch {batch.pk} tidak dapat ditarik: {len(only)} orang yang hanya berasal dari "
            f"batch ini sudah dipakai data lain ({'; '.join(used)}). Selesaikan data itu lebih "
            "dulu."
        )

    moved = _move_back(kept, batch)
    households = _households_to_remove(batch, only)
    handled_household = {(SourceRecord, "household"), (Person, "household"),
                         (Membership, "household")}  # fmt: skip
    used = _used_elsewhere(Household, households, handled_household)
    if used:
        raise WithdrawalRefusedError(
            f"Batch {batch.pk} tidak dapat ditarik: {len(households)} keluarga yang hanya "
            f"berasal dari batch ini sudah dipakai data lain ({'; '.join(used)}). Selesaikan "
            "data itu lebih dulu."
        )
    numbers = _forget_numbers(batch, households)

    facts = from_batch.delete()[0]
    pairs = pending.delete()[0]
    records.update(person=None, household=None)
    for chunk in ids_in(only):
        Membership.objects.filter(person_id__in=chunk).delete()
        Person.objects.filter(pk__in=chunk).delete()
    for chunk in ids_in(households):
        Membership.objects.filter(household_id__in=chunk).delete()
        Household.objects.filter(pk__in=chunk).delete()
    if kept:
        refresh(sorted(kept), load_survivorship())
    refresh_counts()
    return {
        "orang_dihapus": len(only),
        "orang_dipilih_ulang": len(kept),
        "orang_dipindah_kembali": moved,
        "keluarga_dihapus": len(households),
        "no_kk_dilupakan": numbers,
        "ppks_dihapus": facts,
        "antrean_tinjauan": pairs,
    }


def _move_back(kept: set[int], batch: ImportBatch) -> int:
    """Persons kept whose current household only this batch's records place them in are
    moved back: the membership the batch opened goes, the one it closed is open again (no
    household, when they had none before). Returns how many moved."""
    moved = 0
    for chunk in ids_in(kept):
        for person in Person.objects.filter(pk__in=chunk, household__isnull=False):
            remaining = SourceRecord.objects.filter(person=person).exclude(batch=batch)
            if remaining.filter(household_id=person.household_id).exists():
                continue  # other evidence places them there too
            placed = records_of(batch).filter(person=person, household_id=person.household_id)
            if not placed.exists():
                continue  # not the batch's doing
            Membership.objects.filter(person=person, selesai__isnull=True).delete()
            earlier = Membership.objects.filter(person=person).order_by("-selesai", "-pk").first()
            if earlier is not None:
                earlier.selesai = None
                earlier.save(update_fields=["selesai"])
            home = earlier.household_id if earlier is not None else None
            Person.objects.filter(pk=person.pk).update(household_id=home)
            moved += 1
    return moved


def records_of(batch: ImportBatch) -> QuerySet[SourceRecord]:
    return SourceRecord.objects.filter(batch=batch)


def _households_to_remove(batch: ImportBatch, only: set[int]) -> set[int]:
    """Households that nothing but this batch's records and persons removed with it holds."""
    candidates = set(
        records_of(batch).exclude(household__isnull=True).values_list("household_id", flat=True)
    )
    for chunk in ids_in(only):
        candidates |= set(
            Membership.objects.filter(person_id__in=chunk).values_list("household_id", flat=True)
        )
    held = set()
    for chunk in ids_in(candidates):
        held |= set(
            SourceRecord.objects.filter(household_id__in=chunk)
            .exclude(batch=batch)
            .values_list("household_id", flat=True)
        )
        lived = Person.objects.filter(household_id__in=chunk).exclude(pk__in=only)
        held |= set(lived.values_list("household_id", flat=True))
        members = Membership.objects.filter(household_id__in=chunk).exclude(person_id__in=only)
        held |= set(members.values_list("household_id", flat=True))
    return candidates - held


def _forget_numbers(batch: ImportBatch, removed: set[int]) -> int:
    """Kept households (not ``removed``) forget the No. KK that only this batch's records
    carried."""
    forgotten = 0
    touched = (
        records_of(batch)
        .exclude(household__isnull=True)
        .exclude(no_kk__isnull=True)
        .values_list("household_id", "no_kk")
        .distinct()
    )
    by_household: dict[int, set[str]] = {}
    for household, number in touched:
        by_household.setdefault(household, set()).add(number)
    for household in Household.objects.filter(pk__in=list(set(by_household) - removed)):
        others = set(
            SourceRecord.objects.filter(household=household)
            .exclude(batch=batch)
            .exclude(no_kk__isnull=True)
            .values_list("no_kk", flat=True)
        )
        gone = by_household[household.pk] - others
        history = household.riwayat_no_kk or []
        if not gone or not (gone & set(history) or household.no_kk in gone):
            continue
        kept_history = [n for n in history if n not in gone]
        household.riwayat_no_kk = kept_history
        if household.no_kk in gone and kept_history:
            household.no_kk = kept_history[-1]
        household.save(update_fields=["riwayat_no_kk", "no_kk", "diubah_pada"])
        forgotten += len(gone)
    return forgotten
