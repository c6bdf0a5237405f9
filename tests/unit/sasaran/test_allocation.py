"""Allocation under a budget, as tables: need order and ties, the budget at a unit's cost,
zero budget, budget above all need, units already enrolled, quotas with a short
kab/kota (with and without redistribution), count quotas, the next rupiah."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from datusoban.sasaran.allocation import (
    ANGGARAN,
    BERSAING,
    JUMLAH,
    KECUALIKAN,
    KUOTA,
    LANJUT,
    PORSI,
    RUPIAH,
    SUDAH_TERDAFTAR,
    UNITS_SCHEMA,
    AllocationError,
    Quota,
    allocate,
    compare,
    extra,
    need_order,
)


def units(*rows) -> pl.DataFrame:
    """rows: (unit, kab/kota, cost, desil, score, enrolled); a family of 3 people each."""
    return pl.DataFrame(
        [
            {"unit": u, "keluarga": u, "kode_kabkota": k, "biaya": c, "nilai": c, "anggota": 3,
             "desil": d, "skor": s, "peserta": p}
            for u, k, c, d, s, p in rows
        ],
        schema=UNITS_SCHEMA,
    )  # fmt: skip


# Five families in two kab/kota; need order: 2, 1, 4, 3, 5.
FIVE = units(
    (1, "63.71", 300, 1, 11.5, False),
    (2, "63.71", 200, 1, 11.0, False),
    (3, "63.72", 100, 3, 12.0, False),
    (4, "63.72", 400, 2, 11.8, False),
    (5, "63.72", 100, 4, 12.5, False),
)


def chosen(allocation) -> list[int]:
    return allocation.units.filter(pl.col("dipilih"))["unit"].to_list()


@pytest.mark.parametrize(
    ("budget", "expected", "sisa", "next_unit", "kurang"),
    [
        (0, [], 0, 2, 200),  # nothing funded: the neediest is the next unit
        (199, [], 199, 2, 1),  # one rupiah short of the first unit
        (200, [2], 0, 1, 300),  # exactly the first unit's cost
        (500, [2, 1], 0, 4, 400),  # exactly two units
        (850, [2, 1], 350, 4, 50),  # 4 does not fit; 3 and 5 would, but never jump the queue
        (900, [2, 1, 4], 0, 3, 100),
        (1_100, [2, 1, 4, 3, 5], 0, None, None),  # exactly all need
        (5_000, [2, 1, 4, 3, 5], 3_900, None, None),  # above all need: the rest stays
    ],
)
def test_the_budget_funds_the_need_order_until_the_first_unit_that_does_not_fit(
    budget, expected, sisa, next_unit, kurang
):
    result = allocate(FIVE, budget)
    assert chosen(result) == expected
    assert result.sisa == sisa
    assert result.totals()["biaya"] == budget - sisa
    if next_unit is None:
        assert result.berikutnya is None
    else:
        assert (result.berikutnya["unit"], result.berikutnya["kurang"]) == (next_unit, kurang)
        assert result.berikutnya["tersedia"] == sisa
        assert result.berikutnya["alasan"] == ANGGARAN
        # "The next rupiah": exactly `kurang` more funds that unit, one less does not.
        assert next_unit in chosen(allocate(FIVE, budget + kurang))
        assert next_unit not in chosen(allocate(FIVE, budget + kurang - 1))


def test_ties_are_broken_by_score_then_id_whatever_the_input_order():
    tied = units(
        (9, "63.71", 10, 2, 11.0, False),
        (3, "63.71", 10, 2, 11.0, False),
        (7, "63.71", 10, 2, 10.5, False),
        (5, "63.71", 10, 1, 12.0, False),
        (1, "63.71", 10, None, None, False),  # unranked: last
    )
    for frame in (tied, tied.reverse(), tied.sample(fraction=1.0, shuffle=True, seed=3)):
        assert need_order(frame)["unit"].to_list() == [5, 7, 3, 9, 1]
        assert chosen(allocate(frame, 30)) == [5, 7, 3]


def test_units_already_enrolled_follow_the_policy():
    frame = FIVE.with_columns(peserta=pl.col("unit") == 5)  # the least needy is enrolled
    lanjut = allocate(frame, 300, peserta=LANJUT)
    assert chosen(lanjut) == [5, 2]  # continuing first, then the neediest new unit
    assert {"dipilih_lanjut": 1, "dipilih_baru": 1}.items() <= lanjut.totals().items()
    kecualikan = allocate(frame, 300, peserta=KECUALIKAN)
    assert chosen(kecualikan) == [2]
    left = kecualikan.units.filter(pl.col("unit") == 5)
    assert left["alasan"].to_list() == [SUDAH_TERDAFTAR]
    assert kecualikan.totals()["dikecualikan"] == 1
    assert chosen(allocate(frame, 300, peserta=BERSAING)) == [2]
    with pytest.raises(AllocationError):
        allocate(frame, 300, peserta="acak")


SHORT = units(  # 63.72 has a single eligible unit
    (1, "63.71", 100, 1, 11.0, False),
    (2, "63.71", 100, 2, 11.5, False),
    (3, "63.71", 100, 3, 12.0, False),
    (4, "63.72", 100, 2, 11.2, False),
)


def share(**shares) -> dict[str, Decimal]:
    return {k.replace("_", "."): Decimal(str(v)) for k, v in shares.items()}


def test_a_short_kabkota_leaves_its_quota_unused_without_redistribution():
    quota = Quota(PORSI, share(**{"63_71": 0.5, "63_72": 0.5}), redistribusi=False)
    result = allocate(SHORT, 400, kuota=quota)
    assert chosen(result) == [1, 4, 2]
    rows = {r["kode_kabkota"]: r for r in result.per_kabkota.iter_rows(named=True)}
    assert (rows["63.72"]["kuota"], rows["63.72"]["sisa_kuota"]) == (200, 100)
    assert rows["63.72"]["kuota_tak_terpakai"] == 100  # every unit of 63.72 funded
    assert rows["63.71"]["kuota_tak_terpakai"] == 0  # 63.71 ran out of quota, not of units
    assert result.sisa == 100
    # Unit 3 is left out for its kab/kota's quota; only 63.71's own quota can fund it.
    expected = {"unit": 3, "alasan": KUOTA, "tersedia": 0, "kurang": 100}
    assert expected.items() <= result.berikutnya.items()


def test_a_short_kabkotas_unused_quota_goes_to_the_neediest_elsewhere_with_redistribution():
    quota = Quota(PORSI, share(**{"63_71": 0.5, "63_72": 0.5}), redistribusi=True)
    result = allocate(SHORT, 400, kuota=quota)
    assert chosen(result) == [1, 4, 2, 3]
    assert result.units.filter(pl.col("unit") == 3)["tahap"].to_list() == [2]
    assert result.totals()["dari_redistribusi"] == 1
    assert result.sisa == 0 and result.berikutnya is None


def test_an_unlisted_kabkota_gets_nothing_and_a_listed_one_without_units_shows_its_quota():
    quota = Quota(RUPIAH, {"63.71": Decimal(200), "63.01": Decimal(150)}, redistribusi=False)
    result = allocate(SHORT, 400, kuota=quota)
    assert chosen(result) == [1, 2]
    rows = {r["kode_kabkota"]: r for r in result.per_kabkota.iter_rows(named=True)}
    assert rows["63.72"]["kuota"] == 0 and rows["63.72"]["tersisih"] == 1
    assert {"layak": 0, "kuota": 150, "kuota_tak_terpakai": 150}.items() <= rows["63.01"].items()
    with pytest.raises(AllocationError, match="melebihi anggaran"):
        allocate(SHORT, 300, kuota=quota)


def test_count_quotas_cap_each_kabkota_and_redistribute_unused_slots():
    quota = Quota(JUMLAH, {"63.71": Decimal(1), "63.72": Decimal(3)}, redistribusi=False)
    result = allocate(SHORT, 10_000, kuota=quota)
    assert chosen(result) == [1, 4]
    assert result.units.filter(pl.col("unit") == 2)["alasan"].to_list() == [KUOTA]
    spread = allocate(SHORT, 10_000, kuota=Quota(JUMLAH, quota.nilai, redistribusi=True))
    assert chosen(spread) == [1, 4, 2, 3]  # 63.72 could fill only 1 of its 3 slots
    tight = allocate(SHORT, 250, kuota=Quota(JUMLAH, quota.nilai, redistribusi=True))
    assert chosen(tight) == [1, 4]
    assert tight.units.filter(pl.col("unit") == 2)["alasan"].to_list() == [KUOTA]


def test_a_budget_in_units_allocates_by_count():
    frame = FIVE.with_columns(biaya=pl.lit(1, pl.Int64), nilai=pl.lit(None, pl.Int64))
    result = allocate(frame, 3)
    assert chosen(result) == [2, 1, 4]
    assert result.totals()["manfaat_per_tahun"] is None
    assert {"unit": 3, "kurang": 1}.items() <= result.berikutnya.items()


def test_refusals():
    with pytest.raises(AllocationError, match="negatif"):
        allocate(FIVE, -1)
    with pytest.raises(AllocationError, match="tanpa biaya"):
        allocate(FIVE.with_columns(biaya=pl.lit(0, pl.Int64)), 100)


def test_budgets_side_by_side_and_what_more_would_buy():
    rows = compare(FIVE, [0, 500, 2_000])
    assert [r["dipilih"] for r in rows] == [0, 2, 5]
    assert [r["tersisih"] for r in rows] == [5, 3, 0]
    assert [r["orang"] for r in rows] == [0, 6, 15]
    base = allocate(FIVE, 500)
    more = extra(base, FIVE, 500)
    assert more == {"tambahan": 500, "dipilih": 2, "orang": 6, "biaya": 500, "sisa": 0}
    assert allocate(FIVE, 1_000).totals()["dipilih"] == base.totals()["dipilih"] + 2


def test_per_kabkota_rows_add_up_to_the_totals():
    result = allocate(FIVE, 900)
    table = result.per_kabkota
    totals = result.totals()
    for column in ("layak", "dipilih", "tersisih", "orang", "biaya"):
        assert table[column].sum() == totals[column]
