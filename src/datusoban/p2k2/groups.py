"""A pendamping's P2K2 groups: made once, from their PKH caseload, when they have none.

The families are grouped by the desa they live in (a group meets in one place), in id
order, at most ``policy.group_size()`` to a group; a desa with more gets a second group.
Groups made once stay as they are: a family that joins the caseload later is not moved
into one by itself (the office regroups, outside this feature).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from django.db import transaction

from datusoban.layanan.models import Pilar
from datusoban.p2k2 import policy
from datusoban.p2k2.models import KelompokP2K2
from datusoban.registri.models import Household


def groups_of(pilar: Pilar, caseload: Iterable[Household]) -> list[KelompokP2K2]:
    """``pilar``'s groups, made from ``caseload`` (households with their ``wilayah``) first
    when there are none."""
    with transaction.atomic():
        # The worker's row locked: two downloads at once make the groups once.
        Pilar.objects.select_for_update().filter(pk=pilar.pk).first()
        if not KelompokP2K2.objects.filter(pendamping=pilar).exists():
            _make(pilar, caseload)
    return list(
        KelompokP2K2.objects.filter(pendamping=pilar)
        .select_related("desa")
        .prefetch_related("keluarga")
        .order_by("pk")
    )


def _make(pilar: Pilar, caseload: Iterable[Household]) -> None:
    size = policy.group_size()
    by_desa = sorted(caseload, key=lambda h: (h.wilayah_id, h.pk))
    for _, rows in groupby(by_desa, key=lambda h: h.wilayah_id):
        families = list(rows)
        desa = families[0].wilayah
        chunks = [families[i : i + size] for i in range(0, len(families), size)]
        for n, chunk in enumerate(chunks, start=1):
            suffix = f" {n}" if len(chunks) > 1 else ""
            group = KelompokP2K2.objects.create(
                nama=f"Kelompok {desa.nama}{suffix}"[:120], pendamping=pilar, desa=desa,
                kode_kabkota=desa.kode[:5], kode_kecamatan=desa.parent_id or "",
            )  # fmt: skip
            group.keluarga.set(chunk)
