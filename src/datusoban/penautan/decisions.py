"""A person's linkage decisions: accept or reject a pair, merge, split, undo.

Each runs in one transaction, logs a Decision with who, when, what, and the
rows it touched before and after (snapshots.take), and can be undone. These
are small per-decision ORM writes; the bulk path is registry_link.

A person deleted by a merge, or by undoing the split or accept that created
them, may hold enrolments, which are protected from deletion: they move to the
person that remains first (programs.transfer), closing a duplicate open
enrolment of one programme as ``ganda``. Households are never deleted here, so
their enrolments stay where they are.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from datusoban import db
from datusoban.penautan import snapshots
from datusoban.penautan.carried import CarryError, carry, references
from datusoban.penautan.golden import refresh, write_golden
from datusoban.penautan.models import Decision, ReviewPair
from datusoban.penautan.registry_records import read_records
from datusoban.penautan.survivorship import Survivorship, load_survivorship
from datusoban.program.transfer import move_person_enrolments
from datusoban.refusal import RefusedError
from datusoban.registri.events import LINK, UNLINK, announce
from datusoban.registri.models import Person, PersonPPKS, SourceRecord
from datusoban.registri.stats import adjust_counts, person_counts


class DecisionError(Exception):
    """A decision that cannot be taken as asked; the message says why, in Bahasa Indonesia."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


# What a decision is to the registry's subscribers: records joined into one person, or a
# person's records split apart (a rejected pair changes nobody).
_CHANGE = {
    Decision.Jenis.GABUNG: LINK,
    Decision.Jenis.TERIMA: LINK,
    Decision.Jenis.PISAH: UNLINK,
}
# Undoing a decision is the opposite change.
_UNDONE = {Decision.Jenis.GABUNG: UNLINK, Decision.Jenis.TERIMA: UNLINK,
           Decision.Jenis.PISAH: LINK}  # fmt: skip


def _logged(
    jenis: str,
    user: str,
    alasan: str,
    rincian: dict,
    persons: list[int],
    records: list[int],
    pairs: list[int],
    act: Callable[[], list[int]],
) -> Decision:
    """Snapshot, act (returns persons it created), snapshot again, log; the registry's
    counts per kab/kota moved by what the decision did to these persons."""
    before = snapshots.take(persons, records, pairs)
    counted = person_counts(persons)
    created = act()
    after = snapshots.take([*persons, *created], records, pairs)
    adjust_counts(counted, person_counts([*persons, *created]))
    if jenis in _CHANGE:
        announce(_CHANGE[jenis], [*persons, *created])
    return Decision.objects.create(
        jenis=jenis, oleh=user, alasan=alasan, rincian=rincian, sebelum=before, sesudah=after
    )


def _merge(keep: int, other: int, policy: Survivorship, user: str) -> dict[str, list[int]]:
    """Move everything of `other` to `keep`, delete `other`, choose `keep`'s fields again;
    returns the other apps' rows it moved (carried.references)."""
    SourceRecord.objects.filter(person_id=other).update(person_id=keep)
    PersonPPKS.objects.filter(person_id=other).update(person_id=keep)
    _move_enrolments(other, keep, user, f"Orang {other} digabungkan ke orang {keep}.")
    moved = references(other)
    _carry(moved, keep)
    gone = Person.objects.get(pk=other)
    kept = Person.objects.get(pk=keep)
    if kept.household_id is None and gone.household_id is not None:
        Person.objects.filter(pk=keep).update(household_id=gone.household_id)
    # Its memberships go with it (their history stays in the decision's snapshot).
    gone.delete()
    refresh([keep], policy)
    return moved


def _carry(moved: dict[str, list[int]], to: int) -> None:
    try:
        carry(moved, to)
    except CarryError as exc:
        raise DecisionError("data_bertentangan", str(exc)) from None


def merge_persons(
    keep: int, other: int, *, user: str, alasan: str = "", policy: Survivorship | None = None
) -> Decision:
    """Merge person `other` into `keep`."""
    policy = policy or load_survivorship()
    if keep == other:
        raise DecisionError("orang_sama", "Kedua orang itu sama; tidak ada yang digabungkan.")
    with transaction.atomic():
        found = set(Person.objects.filter(pk__in=[keep, other]).values_list("pk", flat=True))
        missing = sorted({keep, other} - found)
        if missing:
            raise DecisionError("orang_tidak_ada", f"Orang {missing} tidak ditemukan.")

        rincian: dict = {"tetap": keep, "digabungkan": other}

        def act() -> list[int]:
            moved = _merge(keep, other, policy, user)
            if moved:  # for undo: these go back to `other`
                rincian["dipindahkan"] = moved
            return []

        return _logged(Decision.Jenis.GABUNG, user, alasan, rincian, [keep, other], [], [], act)


def split_records(
    person: int,
    records: list[int],
    *,
    user: str,
    alasan: str = "",
    policy: Survivorship | None = None,
) -> Decision:
    """Move `records` out of `person` into a new person (fields chosen from those records)."""
    policy = policy or load_survivorship()
    records = sorted(set(records))
    with transaction.atomic():
        if not Person.objects.filter(pk=person).exists():
            raise DecisionError("orang_tidak_ada", f"Orang {person} tidak ditemukan.")
        own = set(SourceRecord.objects.filter(person_id=person).values_list("pk", flat=True))
        foreign = [r for r in records if r not in own]
        if not records or foreign:
            raise DecisionError(
                "rekaman_bukan_milik_orang",
                f"Rekaman {foreign or '(kosong)'} bukan rekaman orang {person}.",
            )
        if set(records) == own:
            raise DecisionError(
                "semua_rekaman",
                "Semua rekaman orang ini dipilih: sisakan minimal satu rekaman pada orang asal.",
            )

        def act() -> list[int]:
            return [_new_person(records, policy), *_refreshed([person], policy)]

        decision = _logged(
            Decision.Jenis.PISAH, user, alasan, {"dari": person, "rekaman": records},
            [person], records, [], act,
        )  # fmt: skip
        decision.rincian["orang_baru"] = decision.sesudah["orang"][-1]["id"]
        decision.save(update_fields=["rincian"])
        return decision


def _refreshed(persons: list[int], policy: Survivorship) -> list[int]:
    refresh(persons, policy)
    return []


def _new_person(records: list[int], policy: Survivorship) -> int:
    """A new person for `records` (moved to it), fields by survivorship."""
    new_id = db.reserve_ids(Person._meta.db_table, 1)
    frame = read_records(SourceRecord.objects.filter(pk__in=records))
    write_golden(new_persons=frame.with_columns(person_db=new_id), touched=[], policy=policy)
    SourceRecord.objects.filter(pk__in=records).update(person_id=new_id)
    return new_id


def decide_pair(
    pair_id: int, *, accept: bool, user: str, alasan: str = "", policy: Survivorship | None = None
) -> Decision:
    """Accept (one person: merge or attach) or reject (different persons) a queued pair."""
    policy = policy or load_survivorship()
    with transaction.atomic():
        pair = ReviewPair.objects.select_for_update().filter(pk=pair_id).first()
        if pair is None:
            raise DecisionError("pasangan_tidak_ada", f"Pasangan {pair_id} tidak ditemukan.")
        if pair.status != ReviewPair.Status.MENUNGGU:
            raise DecisionError(
                "sudah_diputus",
                f"Pasangan {pair_id} sudah diputus ({pair.get_status_display()}) oleh "
                f"{pair.diputus_oleh}.",
            )
        owners = dict(
            SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id]).values_list(
                "pk", "person_id"
            )
        )
        left, right = owners[pair.rekaman_l_id], owners[pair.rekaman_r_id]
        persons = [p for p in (left, right) if p is not None]
        records = [pair.rekaman_l_id, pair.rekaman_r_id]

        rincian: dict = {"pasangan": pair.pk, "rekaman": records}

        def act() -> list[int]:
            created: list[int] = []
            if accept:
                created = _join(pair, left, right, policy, user, rincian)
            ReviewPair.objects.filter(pk=pair.pk).update(
                status=ReviewPair.Status.DITERIMA if accept else ReviewPair.Status.DITOLAK,
                diputus_oleh=user,
                diputus_pada=timezone.now(),
            )
            return created

        return _logged(
            Decision.Jenis.TERIMA if accept else Decision.Jenis.TOLAK, user, alasan,
            rincian, persons, records, [pair.pk], act,
        )  # fmt: skip


def _join(
    pair: ReviewPair,
    left: int | None,
    right: int | None,
    policy: Survivorship,
    user: str,
    rincian: dict,
) -> list[int]:
    """Make the pair's two records one person; returns the person created, if any. A
    merge's carried rows are noted in ``rincian`` (the decision's), for undo."""
    if left is None and right is None:
        return [_new_person([pair.rekaman_l_id, pair.rekaman_r_id], policy)]
    if left is None or right is None:
        person = left if left is not None else right
        loose = pair.rekaman_l_id if left is None else pair.rekaman_r_id
        SourceRecord.objects.filter(pk=loose).update(person_id=person)
        refresh([person], policy)
    elif left != right:
        moved = _merge(min(left, right), max(left, right), policy, user)
        if moved:
            rincian |= {"digabungkan": max(left, right), "dipindahkan": moved}
    return []


def undo(decision_id: int, *, user: str, alasan: str = "") -> Decision:
    """Restore the state before decision `decision_id`, if nothing has changed it since."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(pk=decision_id).first()
        if decision is None:
            raise DecisionError("keputusan_tidak_ada", f"Keputusan {decision_id} tidak ditemukan.")
        if decision.jenis == Decision.Jenis.BATAL:
            raise DecisionError(
                "pembatalan", "Pembatalan tidak dapat dibatalkan; ambil keputusan itu lagi."
            )
        if Decision.objects.filter(membatalkan=decision).exists():
            raise DecisionError("sudah_dibatalkan", f"Keputusan {decision_id} sudah dibatalkan.")
        persons, records, pairs = snapshots.scope(decision.sesudah)
        now = snapshots.take(persons, records, pairs)
        known = {row["id"] for row in snapshots.complete(decision.sesudah)["kepesertaan"]}
        later = {row["id"] for row in now["kepesertaan"]} - known
        if snapshots.without_enrolments(now, later) != snapshots.complete(decision.sesudah):
            raise DecisionError(
                "sudah_berubah",
                "Data ini sudah diubah oleh keputusan atau penautan sesudahnya; "
                "batalkan yang lebih baru lebih dulu.",
            )
        everyone = [*persons, *snapshots.scope(decision.sebelum)[0]]
        counted = person_counts(everyone)
        _hand_down_enrolments(decision, now, later, user)
        snapshots.restore(decision.sebelum, decision.sesudah)
        if decision.rincian.get("dipindahkan"):  # a merge's carried rows go back
            _carry(decision.rincian["dipindahkan"], decision.rincian["digabungkan"])
        adjust_counts(counted, person_counts(everyone))
        if decision.jenis in _UNDONE:
            announce(_UNDONE[decision.jenis], everyone)
        return Decision.objects.create(
            jenis=Decision.Jenis.BATAL, oleh=user, alasan=alasan,
            rincian={"keputusan": decision.pk, "jenis": decision.jenis},
            sebelum=now, sesudah=snapshots.take(*snapshots.scope(decision.sebelum)),
            membatalkan=decision,
        )  # fmt: skip


def _hand_down_enrolments(decision: Decision, now: dict, later: set[int], user: str) -> None:
    """Enrolments made after `decision` on a person its undo deletes go to the person that
    gets that person's records back; the snapshot's own enrolments stay as they are.
    A person created from records that were nobody's has no such heir: refused."""
    if not later:
        return
    before = {row["id"] for row in decision.sebelum["orang"]}
    owner_before = {row["id"]: row["person_id"] for row in decision.sebelum["rekaman"]}
    for person in sorted({row["person_id"] for row in now["kepesertaan"] if row["id"] in later}):
        if person in before:
            continue
        heirs = [
            owner_before.get(row["id"])
            for row in now["rekaman"]
            if row["person_id"] == person and owner_before.get(row["id"]) is not None
        ]
        if not heirs:
            raise DecisionError(
                "kepesertaan_tanpa_pewaris",
                f"Orang {person} sudah memiliki kepesertaan program dan tidak ada orang asal "
                "yang dapat menerimanya; keputusan ini tidak dapat dibatalkan.",
            )
        heir = max(set(heirs), key=heirs.count)
        note = f"Pembatalan keputusan {decision.pk}: orang {person} kembali ke orang {heir}."
        _move_enrolments(person, heir, user, note, keep_target=True)


def _move_enrolments(source: int, target: int, user: str, note: str, **how) -> None:
    """programs.transfer, its refusal (a programme whose exit reasons lack 'ganda')
    given as the decision's own."""
    try:
        move_person_enrolments(source, target, oleh=user, keterangan=note, **how)
    except RefusedError as refused:
        # The decision's own refusal (409 on its pages and in the API, like every
        # DecisionError), raised inside the decision's transaction: nothing of it is kept.
        raise DecisionError("kepesertaan", refused.pesan) from None
