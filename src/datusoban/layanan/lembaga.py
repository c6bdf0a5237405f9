"""LKS: clients, occupancy, overlap of two LKS serving one person for one need, LKKS view.

Occupancy is open clients over capacity. Overlap here is read from the
network's own client lists (``KlienLembaga``); ``program.overlap.lks`` finds
the same from LKS source files as imported, before they become client lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet

from datusoban.layanan.models import KlienLembaga, Lembaga
from datusoban.layanan.models.network import Status
from datusoban.layanan.policy import atensi_components
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person


def with_occupancy(lembaga: QuerySet[Lembaga]) -> QuerySet[Lembaga]:
    """Annotates ``terisi``: the open clients (or residents, for a UPTD)."""
    return lembaga.annotate(
        terisi=Count("klien", filter=Q(klien__selesai__isnull=True), distinct=True)
        + Count("warga", filter=Q(warga__keluar__isnull=True), distinct=True)
    )


def occupancy_percent(terisi: int, kapasitas: int | None) -> float | None:
    return round(100 * terisi / kapasitas, 1) if kapasitas else None


def check_room(lembaga: Lembaga) -> None:
    """Refuses when ``lembaga`` has as many open clients and residents as its capacity.

    Call inside the transaction that adds the row: the institution's row is locked
    first (PostgreSQL), so that two admissions at once cannot both take the last place.
    No capacity recorded: no limit.
    """
    locked = Lembaga.objects.select_for_update().get(pk=lembaga.pk)
    if locked.kapasitas is None:
        return
    terisi = with_occupancy(Lembaga.objects.filter(pk=lembaga.pk)).get().terisi
    if terisi >= locked.kapasitas:
        raise RefusedError(
            "ditolak",
            f"{locked.nama} penuh: {terisi} dari kapasitas {locked.kapasitas} tempat terisi.",
        )


def admit_client(lembaga: Lembaga, person: Person, kebutuhan: str, mulai: date) -> KlienLembaga:
    if lembaga.jenis != Lembaga.Jenis.LKS:
        raise RefusedError("ditolak", "Klien dicatat pada LKS; warga panti dicatat pada UPTD.")
    if lembaga.status != Status.AKTIF:
        raise RefusedError("ditolak", f"{lembaga.nama} tidak aktif.")
    if kebutuhan not in atensi_components():
        raise RefusedError(
            "ditolak", f"Kebutuhan '{kebutuhan}' bukan komponen ATENSI.", field="kebutuhan"
        )
    if KlienLembaga.objects.filter(
        lembaga=lembaga, person=person, kebutuhan=kebutuhan, selesai__isnull=True
    ).exists():
        raise RefusedError(
            "ditolak",
            "Orang ini sudah menjadi klien lembaga ini untuk kebutuhan itu.",
            field="person",
        )
    try:
        with transaction.atomic():
            check_room(lembaga)
            return KlienLembaga.objects.create(
                lembaga=lembaga,
                person=person,
                kebutuhan=kebutuhan,
                mulai=mulai,
                kode_kabkota=lembaga.kode_kabkota,
            )
    except IntegrityError:
        raise RefusedError(
            "ditolak", "Orang ini sudah menjadi klien lembaga ini untuk kebutuhan itu."
        ) from None


def end_client(klien: KlienLembaga, selesai: date, alasan: str) -> None:
    if klien.selesai is not None:
        raise RefusedError("ditolak", "Layanan klien ini sudah berakhir.")
    if selesai < klien.mulai:
        raise RefusedError("ditolak", "Tanggal selesai sebelum tanggal mulai.", field="selesai")
    if alasan not in KlienLembaga.AlasanSelesai.values:
        raise RefusedError("ditolak", f"Alasan selesai '{alasan}' tidak dikenal.", field="alasan")
    klien.selesai, klien.alasan_selesai = selesai, alasan
    klien.save(update_fields=["selesai", "alasan_selesai"])


@dataclass(frozen=True)
class Overlap:
    person_id: int
    kebutuhan: str
    lembaga: tuple[str, ...]  # kode of each LKS
    kode_kabkota: str


def overlaps(clients: QuerySet[KlienLembaga]) -> list[Overlap]:
    """People served by two or more LKS for one need at the same time (open clients)."""
    open_rows = clients.filter(selesai__isnull=True)
    twice = (
        open_rows.values("person_id", "kebutuhan")
        .annotate(n=Count("lembaga", distinct=True))
        .filter(n__gt=1)
    )
    pairs = {(r["person_id"], r["kebutuhan"]) for r in twice}
    if not pairs:
        return []
    rows = open_rows.filter(person_id__in={p for p, _ in pairs}).values_list(
        "person_id", "kebutuhan", "lembaga__kode", "kode_kabkota"
    )
    found: dict[tuple[int, str], tuple[list[str], str]] = {}
    for person, need, kode, kab in rows:
        if (person, need) in pairs:
            found.setdefault((person, need), ([], kab))[0].append(kode)
    return [
        Overlap(p, n, tuple(sorted(codes)), kab) for (p, n), (codes, kab) in sorted(found.items())
    ]


@dataclass(frozen=True)
class LkkSummary:
    kode_kabkota: str
    lkks: str | None  # its name; None: no LKKS formed
    lks: int
    kapasitas: int
    terisi: int
    terakreditasi: int
    tumpang_tindih: int


def lkks_view(lembaga: QuerySet[Lembaga], clients: QuerySet[KlienLembaga]) -> list[LkkSummary]:
    """Per kab/kota: its LKKS (if formed), its LKS, capacity, occupancy, accreditation, overlaps."""
    lks = with_occupancy(lembaga.filter(jenis=Lembaga.Jenis.LKS, status=Status.AKTIF))
    per: dict[str, dict] = {}
    for row in lks.values("kode_kabkota", "kapasitas", "terisi", "akreditasi"):
        s = per.setdefault(row["kode_kabkota"], {"lks": 0, "kap": 0, "isi": 0, "akr": 0})
        s["lks"] += 1
        s["kap"] += row["kapasitas"] or 0
        s["isi"] += row["terisi"]
        s["akr"] += bool(row["akreditasi"])
    lkks = dict(
        lembaga.filter(jenis=Lembaga.Jenis.LKKS, status=Status.AKTIF).values_list(
            "kode_kabkota", "nama"
        )
    )
    twice: dict[str, int] = {}
    for o in overlaps(clients):
        twice[o.kode_kabkota] = twice.get(o.kode_kabkota, 0) + 1
    return [
        LkkSummary(k, lkks.get(k), s["lks"], s["kap"], s["isi"], s["akr"], twice.get(k, 0))
        for k, s in sorted(per.items())
    ]
