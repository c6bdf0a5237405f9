"""The disaster dashboard per kab/kota and its XLSX: counts only (no names or NIKs), so any
role may take them, each within its own scope."""

from __future__ import annotations

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from datusoban.bencana.dashboard import dashboard
from datusoban.bencana.models import Bencana
from datusoban.kasus import policy
from datusoban.web.permissions import viewer_required
from datusoban.web.xlsx import xlsx_response


@viewer_required
def disaster_dashboard(request: HttpRequest) -> HttpResponse:
    rules = policy.disaster_rules()
    rows = dashboard(request.user, timezone.localdate())
    for row in rows:
        row["status_list"] = [row["per_status"].get(s, 0) for s in Bencana.Status.values]
        kinds = row["per_jenis"].items()
        row["jenis_list"] = [(rules["jenis"].get(j, j), n) for j, n in kinds if n]
        row["kondisi_list"] = [row["per_kondisi"].get(k, 0) for k in rules["kondisi"]]
    context = {
        "rows": rows,
        "statuses": Bencana.Status.labels,
        "conditions": list(rules["kondisi"].values()),
    }
    return render(request, "bencana/dasbor.html", context)


@viewer_required
def disaster_dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    rules = policy.disaster_rules()
    rows = dashboard(request.user, timezone.localdate())
    place = [("kode_kabkota", pl.Utf8), ("kabkota", pl.Utf8)]
    events = pl.DataFrame(
        [
            {
                "kode_kabkota": r["kode_kabkota"], "kabkota": r["nama"], "kejadian": r["kejadian"],
                **{f"status_{s}": r["per_status"].get(s, 0) for s in Bencana.Status.values},
                **{f"jenis_{j}": r["per_jenis"].get(j, 0) for j in rules["jenis"]},
                "tagana": r["tagana"], "tagana_aktif": r["tagana_aktif"],
            }
            for r in rows
        ],
        schema=dict(
            place + [("kejadian", pl.Int64)]
            + [(f"status_{s}", pl.Int64) for s in Bencana.Status.values]
            + [(f"jenis_{j}", pl.Int64) for j in rules["jenis"]]
            + [("tagana", pl.Int64), ("tagana_aktif", pl.Int64)]
        ),
    )  # fmt: skip
    victims = pl.DataFrame(
        [
            {"kode_kabkota": r["kode_kabkota"], "kabkota": r["nama"], "korban": r["korban"],
             "keluarga": r["keluarga"],
             **{k: r["per_kondisi"].get(k, 0) for k in rules["kondisi"]}}
            for r in rows
        ],
        schema=dict(
            place + [("korban", pl.Int64), ("keluarga", pl.Int64)]
            + [(k, pl.Int64) for k in rules["kondisi"]]
        ),
    )  # fmt: skip
    numbers = ["keluarga_dilayani", "keluarga_belum", "diterima", "disalurkan", "sisa"]
    logistics = pl.DataFrame(
        [
            {"kode_kabkota": r["kode_kabkota"], "kabkota": r["nama"], "barang": i["barang"],
             "satuan": i["satuan"], **{n: i[n] for n in numbers}}
            for r in rows
            for i in r["barang"].values()
        ],
        schema=dict(
            place + [("barang", pl.Utf8), ("satuan", pl.Utf8)] + [(n, pl.Int64) for n in numbers]
        ),
    )  # fmt: skip
    return xlsx_response(
        {"kejadian": events, "korban": victims, "logistik": logistics}, "dasbor-bencana.xlsx"
    )
