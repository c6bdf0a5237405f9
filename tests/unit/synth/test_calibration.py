"""Calibration to the known Kalsel figures, at 200,000 people (slow)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import polars as pl
import pytest

from datusoban.reference import wilayah
from datusoban.synth import write_sources

FULL = 4_305_281
pytestmark = pytest.mark.slow


def test_kabkota_shares_follow_the_population_file(big):
    pop = {k.kode: k.jumlah for k in wilayah.kabkota_population("63")}
    total = big.persons.height
    got = big.people.group_by(pl.col("kode_wilayah").str.slice(0, 5).alias("kab")).len()
    chi2 = 0.0
    for kab, n in got.iter_rows():
        expected = total * pop[kab] / sum(pop.values())
        chi2 += (n - expected) ** 2 / expected
    assert set(got["kab"]) == set(pop)
    assert chi2 < 30  # 12 degrees of freedom; allocation is exact up to whole households


def test_people_and_pkh_and_desil_are_calibrated(big):
    people = big.config.people
    assert abs(big.persons.height - people) <= 0.01 * people
    pkh = big.households["pkh"].sum()
    expected = 111_671 * people / FULL
    assert abs(pkh - expected) <= 0.10 * expected
    shares = big.households["true_desil"].value_counts(normalize=True).sort("true_desil")
    assert shares["true_desil"].to_list() == list(range(1, 11))
    assert shares["proportion"].is_between(0.09, 0.11).all()
    size = big.households.height
    assert 3.45 < people / size < 3.75


def test_pendamping_caseload_and_lks(big):
    pkh = big.households.filter(pl.col("pkh"))
    n_pend = max(1, round(413 * big.config.people / FULL))
    assert pkh["pendamping_id"].n_unique() == n_pend
    assert pkh["pendamping_id"].is_between(1, n_pend).all()
    n_lks = max(1, round(199 * big.config.people / FULL))
    clients = big.persons.filter(pl.col("lks_id").is_not_null())
    assert clients["lks_id"].n_unique() == n_lks
    assert abs(clients.height - 20 * n_lks) <= 2 * n_lks


def test_lks_overlap_is_listed_by_both_lks(big, tmp_path):
    both = big.persons.filter(pl.col("lks_id_2").is_not_null())
    assert both.height > 0
    write_sources(big.config, big.chunks, tmp_path)
    truth = pl.read_csv(tmp_path / "truth" / "truth.csv", infer_schema=False)
    lks = truth.filter(pl.col("source") == "lks")
    second = lks.filter(pl.col("noise").fill_null("").str.contains("lks_second"))
    assert second["person_key"].n_unique() == both.filter(pl.col("status") != "meninggal").height
    first = lks.filter(~pl.col("noise").fill_null("").str.contains("lks_second"))
    assert second["person_key"].is_in(first["person_key"].implode()).all()


def test_generating_1m_people_stays_under_1gb():
    """Chunks are generated and dropped one by one: peak memory stays bounded."""
    code = textwrap.dedent(
        r"""
        import re, time
        from pathlib import Path
        from datusoban.synth import SynthConfig, generate
        t = time.perf_counter()
        n = sum(c.persons.height for c in generate(SynthConfig(people=1_000_000)))
        # VmHWM, not ru_maxrss: the latter keeps what the forking test process held.
        status = Path("/proc/self/status").read_text()
        rss = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
        print(n, rss, time.perf_counter() - t)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n, rss_mb, _seconds = out.stdout.split()
    assert abs(int(n) - 1_000_000) <= 10_000
    assert float(rss_mb) < 1024, f"peak RSS {rss_mb} MB"
