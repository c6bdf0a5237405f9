"""Allocation under a budget: choose a programme's recipients by need, lowest welfare first.

Pure Polars over the eligible units of one programme (``allocation_services``
reads them from the registry): one sort and a running sum, no loop per unit.

The policy, stated once:

- **Need order.** The desil the rules read (DTSEN's when an export carried it,
  otherwise ours), then our proxy-means score (lower is poorer), then the unit's
  id, so that a tie never depends on the order rows were read. An unranked unit
  (no desil, no score) comes after every ranked one.
- **No jumping the queue.** The budget funds a prefix of the need order: when
  the next unit's cost does not fit, allocation stops there, even if a cheaper,
  less needy unit further down would fit. What is left is ``sisa``, and that
  first unit left out is "the next rupiah": its cost and how much more would
  fund it (``berikutnya``).
- **Units already enrolled** (an open enrolment of the programme) follow
  ``peserta``: ``lanjut`` funds them first as continuing recipients, then new
  units by need; ``kecualikan`` leaves them out (the budget is for new
  recipients only); ``bersaing`` ranks everyone by need alone.
- **Quotas per kab/kota** (``Quota``): a share of the budget (``porsi``), an
  amount (``rupiah``) or a number of units (``jumlah``). Each kab/kota funds its
  own units in need order within its quota. A kab/kota with too few eligible
  units leaves quota unused (reported per kab/kota); with ``redistribusi`` all
  money (or, for ``jumlah``, all slots) left unused goes to the neediest units
  still unfunded anywhere in the province, in the same need order.

A budget in units instead of rupiah (``--jumlah N``: programmes without an amount
in the catalogue) is the same computation with every unit costing 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from datusoban.formatting import rupiah

LANJUT, KECUALIKAN, BERSAING = "lanjut", "kecualikan", "bersaing"
POLICIES = (LANJUT, KECUALIKAN, BERSAING)
PORSI, RUPIAH, JUMLAH = "porsi", "rupiah", "jumlah"
QUOTA_KINDS = (PORSI, RUPIAH, JUMLAH)
# Why a unit was not chosen.
ANGGARAN, KUOTA, SUDAH_TERDAFTAR = "anggaran", "kuota", "sudah_terdaftar"

UNITS_SCHEMA = {
    "unit": pl.Int64,  # household id (family programmes) or person id
    "keluarga": pl.Int64,
    "kode_kabkota": pl.String,
    "biaya": pl.Int64,  # what the unit takes from the budget (rupiah a year, or 1)
    "nilai": pl.Int64,  # rupiah a year; null for programmes without an amount
    "anggota": pl.Int64,  # people in the unit
    "desil": pl.Int64,
    "skor": pl.Float64,
    "peserta": pl.Boolean,  # holds an open enrolment of the programme
}


class AllocationError(ValueError):
    """An allocation that cannot be computed; the message is for the user."""

    def __init__(self, kode: str, pesan: str):
        super().__init__(pesan)
        self.kode = kode
        self.pesan = pesan


@dataclass(frozen=True)
class Quota:
    jenis: str  # porsi | rupiah | jumlah
    nilai: Mapping[str, Decimal]  # kode kab/kota -> share, rupiah or units
    redistribusi: bool

    def limits(self, anggaran: int) -> dict[str, int]:
        """Each kab/kota's limit: budget (porsi, rupiah) or units (jumlah)."""
        if self.jenis == PORSI:
            return {k: int(Decimal(anggaran) * v) for k, v in self.nilai.items()}
        return {k: int(v) for k, v in self.nilai.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "jenis": self.jenis,
            "nilai": {k: _number(v) for k, v in sorted(self.nilai.items())},
            "redistribusi": self.redistribusi,
        }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Allocation:
    """``units``: every eligible unit in need order (``urutan`` 1..n) with ``dipilih``,
    ``tahap`` (1, or 2 when funded by redistributed quota) and ``alasan`` (why not
    chosen). ``per_kabkota``: one row per kab/kota with units or a quota."""

    anggaran: int
    quota: Quota | None
    peserta: str
    units: pl.DataFrame
    per_kabkota: pl.DataFrame
    sisa: int
    berikutnya: dict[str, Any] | None

    def totals(self) -> dict[str, Any]:
        u = self.units
        chosen = u.filter(pl.col("dipilih"))
        with_amount = bool(u["nilai"].is_not_null().any())
        return {
            "anggaran": self.anggaran,
            "layak": u.height,
            "sudah_terdaftar": int(u["peserta"].sum()),
            "dipilih": chosen.height,
            "dipilih_lanjut": int(chosen["peserta"].sum()),
            "dipilih_baru": int((~chosen["peserta"]).sum()),
            "dari_redistribusi": int((chosen["tahap"] == 2).sum()),
            "tersisih": int(u["alasan"].is_in([ANGGARAN, KUOTA]).sum()),
            "dikecualikan": int((u["alasan"] == SUDAH_TERDAFTAR).sum()),
            "orang": int(chosen["anggota"].sum()),
            "keluarga": chosen["keluarga"].n_unique(),
            "biaya": int(chosen["biaya"].sum()),
            "manfaat_per_tahun": int(chosen["nilai"].sum()) if with_amount else None,
            "sisa": self.sisa,
        }


def need_order(units: pl.DataFrame, peserta: str = LANJUT) -> pl.DataFrame:
    """``units`` sorted by need (see the module notes), with ``urutan`` from 1."""
    if peserta not in POLICIES:
        raise AllocationError(
            "kebijakan_tidak_dikenal",
            f"Kebijakan peserta {peserta!r} tidak dikenal; pilih {', '.join(POLICIES)}.",
        )
    first = pl.col("peserta") if peserta == LANJUT else pl.lit(False)
    return (
        units.with_columns(_prioritas=~first)
        .sort(["_prioritas", "desil", "skor", "unit"], nulls_last=True)
        .drop("_prioritas")
        .with_row_index("urutan", offset=1)
        .with_columns(pl.col("urutan").cast(pl.Int64))
    )


def _check(units: pl.DataFrame, anggaran: int) -> None:
    if anggaran < 0:
        raise AllocationError("anggaran_negatif", "Anggaran tidak boleh negatif.")
    if units.filter(pl.col("biaya").is_null() | (pl.col("biaya") <= 0)).height:
        raise AllocationError(
            "biaya_tidak_diketahui",
            "Ada unit layak tanpa biaya (nominal manfaat 0 atau tidak diketahui); "
            "alokasi per rupiah tidak dapat dihitung.",
        )


def _prefix(cost: pl.Expr, within: pl.Expr, limit: pl.Expr | int) -> pl.Expr:
    """Units of ``within`` funded in order until the first one that does not fit."""
    running = pl.when(within).then(cost).otherwise(0).cum_sum()
    return within & (running <= limit)


def allocate(
    units: pl.DataFrame,
    anggaran: int,
    *,
    kuota: Quota | None = None,
    peserta: str = LANJUT,
) -> Allocation:
    """Choose among ``units`` (``UNITS_SCHEMA``, the eligible units) within ``anggaran``."""
    _check(units, anggaran)
    ordered = need_order(units, peserta)
    excluded = pl.col("peserta") if peserta == KECUALIKAN else pl.lit(False)
    frame = ordered.with_columns(_calon=~excluded)
    calon, cost = pl.col("_calon"), pl.col("biaya")
    limits = kuota.limits(anggaran) if kuota else {}
    if kuota is not None and kuota.jenis == RUPIAH and sum(limits.values()) > anggaran:
        raise AllocationError(
            "kuota_melebihi_anggaran",
            f"Jumlah kuota rupiah ({_rp(sum(limits.values()))}) melebihi anggaran "
            f"({_rp(anggaran)}).",
        )
    limit = pl.col("kode_kabkota").replace_strict(limits, default=0, return_dtype=pl.Int64)
    if kuota is None:
        frame = frame.with_columns(_dalam=calon, _pilih1=_prefix(cost, calon, anggaran))
    elif kuota.jenis == JUMLAH:
        rank = pl.when(calon).then(calon.cast(pl.Int64).cum_sum().over("kode_kabkota"))
        frame = frame.with_columns(_dalam=calon & (rank <= limit))
        frame = frame.with_columns(_pilih1=_prefix(cost, pl.col("_dalam"), anggaran))
    else:  # porsi or rupiah: each kab/kota's own budget
        running = pl.when(calon).then(cost).otherwise(0).cum_sum().over("kode_kabkota")
        frame = frame.with_columns(_dalam=calon, _pilih1=calon & (running <= limit))
    spent1 = int(frame.filter(pl.col("_pilih1"))["biaya"].sum())
    pool = anggaran - spent1
    second = pl.lit(False)
    if kuota is not None and kuota.redistribusi:
        rest = calon & ~pl.col("_pilih1")
        second = _prefix(cost, rest, pool)
        if kuota.jenis == JUMLAH:
            slots = _unused_slots(frame, limits)
            second = second & (rest.cast(pl.Int64).cum_sum() <= slots)
    frame = frame.with_columns(_pilih2=second)
    quota_bound = kuota is not None and (kuota.jenis != JUMLAH)
    frame = frame.with_columns(
        dipilih=pl.col("_pilih1") | pl.col("_pilih2"),
        tahap=pl.when(pl.col("_pilih1"))
        .then(1)
        .when(pl.col("_pilih2"))
        .then(2)
        .otherwise(None)
        .cast(pl.Int8),
    ).with_columns(
        alasan=pl.when(pl.col("dipilih"))
        .then(None)
        .when(~calon)
        .then(pl.lit(SUDAH_TERDAFTAR))
        .when(~pl.col("_dalam") | quota_bound)
        .then(pl.lit(KUOTA))
        .otherwise(pl.lit(ANGGARAN))
    )
    sisa = anggaran - int(frame.filter(pl.col("dipilih"))["biaya"].sum())
    per_kabkota = _per_kabkota(frame, kuota, limits)
    result = frame.select(*ordered.columns, "dipilih", "tahap", "alasan")
    nxt = _next_unit(result, per_kabkota, kuota, sisa)
    return Allocation(anggaran, kuota, peserta, result, per_kabkota, sisa, nxt)


def _unused_slots(frame: pl.DataFrame, limits: Mapping[str, int]) -> int:
    """Slots of a ``jumlah`` quota that a kab/kota could not fill for want of units."""
    have = dict(
        frame.filter(pl.col("_calon")).group_by("kode_kabkota").len().iter_rows()
    )  # fmt: skip
    return sum(max(0, n - have.get(k, 0)) for k, n in limits.items())


def _per_kabkota(frame: pl.DataFrame, kuota: Quota | None, limits: dict[str, int]) -> pl.DataFrame:
    chosen, first = pl.col("dipilih"), pl.col("_pilih1")
    counted = kuota is not None and kuota.jenis == JUMLAH
    rows = frame.group_by("kode_kabkota").agg(
        layak=pl.len().cast(pl.Int64),
        sudah_terdaftar=pl.col("peserta").sum().cast(pl.Int64),
        dipilih=chosen.sum().cast(pl.Int64),
        dipilih_lanjut=(chosen & pl.col("peserta")).sum().cast(pl.Int64),
        dipilih_baru=(chosen & ~pl.col("peserta")).sum().cast(pl.Int64),
        dari_redistribusi=pl.col("_pilih2").sum().cast(pl.Int64),
        tersisih=(pl.col("_calon") & ~chosen).sum().cast(pl.Int64),
        orang=pl.col("anggota").filter(chosen).sum().cast(pl.Int64),
        biaya=pl.col("biaya").filter(chosen).sum().cast(pl.Int64),
        manfaat_per_tahun=pl.col("nilai").filter(chosen).sum().cast(pl.Int64),
        _nilai_ada=pl.col("nilai").is_not_null().any(),
        # What pass 1 took from the kab/kota's quota: units for jumlah, else rupiah.
        _terpakai=(first.sum() if counted else pl.col("biaya").filter(first).sum()).cast(pl.Int64),
        _semua=(pl.col("_calon") & ~first).sum() == 0,
    )
    if kuota is not None:
        listed = pl.DataFrame(
            {"kode_kabkota": list(limits), "kuota": list(limits.values())},
            schema={"kode_kabkota": pl.String, "kuota": pl.Int64},
        )
        rows = rows.join(listed, on="kode_kabkota", how="full", coalesce=True)
        kept = ("kode_kabkota", "kuota", "manfaat_per_tahun", "_nilai_ada", "_semua")
        zero = [c for c in rows.columns if c not in kept]
        rows = rows.with_columns(
            pl.col(zero).fill_null(0).cast(pl.Int64),
            pl.col("kuota").fill_null(0),
            _semua=pl.col("_semua").fill_null(True),
            _nilai_ada=pl.col("_nilai_ada").fill_null(False),
        )
        unused = (pl.col("kuota") - pl.col("_terpakai")).clip(lower_bound=0)
        rows = rows.with_columns(
            sisa_kuota=unused,
            # Quota a kab/kota could not use because every eligible unit was funded.
            kuota_tak_terpakai=pl.when(pl.col("_semua")).then(unused).otherwise(0),
        )
    else:
        rows = rows.with_columns(
            kuota=pl.lit(None, pl.Int64),
            sisa_kuota=pl.lit(None, pl.Int64),
            kuota_tak_terpakai=pl.lit(None, pl.Int64),
        )
    rows = rows.with_columns(
        manfaat_per_tahun=pl.when(pl.col("_nilai_ada").cast(pl.Boolean))
        .then(pl.col("manfaat_per_tahun").fill_null(0))
        .otherwise(None)
    )
    return rows.drop("_nilai_ada", "_terpakai", "_semua").sort("kode_kabkota")


def _next_unit(
    units: pl.DataFrame, per_kabkota: pl.DataFrame, kuota: Quota | None, sisa: int
) -> dict[str, Any] | None:
    """The first unit left out for money or quota, and what more would fund it."""
    left = units.filter(pl.col("alasan").is_in([ANGGARAN, KUOTA]))
    if left.height == 0:
        return None
    row = left.row(0, named=True)
    available = sisa
    if kuota is not None and not kuota.redistribusi and kuota.jenis != JUMLAH:
        # Without redistribution only its own kab/kota's quota can fund it.
        own = per_kabkota.filter(pl.col("kode_kabkota") == row["kode_kabkota"])
        available = int(own["sisa_kuota"][0]) if own.height else 0
    return {
        "unit": row["unit"],
        "keluarga": row["keluarga"],
        "kode_kabkota": row["kode_kabkota"],
        "urutan": row["urutan"],
        "desil": row["desil"],
        "skor": row["skor"],
        "biaya": row["biaya"],
        "tersedia": available,
        "kurang": max(0, row["biaya"] - available),
        "alasan": row["alasan"],
    }


def compare(
    units: pl.DataFrame,
    budgets: Iterable[int],
    *,
    kuota: Quota | None = None,
    peserta: str = LANJUT,
) -> list[dict[str, Any]]:
    """The totals of the allocation under each of ``budgets``, side by side."""
    return [allocate(units, b, kuota=kuota, peserta=peserta).totals() for b in budgets]


def extra(allocation: Allocation, units: pl.DataFrame, tambahan: int) -> dict[str, Any]:
    """What ``tambahan`` more budget would buy: the units, people and cost it adds."""
    more = allocate(
        units, allocation.anggaran + tambahan, kuota=allocation.quota, peserta=allocation.peserta
    )
    before, after = allocation.totals(), more.totals()
    return {
        "tambahan": tambahan,
        "dipilih": after["dipilih"] - before["dipilih"],
        "orang": after["orang"] - before["orang"],
        "biaya": after["biaya"] - before["biaya"],
        "sisa": after["sisa"],
    }


def _rp(value: int) -> str:
    return rupiah(value)
