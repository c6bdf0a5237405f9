"""The situation report of a disaster event: victims by condition and desa, families served
per item, stock received, given and left, Tagana deployed. Counts only, no names."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from datusoban.bencana.models import Bencana, KorbanBencana
from datusoban.kasus import policy


def sitrep(event: Bencana, victims: QuerySet[KorbanBencana]) -> dict:
    rules = policy.disaster_rules()
    conditions = list(rules["kondisi"])
    by_desa = (
        victims.order_by()
        .values("desa_id", "desa__nama")
        .annotate(
            jumlah=Count("pk"),
            keluarga=Count("kunci_keluarga", distinct=True),
            **{f"n_{k}": Count("pk", filter=_is(k)) for k in conditions},
        )
        .order_by("desa_id")
    )
    received = dict(
        event.stok.order_by().values("barang").annotate(n=Sum("jumlah")).values_list("barang", "n")
    )
    given = {
        row["barang"]: row
        for row in event.penyaluran.order_by()
        .values("barang")
        .annotate(n=Sum("jumlah"), keluarga=Count("kunci_keluarga", distinct=True))
    }
    families = victims.values("kunci_keluarga").distinct().count()
    items = [
        {
            "barang": code, "label": item["label"], "satuan": item["satuan"],
            "diterima": received.get(code, 0), "disalurkan": given.get(code, {}).get("n", 0),
            "sisa": received.get(code, 0) - given.get(code, {}).get("n", 0),
            "keluarga_dilayani": given.get(code, {}).get("keluarga", 0),
            "keluarga_belum": families - given.get(code, {}).get("keluarga", 0),
        }
        for code, item in rules["barang"].items()
    ]  # fmt: skip
    totals = victims.aggregate(**{k: Count("pk", filter=_is(k)) for k in conditions})
    return {
        "kondisi": [(rules["kondisi"][k], totals[k]) for k in conditions],
        "per_desa": [
            {**row, "per_kondisi": [row[f"n_{k}"] for k in conditions]} for row in by_desa
        ],
        "label_kondisi": [rules["kondisi"][k] for k in conditions],
        "korban": victims.count(),
        "keluarga": families,
        "barang": items,
        "tagana": event.tagana.count(),
    }


def _is(kondisi: str) -> Q:
    return Q(kondisi=kondisi)
