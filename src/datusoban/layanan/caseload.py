"""Caseloads: PKH families per pendamping against the norm, and rebalancing within a kecamatan.

The assignment is ``Kepesertaan.pendamping`` (the code the PKH system gives a
pendamping): it already travels with every enrolment and the caseload
indicator counts it, so a second assignment table would only drift from it.
``Pilar.kode_pendamping`` ties a code to a worker, their kecamatan and login.

Rebalancing is a suggestion: families are moved from a pendamping above the
norm to one below it in the same kecamatan (families living in it, never
across kecamatan: a pendamping visits monthly). Applying one moves the given
families in one transaction and records each move (``PemindahanKPM``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from datusoban.accounts.roles import Role
from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.layanan.models import PemindahanKPM, Pilar
from datusoban.layanan.policy import section
from datusoban.program import rules
from datusoban.program.indicators import caseload_norm
from datusoban.program.models import Kepesertaan
from datusoban.refusal import RefusedError

FIELD_WORKER = "pendamping"


@dataclass(frozen=True)
class Caseload:
    pendamping: str
    nama: str
    kode_kecamatan: str
    kpm: int
    norma: int

    @property
    def rasio(self) -> float:
        return round(self.kpm / self.norma, 2) if self.norma else 0.0

    @property
    def di_atas_norma(self) -> bool:
        return self.kpm > self.norma


@dataclass(frozen=True)
class Suggestion:
    kode_kecamatan: str
    dari: str
    ke: str
    jumlah: int


def own_code(user) -> str | None:
    """The pendamping code of a field worker's own login (None if they have none)."""
    pilar = Pilar.objects.filter(akun=user, kode_pendamping__isnull=False).first()
    return pilar.kode_pendamping if pilar else None


def enrolments_for(user) -> QuerySet[Kepesertaan]:
    """Open PKH enrolments whose caseload ``user`` may see: a field worker their own,
    a regional user their region's, the province everything."""
    scope = scope_of(user)
    rows = Kepesertaan.objects.filter(program_id="PKH", status__in=rules.RECEIVING)
    if scope is None:
        return rows.none()
    if scope.role.kode == FIELD_WORKER:
        code = own_code(user)
        return rows.filter(pendamping=code) if code else rows.none()
    if scope.wilayah == PROVINCE:
        return rows
    if scope.wilayah.count(".") == 1:
        return rows.filter(kode_kabkota=scope.wilayah)
    return rows.filter(household__wilayah__parent_id=scope.wilayah)


def _counts(rows: QuerySet[Kepesertaan]) -> dict[tuple[str, str], int]:
    """Families per (pendamping, kecamatan where they live)."""
    grouped = (
        rows.filter(pendamping__isnull=False)
        .values("pendamping", "household__wilayah__parent_id")
        .annotate(n=Count("pk"))
    )
    return {(r["pendamping"], r["household__wilayah__parent_id"] or ""): r["n"] for r in grouped}


def caseloads(user, kecamatan: str | None = None) -> list[Caseload]:
    """Each pendamping in view with their families, placed in the kecamatan of most of
    them; heaviest first."""
    norm = caseload_norm()
    rows = enrolments_for(user)
    if kecamatan:
        rows = rows.filter(household__wilayah__parent_id=kecamatan)
    total: dict[str, int] = {}
    home: dict[str, tuple[int, str]] = {}
    for (code, kec), n in _counts(rows).items():
        total[code] = total.get(code, 0) + n
        if n > home.get(code, (0, ""))[0]:
            home[code] = (n, kec)
    names = dict(
        Pilar.objects.filter(kode_pendamping__in=list(total)).values_list("kode_pendamping", "nama")
    )
    found = [
        Caseload(code, names.get(code, ""), home[code][1], n, norm) for code, n in total.items()
    ]
    return sorted(found, key=lambda c: (-c.kpm, c.pendamping))


def suggestions(user, kecamatan: str | None = None) -> list[Suggestion]:
    """Moves that bring pendamping above the norm towards it, within each kecamatan.

    Only families living in the kecamatan are moved, to pendamping who already
    serve it, never taking a receiver above ``batas_penerima_persen`` of the norm.
    """
    norm = caseload_norm()
    ceiling = norm * section("beban_kasus")["batas_penerima_persen"] // 100
    per_kec = _counts(
        enrolments_for(user).filter(household__wilayah__parent_id=kecamatan)
        if kecamatan
        else enrolments_for(user)
    )
    # Whole caseloads (across kecamatan) decide who is over and who has room.
    total: dict[str, int] = {}
    for (code, _), n in _counts(
        Kepesertaan.objects.filter(program_id="PKH", status__in=rules.RECEIVING).filter(
            pendamping__in={code for code, _ in per_kec}
        )
    ).items():
        total[code] = total.get(code, 0) + n
    by_kec: dict[str, list[str]] = {}
    for code, kec in per_kec:
        by_kec.setdefault(kec, []).append(code)
    found: list[Suggestion] = []
    for kec in sorted(by_kec):
        codes = sorted(by_kec[kec])
        over = sorted((c for c in codes if total[c] > norm), key=lambda c: (-total[c], c))
        for giver in over:
            receivers = sorted((c for c in codes if total[c] < ceiling), key=lambda c: total[c])
            for receiver in receivers:
                movable = min(total[giver] - norm, ceiling - total[receiver], per_kec[giver, kec])
                if movable <= 0:
                    continue
                found.append(Suggestion(kec, giver, receiver, movable))
                total[giver] -= movable
                total[receiver] += movable
                per_kec[giver, kec] -= movable
    return found


def apply(suggestion: Suggestion, *, user, role: Role, alasan: str = "") -> int:
    """Move ``jumlah`` families of ``dari`` living in the kecamatan to ``ke``; each move
    recorded. Refused for a role that may not change data. Returns the families moved."""
    if not role.tulis:
        raise RefusedError("ditolak", "Peran Anda tidak boleh mengubah data.")
    if suggestion.dari == suggestion.ke or suggestion.jumlah <= 0:
        raise RefusedError("ditolak", "Usulan pemindahan tidak sah.")
    if not Pilar.objects.filter(kode_pendamping=suggestion.ke, status="aktif").exists():
        raise RefusedError(
            "ditolak", f"Pendamping {suggestion.ke} tidak terdaftar atau tidak aktif."
        )
    movable = enrolments_for(user).filter(
        Q(household__wilayah__parent_id=suggestion.kode_kecamatan), pendamping=suggestion.dari
    )
    with transaction.atomic():
        ids = list(
            movable.select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)[: suggestion.jumlah]
        )
        if len(ids) < suggestion.jumlah:
            raise RefusedError(
                "ditolak",
                f"Hanya {len(ids)} KPM {suggestion.dari} di kecamatan ini yang dapat dipindah.",
            )
        Kepesertaan.objects.filter(pk__in=ids).update(pendamping=suggestion.ke)
        PemindahanKPM.objects.bulk_create(
            PemindahanKPM(
                kepesertaan_id=pk,
                dari=suggestion.dari,
                ke=suggestion.ke,
                alasan=alasan or "Penyeimbangan beban kasus",
                oleh=user.get_username(),
            )
            for pk in ids
        )
    return len(ids)
