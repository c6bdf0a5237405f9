"""Who may read and decide the review queue, which pairs and persons they reach, and the
audit trail of both: one set of rules for the review API and the review pages.

Reading the queue shows personal data of two records; deciding changes who is who
in the registry. Both need a Django permission and an account with a scope; deciding
also needs a role that may change registry data (accounts/data/roles.toml). Pairs
and persons are reached through the one scoping function: outside the user's scope
they are "not found", never "forbidden", so that their existence is not disclosed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import hidden_fields, identifier_for
from datusoban.accounts.scope import PROVINCE, scope_of, scoped
from datusoban.penautan.models import Decision, ReviewPair
from datusoban.registri.models import Person, SourceRecord

VIEW_PERMISSION = "linkage.view_reviewpair"
DECIDE_PERMISSION = "linkage.add_decision"


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: an HTTP status, a stable code, a message in Bahasa Indonesia."""

    status: int
    kode: str
    pesan: str


def not_found(what: str) -> Refusal:
    return Refusal(404, "tidak_ditemukan", f"{what} tidak ditemukan.")


def refusal(user, permission: str) -> Refusal | None:
    """None when ``user`` holds ``permission`` (VIEW_ or DECIDE_PERMISSION) with an
    account that has a scope, and for deciding a role that may change registry data."""
    scope = scope_of(user)
    allowed = scope is not None and user.has_perm(permission)
    if allowed and permission == DECIDE_PERMISSION:
        allowed = scope.role.tulis
    if allowed:
        return None
    what = "mengambil keputusan penautan" if permission == DECIDE_PERMISSION else "melihat data ini"
    return Refusal(403, "tanpa_izin", f"Anda tidak berhak {what}.")


def undo_refusal(user) -> Refusal | None:
    """Deciding, province-wide: a decision may have touched rows of several regions."""
    scope = scope_of(user)
    if scope is not None and scope.wilayah != PROVINCE:
        return Refusal(403, "tanpa_izin", "Pembatalan keputusan hanya di tingkat provinsi.")
    return refusal(user, DECIDE_PERMISSION)


def may_view(user) -> bool:
    return refusal(user, VIEW_PERMISSION) is None


def may_decide(user) -> bool:
    return refusal(user, DECIDE_PERMISSION) is None


def may_undo(user) -> bool:
    return undo_refusal(user) is None


def visible_records(user) -> QuerySet[SourceRecord]:
    # Rows not yet linked to a person have no household to place them: only a
    # province-wide scope sees them (accounts.scope).
    return scoped(user, SourceRecord.objects.all())


def visible_pairs(user, status: str = ReviewPair.Status.MENUNGGU) -> QuerySet[ReviewPair]:
    """Pairs of ``status`` whose two records the user may both see, most probable first."""
    pairs = ReviewPair.objects.filter(status=status).order_by("-match_probability", "pk")
    records = visible_records(user)
    if not records.query.has_filters():
        # The scope holds every record (province-wide, children included): asking the
        # database which of millions of records are visible would only cost time.
        return pairs
    visible = records.values("pk")
    return pairs.filter(rekaman_l__in=visible, rekaman_r__in=visible)


def visible_pair(user, pair_id: int) -> ReviewPair | None:
    """The pair, when it exists and the user may see both its records."""
    pair = ReviewPair.objects.filter(pk=pair_id).first()
    if pair is None:
        return None
    ids = {pair.rekaman_l_id, pair.rekaman_r_id}
    return pair if visible_records(user).filter(pk__in=ids).count() == len(ids) else None


def pair_refusal(user, pair_id: int) -> Refusal | None:
    return None if visible_pair(user, pair_id) is not None else not_found("Pasangan")


def persons_refusal(user, person_ids: Iterable[int]) -> Refusal | None:
    """None when the user may see every one of ``person_ids``."""
    wanted = set(person_ids)
    seen = scoped(user, Person.objects.filter(pk__in=wanted)).count()
    return None if seen == len(wanted) else not_found("Orang")


def record_pair_read(request, records: Iterable[SourceRecord]) -> int:
    """One audit row per record of a pair shown with its personal data."""
    return record(request, Aksi.BACA, "pasangan_tinjauan", [(str(r.pk), r.nik) for r in records])


def disclosed_snapshot(user, snapshot: dict) -> dict:
    """A decision's before/after snapshot as ``user`` may read it.

    The decision log is not narrowed to a region (a decision may span several), so
    the persons' fields are shown only to province-wide users who may see children,
    with NIK and No. KK masked and health fields withheld as their role says; anyone
    else gets the ids alone (which persons, records and pairs changed), as the log
    page shows them."""
    if not _full_snapshots(user):
        return {table: [{"id": row["id"]} for row in rows] for table, rows in snapshot.items()}
    role = scope_of(user).role
    hidden = hidden_fields(role)
    persons = [
        {
            k: (identifier_for(role, v) if k == "nik" else v)
            for k, v in row.items()
            if k not in hidden
        }
        for row in snapshot.get("orang", [])
    ]
    return {**snapshot, "orang": persons}


def record_decision_read(request, decisions: Iterable[Decision]) -> int:
    """One audit row per person whose fields a decision log read disclosed."""
    subjects = [
        (str(d.pk), row.get("nik"))
        for d in decisions
        for snap in (d.sebelum, d.sesudah)
        for row in (snap or {}).get("orang", [])
    ]
    if not subjects or not _full_snapshots(request.user):
        return 0
    return record(request, Aksi.BACA, "keputusan_penautan", sorted(set(subjects)))


def _full_snapshots(user) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.wilayah == PROVINCE and scope.role.data_anak


def decided(request, take: Callable[[], Decision]) -> Decision:
    """Take a decision (a call into linkage.decisions) and record it in the audit trail.

    ``DecisionError`` from the service passes through: nothing was changed.
    """
    decision = take()
    # One row per person the decision changed, with their NIK, so that each one's report
    # lists it (and the answer, which may show their fields, is covered by it).
    touched = {
        (str(decision.pk), row.get("nik"))
        for snap in (decision.sebelum, decision.sesudah)
        for row in (snap or {}).get("orang", [])
    }
    record(
        request,
        Aksi.UBAH,
        "keputusan_penautan",
        sorted(touched, key=lambda s: s[1] or "") or [(str(decision.pk), None)],
        rincian={"jenis": decision.jenis, **decision.rincian},
    )
    return decision
