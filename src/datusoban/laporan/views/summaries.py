"""The kab/kota summary report: for each kab/kota in the user's scope, the dashboard's
figures (people, families, PPKS, registry coverage of the Dukcapil population, import
quality, NIK validity), PPKS per category and the welfare ranking's desil distribution.

Aggregates only: counts per kab/kota, never a person. The scope rule is the dashboard's
(``dashboard.visible``): a province-wide user gets all 13 kab/kota, a kab/kota or
kecamatan user their own. Every figure is a GROUP BY in the database, so the number of
queries does not grow with the registry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl
from django.db.models import Count

from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.formatting import angka
from datusoban.laporan.views import figures as dashboard
from datusoban.registri.models import PersonPPKS
from datusoban.sasaran.models import PeringkatKeluarga

DESIL = range(1, 11)
SOURCE_NOTE = (
    "Sumber: registri Datu Soban, Dinas Sosial Provinsi Kalimantan Selatan; "
    "penduduk: Dukcapil semester II 2024."
)


@dataclass
class KabKotaSummary:
    row: dict  # a dashboard row (dashboard.kabkota_rows) with its rates
    ppks: list[tuple[int, str, int]] = field(default_factory=list)  # (kode, kategori, orang)
    desil: dict[int, int] = field(default_factory=dict)  # desil → households; empty: no ranking
    versi: str | None = None  # the ranking's model version


def count_text(value: int | None) -> str:
    return "—" if value is None else angka(value)


def percent_text(value: float | None) -> str:
    return "—" if value is None else angka(value, 1) + "%"


def rates(row: dict) -> dict[str, float | None]:
    """The dashboard's ratios of one row, by measure name (cakupan, ppks_per_1000, ...)."""
    return {name: m.value(row) for name, m in dashboard.MEASURES.items()}


def rows_in_scope(scope: Scope | None) -> list[dict]:
    """The dashboard rows of the kab/kota whose figures a user of ``scope`` may get."""
    return [r for r in dashboard.kabkota_rows() if dashboard.visible(scope, r["kode"])]


def _ppks_per_category(kodes: list[str]) -> dict[str, list[tuple[int, str, int]]]:
    """Living people with an open PPKS category, per kab/kota and category, most first
    (the dashboard's PPKS count, split by category: a person may count in several)."""
    counted = (
        PersonPPKS.objects.filter(
            selesai__isnull=True,
            person__status="hidup",
            person__household__kode_kabkota__in=kodes,
        )
        .values("person__household__kode_kabkota", "kategori_id", "kategori__nama")
        .annotate(n=Count("person", distinct=True))
    )
    out: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for c in counted:
        out[c["person__household__kode_kabkota"]].append(
            (c["kategori_id"], c["kategori__nama"], c["n"])
        )
    return {k: sorted(v, key=lambda c: (-c[2], c[0])) for k, v in out.items()}


def latest_ranking() -> str | None:
    """The model version of the most recent welfare ranking, None before any."""
    return (
        PeringkatKeluarga.objects.order_by("-dihitung_pada", "-pk")
        .values_list("versi", flat=True)
        .first()
    )


def _desil_per_kabkota(kodes: list[str], versi: str) -> dict[str, dict[int, int]]:
    """Households per province desil (1 poorest .. 10), per kab/kota."""
    counted = (
        PeringkatKeluarga.objects.filter(versi=versi, household__kode_kabkota__in=kodes)
        .values("household__kode_kabkota", "desil")
        .annotate(n=Count("pk"))
    )
    out: dict[str, dict[int, int]] = defaultdict(dict)
    for c in counted:
        out[c["household__kode_kabkota"]][c["desil"]] = c["n"]
    return out


def summaries(scope: Scope | None, kode: str | None = None) -> list[KabKotaSummary]:
    """The summary of every kab/kota in scope, or of ``kode`` alone (none if outside)."""
    rows = [r for r in rows_in_scope(scope) if kode is None or r["kode"] == kode]
    kodes = [r["kode"] for r in rows]
    if not kodes:
        return []
    ppks = _ppks_per_category(kodes)
    versi = latest_ranking()
    desil = _desil_per_kabkota(kodes, versi) if versi else {}
    return [
        KabKotaSummary(r, ppks.get(r["kode"], []), desil.get(r["kode"], {}), versi) for r in rows
    ]


def key_figures(row: dict) -> list[tuple[str, str]]:
    """(label, text) of the headline figures of one kab/kota, as the PDF shows them."""
    r = rates(row)
    return [
        ("Penduduk (Dukcapil)", count_text(row["penduduk"])),
        ("Orang di registri", count_text(row["orang"])),
        ("Cakupan registri", percent_text(r["cakupan"])),
        ("Keluarga", count_text(row["keluarga"])),
        ("PPKS (kategori masih berlaku)", count_text(row["ppks"])),
        ("PPKS per 1.000 orang", "—" if r["ppks_per_1000"] is None
         else angka(r["ppks_per_1000"], 1)),
        ("Baris impor diterima", f"{count_text(row['diterima'])} dari {count_text(row['baris'])}"),
        ("NIK valid (% NIK terisi)", percent_text(row["nik_valid_persen"])),
        ("Karantina masih terbuka", count_text(row["terbuka"])),
        ("Batch impor", count_text(row["batch"])),
    ]  # fmt: skip


def _table(summary: list[KabKotaSummary], province_wide: bool) -> pl.DataFrame:
    rows = [s.row for s in summary]
    if province_wide:
        rows = [
            *rows,
            {**dashboard.totals(rows), "kode": PROVINCE, "nama": "Provinsi Kalimantan Selatan"},
        ]
    return pl.DataFrame(
        [
            {
                "kode": r["kode"],
                "kabupaten_kota": r["nama"],
                "penduduk_dukcapil": r["penduduk"],
                "keluarga": r["keluarga"],
                "orang": r["orang"],
                "cakupan_persen": rates(r)["cakupan"],
                "ppks": r["ppks"],
                "ppks_per_1000": rates(r)["ppks_per_1000"],
                "baris_diterima_persen": rates(r)["diterima"],
                "nik_valid_persen": r["nik_valid_persen"],
            }
            for r in rows
        ],
        schema_overrides={c: pl.Float64 for c in ("cakupan_persen", "ppks_per_1000",
                                                  "baris_diterima_persen", "nik_valid_persen")},
    )  # fmt: skip


def _quality(summary: list[KabKotaSummary]) -> pl.DataFrame:
    keys = ("batch", "baris", "diterima", "karantina", "duplikat", "nik_terisi", "nik_valid")
    return pl.DataFrame(
        [
            {"kode": s.row["kode"], "kabupaten_kota": s.row["nama"],
             **{k: s.row[k] for k in keys}, "karantina_terbuka": s.row["terbuka"]}
            for s in summary
        ]
    )  # fmt: skip


def _ppks(summary: list[KabKotaSummary]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"kode": s.row["kode"], "kabupaten_kota": s.row["nama"], "kode_kategori": kode,
             "kategori": nama, "orang": n}
            for s in summary
            for kode, nama, n in s.ppks
        ],
        schema={"kode": pl.Utf8, "kabupaten_kota": pl.Utf8, "kode_kategori": pl.Int64,
                "kategori": pl.Utf8, "orang": pl.Int64},
    )  # fmt: skip


def _desil(summary: list[KabKotaSummary]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"kode": s.row["kode"], "kabupaten_kota": s.row["nama"], "versi_model": s.versi,
             **{f"desil_{d}": s.desil.get(d, 0) for d in DESIL},
             "keluarga_diperingkat": sum(s.desil.values())}
            for s in summary
        ],
        schema_overrides={"versi_model": pl.Utf8},
    )  # fmt: skip


def summary_sheets(
    summary: list[KabKotaSummary], *, province_wide: bool, produced: str, by: str
) -> dict[str, pl.DataFrame]:
    """The workbook: the table of every kab/kota, then one sheet per detail, then notes."""
    notes = [
        ("Laporan", "Ringkasan kabupaten/kota (agregat, tanpa data pribadi)"),
        ("Dibuat", produced),
        ("Oleh", by),
        ("Cakupan", "Seluruh provinsi" if province_wide else ", ".join(
            s.row["nama"] for s in summary)),
        ("Sumber", SOURCE_NOTE),
        ("Orang, PPKS", "Orang yang masih hidup; PPKS: orang dengan kategori yang masih "
                        "berlaku (satu orang dapat masuk beberapa kategori)."),
        ("Mutu impor", "Dari berkas yang dikirim sumber kabupaten/kota; sumber nasional dan "
                       "provinsi tidak memiliki kabupaten/kota."),
        ("Desil", "Desil provinsi (1 termiskin) dari peringkat kesejahteraan terbaru; kosong "
                  "bila belum ada peringkat kesejahteraan."),
    ]  # fmt: skip
    return {
        "Ringkasan": _table(summary, province_wide),
        "Mutu impor": _quality(summary),
        "PPKS per kategori": _ppks(summary),
        "Desil": _desil(summary),
        "Keterangan": pl.DataFrame(notes, schema=["butir", "keterangan"], orient="row"),
    }
