"""The disaster dashboard: per kab/kota in the user's scope, the events by kind and status,
victims by condition, families served and not yet served per logistics item, Tagana
deployed and stock left. Counts only, no names.

Every figure is one GROUP BY over the whole scope (eight queries however many events,
victims or deliveries there are). A victim and the families are counted where the victim
lives; an event, its Tagana and its stock where the event is scoped (the kab/kota of its
first affected desa). A family is counted once per event: the same household hit by two
events needs help twice.
"""

from __future__ import annotations

from datetime import date

from django.db.models import CharField, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.bencana.access import all_victims_for, disasters_for
from datusoban.bencana.models import Bencana, PenugasanTagana, PenyaluranLogistik, StokLogistik
from datusoban.kasus import policy
from datusoban.reference.models import Region


def _family(prefix: str = "") -> Concat:
    """One family of one event, as one value a COUNT(DISTINCT) can take."""
    return Concat(
        Cast(f"{prefix}bencana_id", CharField()), Value(":"), f"{prefix}kunci_keluarga",
        output_field=CharField(),
    )  # fmt: skip


def _events(user) -> QuerySet[Bencana]:
    """The events the user sees whose own kab/kota lies in the user's scope."""
    scope = scope_of(user)
    if scope is None:
        return Bencana.objects.none()
    events = disasters_for(user)
    if scope.wilayah != PROVINCE:
        events = events.filter(kode_kabkota=scope.wilayah[:5])
    return events


def _row(rows: dict, kode: str, rules: dict) -> dict:
    if kode not in rows:
        rows[kode] = {
            "kode_kabkota": kode, "nama": kode, "kejadian": 0,
            "per_status": dict.fromkeys(Bencana.Status.values, 0),
            "per_jenis": dict.fromkeys(rules["jenis"], 0),
            "korban": 0, "keluarga": 0,
            "per_kondisi": dict.fromkeys(rules["kondisi"], 0),
            "tagana": 0, "tagana_aktif": 0,
            "barang": {
                code: {"barang": code, "label": item["label"], "satuan": item["satuan"],
                       "keluarga_dilayani": 0, "keluarga_belum": 0, "diterima": 0,
                       "disalurkan": 0, "sisa": 0}
                for code, item in rules["barang"].items()
            },
        }  # fmt: skip
    return rows[kode]


def dashboard(user, today: date) -> list[dict]:
    """One row per kab/kota (sorted by code): the figures above; ``today`` decides which
    Tagana deployments are still running."""
    rules = policy.disaster_rules()
    rows: dict[str, dict] = {}
    events = _events(user)
    for r in events.order_by().values("kode_kabkota", "jenis", "status").annotate(n=Count("pk")):
        row = _row(rows, r["kode_kabkota"], rules)
        row["kejadian"] += r["n"]
        row["per_status"][r["status"]] = row["per_status"].get(r["status"], 0) + r["n"]
        row["per_jenis"][r["jenis"]] = row["per_jenis"].get(r["jenis"], 0) + r["n"]
    victims = all_victims_for(user)
    by_condition = victims.order_by().values("kode_kabkota", "kondisi").annotate(n=Count("pk"))
    for r in by_condition:
        row = _row(rows, r["kode_kabkota"], rules)
        row["korban"] += r["n"]
        row["per_kondisi"][r["kondisi"]] = row["per_kondisi"].get(r["kondisi"], 0) + r["n"]
    families = victims.order_by().values("kode_kabkota").annotate(n=Count(_family(), distinct=True))
    for r in families:
        _row(rows, r["kode_kabkota"], rules)["keluarga"] = r["n"]
    served = (
        PenyaluranLogistik.objects.filter(korban__in=victims.values("pk"))
        .order_by()
        .values("korban__kode_kabkota", "barang")
        .annotate(n=Count(_family(), distinct=True))
    )
    for r in served:
        item = _row(rows, r["korban__kode_kabkota"], rules)["barang"].get(r["barang"])
        if item is not None:
            item["keluarga_dilayani"] = r["n"]
    tagana = (
        PenugasanTagana.objects.filter(bencana__in=events.values("pk"))
        .order_by()
        .values("bencana__kode_kabkota")
        .annotate(
            n=Count("pk"),
            aktif=Count("pk", filter=Q(mulai__lte=today) & (Q(selesai__isnull=True)
                                                             | Q(selesai__gte=today))),
        )
    )  # fmt: skip
    for r in tagana:
        row = _row(rows, r["bencana__kode_kabkota"], rules)
        row["tagana"], row["tagana_aktif"] = r["n"], r["aktif"]
    for model, key in ((StokLogistik, "diterima"), (PenyaluranLogistik, "disalurkan")):
        sums = (
            model.objects.filter(bencana__in=events.values("pk"))
            .order_by()
            .values("bencana__kode_kabkota", "barang")
            .annotate(n=Sum("jumlah"))
        )
        for r in sums:
            item = _row(rows, r["bencana__kode_kabkota"], rules)["barang"].get(r["barang"])
            if item is not None:
                item[key] = r["n"]
    names = dict(Region.objects.filter(kode__in=list(rows)).values_list("kode", "nama"))
    for row in rows.values():
        row["nama"] = names.get(row["kode_kabkota"], row["kode_kabkota"])
        for item in row["barang"].values():
            item["sisa"] = item["diterima"] - item["disalurkan"]
            item["keluarga_belum"] = row["keluarga"] - item["keluarga_dilayani"]
    return [rows[k] for k in sorted(rows)]
