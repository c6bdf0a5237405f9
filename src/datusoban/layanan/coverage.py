"""Coverage gaps of the network: a kecamatan without a TKSK, a kab/kota without an LKKS.

Counted set-based: active workers and institutions grouped by region in two
queries, set against the regions of the reference table. The required numbers
are policy (``data/layanan.toml``, ``[cakupan]``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.layanan.models import Lembaga, Pilar
from datusoban.layanan.models.network import Status
from datusoban.layanan.policy import section
from datusoban.reference.models import Region


@dataclass(frozen=True)
class KabkotaCoverage:
    kode: str
    nama: str
    kecamatan: int
    kecamatan_tanpa_tksk: int
    tksk: int
    pendamping: int
    psm: int
    tagana: int
    lks: int
    lkks: int

    @property
    def tanpa_lkks(self) -> bool:
        return self.lkks < section("cakupan")["lkks_per_kabkota"]


@dataclass(frozen=True)
class KecamatanGap:
    kode: str
    nama: str
    kode_kabkota: str
    nama_kabkota: str
    tksk: int


def _regions(scope: Scope, level: int):
    rows = Region.objects.filter(level=level, kode__startswith=PROVINCE + ".")
    if scope.wilayah != PROVINCE:
        rows = rows.filter(Q(kode=scope.wilayah) | Q(kode__startswith=scope.wilayah + "."))
        if level == Region.Level.KABKOTA:
            rows = Region.objects.filter(kode=scope.wilayah[:5])
    return rows.order_by("kode")


def _tksk_per_kecamatan(scope: Scope) -> dict[str, int]:
    rows = Pilar.objects.filter(peran=Pilar.Peran.TKSK, status=Status.AKTIF)
    if scope.wilayah != PROVINCE:
        rows = rows.filter(kode_kabkota=scope.wilayah[:5])
    counts = rows.values("kode_kecamatan").annotate(n=Count("pk"))
    return {r["kode_kecamatan"]: r["n"] for r in counts}


def kecamatan_gaps(scope: Scope) -> list[KecamatanGap]:
    """Kecamatan in ``scope`` with fewer active TKSK than the policy asks (usually none)."""
    need = section("cakupan")["tksk_per_kecamatan"]
    tksk = _tksk_per_kecamatan(scope)
    kecamatan = _regions(scope, Region.Level.KECAMATAN).select_related("parent")
    return [
        KecamatanGap(k.kode, k.nama, k.parent_id, k.parent.nama, tksk.get(k.kode, 0))
        for k in kecamatan
        if tksk.get(k.kode, 0) < need
    ]


def kabkota_coverage(scope: Scope) -> list[KabkotaCoverage]:
    """Per kab/kota in ``scope``: workers and institutions counted, gaps marked."""
    workers: dict[tuple[str, str], int] = {}
    pilar = Pilar.objects.filter(status=Status.AKTIF)
    lembaga = Lembaga.objects.filter(status=Status.AKTIF)
    if scope.wilayah != PROVINCE:
        pilar = pilar.filter(kode_kabkota=scope.wilayah[:5])
        lembaga = lembaga.filter(kode_kabkota=scope.wilayah[:5])
    for r in pilar.values("kode_kabkota", "peran").annotate(n=Count("pk")):
        workers[r["kode_kabkota"], r["peran"]] = r["n"]
    for r in lembaga.values("kode_kabkota", "jenis").annotate(n=Count("pk")):
        workers[r["kode_kabkota"], r["jenis"]] = r["n"]
    gaps: dict[str, int] = {}
    for gap in kecamatan_gaps(scope):
        gaps[gap.kode_kabkota] = gaps.get(gap.kode_kabkota, 0) + 1
    kecamatan = dict(
        Region.objects.filter(level=Region.Level.KECAMATAN)
        .values("parent_id")
        .annotate(n=Count("kode"))
        .values_list("parent_id", "n")
    )
    return [
        KabkotaCoverage(
            kode=k.kode,
            nama=k.nama,
            kecamatan=kecamatan.get(k.kode, 0),
            kecamatan_tanpa_tksk=gaps.get(k.kode, 0),
            tksk=workers.get((k.kode, Pilar.Peran.TKSK), 0),
            pendamping=workers.get((k.kode, Pilar.Peran.PENDAMPING_PKH), 0),
            psm=workers.get((k.kode, Pilar.Peran.PSM), 0),
            tagana=workers.get((k.kode, Pilar.Peran.TAGANA), 0),
            lks=workers.get((k.kode, Lembaga.Jenis.LKS), 0),
            lkks=workers.get((k.kode, Lembaga.Jenis.LKKS), 0),
        )
        for k in _regions(scope, Region.Level.KABKOTA)
    ]


def kabkota_without_lkks(scope: Scope) -> list[KabkotaCoverage]:
    return [row for row in kabkota_coverage(scope) if row.tanpa_lkks]
