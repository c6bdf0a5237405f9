"""What the dashboard shows: counts, data quality and import activity per kab/kota, within
the user's scope.

Scope: a province-wide user sees every kab/kota; a kab/kota (or kecamatan) user sees the
row and tile of their own kab/kota, and the rest of the province only as province totals
(aggregates hold no one's personal data, and a kab/kota office needs to know its share).
Nothing is counted row by row, and nothing that grows with the registry is counted on a
view: people, families and PPKS come from the registry's summary per kab/kota
(registry.stats), programme coverage from the enrolment counts the database keeps
(programs.JumlahKepesertaan); import batches and quarantine are small tables, aggregated
with GROUP BY. A view costs the same few queries at 4.3 million people as at four.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Substr

from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.formatting import angka
from datusoban.impor.models import QuarantinedRow
from datusoban.laporan.views.tilemap import plain_name
from datusoban.program import rules as programme_rules
from datusoban.program.models import JumlahKepesertaan
from datusoban.registri.models import ImportBatch
from datusoban.registri.stats import KabKotaCounts, counts_per_kabkota
from datusoban.web import charts


@dataclass(frozen=True)
class Measure:
    label: str
    value: Callable[[dict], float | None]
    fmt: Callable[[float], str]


def _ratio(part: int, whole: int, scale: float) -> float | None:
    return round(scale * part / whole, 1) if whole else None


def _count(v: float) -> str:
    return angka(round(v))


def _decimal(v: float) -> str:
    return angka(v, 1)


# The values a tile map and the chart can show, by the name used in the URL (?nilai=).
MEASURES: dict[str, Measure] = {
    "orang": Measure("Orang di registri", lambda r: r["orang"], _count),
    "keluarga": Measure("Keluarga", lambda r: r["keluarga"], _count),
    "ppks": Measure("PPKS (kategori masih berlaku)", lambda r: r["ppks"], _count),
    "ppks_per_1000": Measure(
        "PPKS per 1.000 orang di registri", lambda r: _ratio(r["ppks"], r["orang"], 1000), _decimal
    ),
    "cakupan": Measure(
        "Cakupan registri (% penduduk Dukcapil)",
        lambda r: _ratio(r["orang"], r["penduduk"], 100),
        _decimal,
    ),
    "nik_valid": Measure(
        "NIK valid (% NIK terisi)", lambda r: _ratio(r["nik_valid"], r["nik_terisi"], 100), _decimal
    ),
    "diterima": Measure(
        "Baris impor diterima (%)", lambda r: _ratio(r["diterima"], r["baris"], 100), _decimal
    ),
    "kpm_pkh": Measure("KPM PKH", lambda r: r["kpm_pkh"], _count),
    "kpm_pkh_per_100": Measure(
        "KPM PKH per 100 keluarga", lambda r: _ratio(r["kpm_pkh"], r["keluarga"], 100), _decimal
    ),
    "kpm_bpnt": Measure("KPM BPNT", lambda r: r["kpm_bpnt"], _count),
    "kpm_bpnt_per_100": Measure(
        "KPM BPNT per 100 keluarga", lambda r: _ratio(r["kpm_bpnt"], r["keluarga"], 100), _decimal
    ),
}
# Program coverage on the dashboard (issue 5): KPM are the families receiving
# (terdaftar or ditangguhkan), counted from the enrolment table's counting index.
COVERAGE_PROGRAMMES = ("PKH", "BPNT")
DEFAULT_MEASURE = "orang"


def visible(scope: Scope | None, kode: str) -> bool:
    """Whether the per-kab/kota figures of ``kode`` are shown to a user of ``scope``."""
    if scope is None:
        return False
    return scope.wilayah == PROVINCE or scope.wilayah[:5] == kode


def _quality_per_kabkota() -> dict[str, dict]:
    """Rows received, accepted, quarantined and repeated, and open quarantine, per kab/kota
    of the sending source (national and provincial sources have none)."""
    batches = (
        ImportBatch.objects.filter(status=ImportBatch.Status.SELESAI, source__wilayah__isnull=False)
        .values(kabkota=Substr("source__wilayah", 1, 5))
        .annotate(
            batch=Count("id"),
            baris=Sum("jumlah_baris"),
            diterima=Sum("diterima"),
            karantina=Sum("karantina"),
            duplikat=Sum("duplikat"),
            # From each batch's stored quality report: NIKs filled in and valid.
            nik_terisi=Sum(Cast(KT("laporan__nik__terisi"), IntegerField())),
            nik_valid=Sum(Cast(KT("laporan__nik__valid"), IntegerField())),
        )
    )
    out = {b["kabkota"]: {**b, "terbuka": 0} for b in batches}
    open_rows = (
        QuarantinedRow.objects.filter(
            status=QuarantinedRow.Status.TERBUKA, batch__source__wilayah__isnull=False
        )
        .values(kabkota=Substr("batch__source__wilayah", 1, 5))
        .annotate(n=Count("id"))
    )
    for q in open_rows:
        out.setdefault(q["kabkota"], {})["terbuka"] = q["n"]
    return out


def _kpm_per_kabkota() -> dict[str, dict[str, int]]:
    """KPM of each programme of ``COVERAGE_PROGRAMMES`` per kab/kota, from the counts the
    database keeps beside the enrolments (programs.JumlahKepesertaan: exact, and a few
    rows per kab/kota instead of every enrolment of the province on each view)."""
    rows = (
        JumlahKepesertaan.objects.filter(
            program_id__in=COVERAGE_PROGRAMMES, status__in=programme_rules.RECEIVING
        )
        .values_list("kode_kabkota", "program_id")
        .annotate(n=Sum("jumlah"))
    )
    out: dict[str, dict[str, int]] = {}
    for kode, program, n in rows:
        out.setdefault(kode, {})["kpm_" + program.lower()] = n
    return out


def _row(counts: KabKotaCounts, quality: dict, kpm: dict) -> dict:
    return {
        "kode": counts.kode,
        "nama": counts.nama,
        "penduduk": counts.penduduk,
        "keluarga": counts.keluarga,
        "orang": counts.orang,
        "ppks": counts.ppks,
        "batch": quality.get("batch", 0),
        "baris": quality.get("baris") or 0,
        "diterima": quality.get("diterima") or 0,
        "karantina": quality.get("karantina") or 0,
        "duplikat": quality.get("duplikat") or 0,
        "nik_terisi": quality.get("nik_terisi") or 0,
        "nik_valid": quality.get("nik_valid") or 0,
        "terbuka": quality.get("terbuka", 0),
        **{f"kpm_{p.lower()}": kpm.get(f"kpm_{p.lower()}", 0) for p in COVERAGE_PROGRAMMES},
    }


def _with_rates(row: dict) -> dict:
    per_100 = {
        f"kpm_{p.lower()}_per_100": _ratio(row[f"kpm_{p.lower()}"], row["keluarga"], 100)
        for p in COVERAGE_PROGRAMMES
    }
    return {**row, "nik_valid_persen": nik_valid_rate(row), **per_100}


def kabkota_rows() -> list[dict]:
    """Every kab/kota of the province with its counts and import quality."""
    quality, kpm = _quality_per_kabkota(), _kpm_per_kabkota()
    return [
        _with_rates(_row(c, quality.get(c.kode, {}), kpm.get(c.kode, {})))
        for c in counts_per_kabkota(PROVINCE)
    ]


def totals(rows: list[dict]) -> dict:
    keys = ("penduduk", "keluarga", "orang", "ppks", "batch", "baris", "diterima", "karantina",
            "duplikat", "nik_terisi", "nik_valid", "terbuka", "kpm_pkh", "kpm_bpnt")  # fmt: skip
    total = {k: sum(r[k] for r in rows) for k in keys}
    return _with_rates(total)


def nik_valid_rate(row: dict) -> float | None:
    """Valid NIKs as a percentage of the NIKs filled in, None when there were none."""
    return _ratio(row["nik_valid"], row["nik_terisi"], 100)


def recent_batches(scope: Scope | None, limit: int = 10):
    """The latest import batches a user of ``scope`` is shown: everything province-wide;
    for a kab/kota user, their kab/kota's sources and the national/provincial ones."""
    batches = ImportBatch.objects.select_related("source").order_by("-mulai")
    if scope is None:
        return batches.none()
    if scope.wilayah != PROVINCE:
        kabkota = scope.wilayah[:5]
        batches = batches.filter(
            Q(source__wilayah__isnull=True) | Q(source__wilayah__kode__startswith=kabkota)
        )
    return batches[:limit]


def bars(rows: list[dict], measure: Measure) -> list[dict]:
    """A horizontal bar per row: its length (0-100, of the largest) and its label."""
    values = [measure.value(r) for r in rows]
    return [
        {
            "kode": r["kode"],
            "nama": plain_name(r["nama"]),
            # Text, not a float: the template would write "54,2" in the id locale.
            "panjang": panjang,
            "teks": "—" if v is None else measure.fmt(v),
        }
        for r, v, panjang in zip(rows, values, charts.lengths(values), strict=True)
    ]
