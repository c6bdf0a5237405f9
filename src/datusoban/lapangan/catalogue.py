"""What the download carries besides the households, for the entries the app records
offline: the case report's choices (for a role the case rules let report), a pendamping
PKH's P2K2 groups (made from the caseload the first time), and the open disaster events
of the worker's kab/kota with their affected desa and stock (for a role the disaster
rules let record victims, ``bencana.actions._allowed``'s list). Names of places, items
and groups only: the people are the download's households."""

from __future__ import annotations

from collections.abc import Iterable

from datusoban.accounts.scope import Scope
from datusoban.bencana.access import disasters_for
from datusoban.bencana.actions import stock_left
from datusoban.kasus import policy
from datusoban.kasus.access import in_region
from datusoban.layanan.models import Pilar
from datusoban.p2k2 import groups
from datusoban.p2k2 import policy as p2k2_policy
from datusoban.reference.models import KategoriPPKS, Region
from datusoban.registri.models import Household


def cases(scope: Scope, pilar: Pilar, households: Iterable[Household]) -> dict | None:
    if scope.role.kode not in policy.roles_for("melapor"):
        return None
    # The desa of the worker's kecamatan and of every family downloaded, in the scope.
    codes = {h.wilayah_id for h in households}
    desa = Region.objects.filter(level=Region.Level.DESA)
    if pilar.kode_kecamatan:
        codes |= set(desa.filter(parent_id=pilar.kode_kecamatan).values_list("kode", flat=True))
    shown = desa.filter(kode__in=[c for c in codes if in_region(scope, c)]).order_by("nama")
    return {
        "kategori": [[k.kode, k.nama] for k in KategoriPPKS.objects.order_by("kode")],
        "urgensi": policy.urgency_choices(),
        "desa": [[r.kode, r.nama] for r in shown],
    }


def p2k2(pilar: Pilar, households: list[Household]) -> dict | None:
    if pilar.peran != Pilar.Peran.PENDAMPING_PKH:
        return None
    return {
        "modul": p2k2_policy.module_choices(),
        "kelompok": [
            {"id": g.id, "nama": g.nama, "desa": g.desa.nama,
             "keluarga": sorted(h.pk for h in g.keluarga.all())}
            for g in groups.groups_of(pilar, households)
        ],
    }  # fmt: skip


def disasters(user, scope: Scope, pilar: Pilar) -> dict | None:
    rules = policy.disaster_rules()
    if scope.role.kode not in rules["peran"]["mencatat"]:
        return None
    events = (
        disasters_for(user)
        .filter(status__in=rules["terbuka"], desa__kode__startswith=pilar.kode_kabkota + ".")
        .distinct()
        .order_by("-tanggal", "pk")
    )
    return {
        "kondisi": list(rules["kondisi"].items()),
        "kejadian": [
            {
                "id": e.pk, "nama": e.nama, "jenis": rules["jenis"].get(e.jenis, e.jenis),
                "tanggal": e.tanggal.isoformat(),
                "desa": [[r.kode, r.nama] for r in e.desa.order_by("nama")
                         if in_region(scope, r.kode)],
                "barang": [[kode, item["label"], item["satuan"], stock_left(e, kode)]
                           for kode, item in rules["barang"].items()],
            }
            for e in events
        ],
    }  # fmt: skip
