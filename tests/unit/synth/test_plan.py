"""The run plan: allocations, chunking, ids and welfare deciles (no generation needed)."""

from __future__ import annotations

import numpy as np
import pytest

from datusoban.reference import wilayah
from datusoban.synth import welfare
from datusoban.synth.config import SynthConfig
from datusoban.synth.plan import apportion, make_plan

FULL = 4_305_281


def test_apportion_keeps_the_total_and_proportions():
    got = apportion(1000, [1, 2, 3, 4])
    assert got.sum() == 1000
    assert list(got) == [100, 200, 300, 400]
    assert apportion(7, [1, 1, 1]).sum() == 7
    assert apportion(0, [1, 2]).sum() == 0


@pytest.mark.parametrize("people", [1_000, 10_000, 250_000, FULL])
def test_counts_follow_the_formulas(people):
    plan = make_plan(SynthConfig(people=people))
    assert plan.n_pendamping == max(1, round(413 * people / FULL))
    assert plan.n_lks == max(1, round(199 * people / FULL))
    assert len(plan.uptd) == 6
    assert sum(c.people for c in plan.chunks) == people


def test_full_scale_is_split_into_chunks_of_at_most_300k():
    plan = make_plan(SynthConfig(people=FULL))
    assert max(c.people for c in plan.chunks) <= 300_000
    assert {c.kabkota for c in plan.chunks} == {k.kode for k in wilayah.kabkota_population("63")}
    # Parts of one kab/kota cover disjoint desa (and so disjoint kecamatan).
    by_kab: dict[str, set[str]] = {}
    for c in plan.chunks:
        kec = {d[:8] for d in c.desa}
        assert not by_kab.get(c.kabkota, set()) & kec
        by_kab.setdefault(c.kabkota, set()).update(kec)
    assert sum(len(c.desa) for c in plan.chunks) == len(wilayah.within("63", wilayah.DESA))


def test_pendamping_and_lks_ids_belong_to_one_kabkota_at_full_scale():
    plan = make_plan(SynthConfig(people=FULL))
    owner: dict[int, str] = {}
    for c in plan.chunks:
        for i in c.pendamping_ids:
            assert owner.setdefault(i, c.kabkota) == c.kabkota
    assert set(owner) == set(range(1, 414))
    lks = [i for c in plan.chunks for i in c.lks_ids]
    assert sorted(lks) == list(range(1, 200))
    assert all(plan.lks_kabkota[i] == c.kabkota for c in plan.chunks for i in c.lks_ids)


def test_uptd_quota_scales_but_keeps_a_few_residents():
    small = make_plan(SynthConfig(people=10_000))
    full = make_plan(SynthConfig(people=FULL))
    assert [sum(c.uptd_quota[j] for c in small.chunks) for j in range(6)] == [3] * 6
    assert [sum(c.uptd_quota[j] for c in full.chunks) for j in range(6)] == [50] * 6
    desa = {w.kode for w in wilayah.within("63", wilayah.DESA)}
    assert all(u["kode_wilayah"] in desa for u in full.uptd)


def test_desil_cuts_are_the_mixture_deciles():
    plan = make_plan(SynthConfig(people=50_000))
    cuts = plan.desil_cuts
    assert np.all(np.diff(cuts) > 0)
    means = np.array([14.0, 14.4])
    got = welfare.mixture_quantiles(means, np.array([3.0, 1.0]), 0.5)
    shares = [welfare.share_below(c, means, [3.0, 1.0], 0.5) for c in got]
    assert np.allclose(shares, np.arange(1, 10) / 10, atol=1e-6)


def test_flooded_kecamatan_are_real_and_seeded():
    kec = {w.kode for w in wilayah.within("63", wilayah.KECAMATAN)}
    a = make_plan(SynthConfig(people=10_000, seed=1)).flooded_kecamatan
    assert a and a <= kec
    assert a == make_plan(SynthConfig(people=10_000, seed=1)).flooded_kecamatan
