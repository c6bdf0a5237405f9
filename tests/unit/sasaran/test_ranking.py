"""Welfare ranking: the shipped proxy-means model ranks unseen synthetic households close to
their true welfare; desil are tenths; missing data never makes a family look poorer."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from datusoban.sasaran.design import design, feature_names, make_up
from datusoban.sasaran.model import load_model, versions, write_model
from datusoban.sasaran.ranking import desil, fit, rank_households
from datusoban.synth.config import SynthConfig
from datusoban.synth.population import generate

AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def households() -> pl.DataFrame:
    """Households of a seed the shipped model never saw, with their make-up."""
    frames, members = [], []
    for chunk in generate(SynthConfig(people=20_000, seed=77)):
        frames.append(
            chunk.households.with_columns(kode_kabkota=pl.col("kode_wilayah").str.slice(0, 5))
        )
        members.append(
            chunk.persons.select(
                household="hh_key", tanggal_lahir="tanggal_lahir", disabilitas="disabilitas"
            )
        )
    made_up = make_up(pl.concat(members), AS_OF)
    return pl.concat(frames).join(made_up, left_on="hh_key", right_on="household", how="left")


def test_the_shipped_model_ranks_unseen_households_close_to_true_welfare(households):
    ranked = rank_households(households, load_model())
    correlation = ranked.select(pl.corr("skor", "true_welfare", method="spearman")).item()
    assert correlation > 0.8
    within_one = (ranked["desil"] - ranked["true_desil"]).abs().le(1).mean()
    assert within_one > 0.7


def test_desil_are_tenths_in_the_province_and_in_each_kabkota(households):
    ranked = rank_households(households, load_model())
    shares = ranked["desil"].value_counts(normalize=True)["proportion"]
    assert shares.len() == 10 and shares.is_between(0.095, 0.105).all()
    per_kab = ranked.group_by("kode_kabkota").agg(
        pl.col("desil_kabkota").min().alias("lo"), pl.col("desil_kabkota").max().alias("hi")
    )
    assert (per_kab["lo"] == 1).all() and (per_kab["hi"] == 10).all()


def test_ties_share_a_desil_and_the_poorest_tenth_is_desil_1():
    scores = pl.DataFrame({"s": [5.0, 1.0, 1.0, 9.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0]})
    out = scores.select(desil(pl.col("s"))).to_series().to_list()
    assert out == [6, 1, 1, 10, 4, 8, 3, 9, 5, 7]


def test_unknown_attributes_count_as_the_reference_never_as_poorer(households):
    row = households.head(1)
    blank = row.with_columns(
        [pl.lit(None, dtype=row[c].dtype).alias(c) for c in ("lantai", "dinding", "aset_kulkas")]
    )
    # The reference is the best category of each attribute (first in vocab), no asset.
    reference = row.with_columns(
        lantai=pl.lit("keramik"), dinding=pl.lit("tembok"), aset_kulkas=pl.lit(False)
    )
    assert design(blank).equals(design(reference))
    assert design(blank).null_count().sum_horizontal().item() == 0


def test_the_model_file_round_trips_and_refuses_unknown_weights(households, tmp_path):
    fitted = fit(households, households["true_welfare"], versi="uji", keterangan="uji")
    path = write_model(fitted, tmp_path / "uji.toml")
    again = load_model(path=path)
    assert again.bobot == pytest.approx(fitted.bobot, abs=1e-6)
    assert set(again.bobot) == set(feature_names())
    path.write_text(path.read_text() + '"aset_helikopter" = 1.0\n')
    with pytest.raises(ValueError, match="aset_helikopter"):
        load_model(path=path)
    assert "2025.1" in versions()
