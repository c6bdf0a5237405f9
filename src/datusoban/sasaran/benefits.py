"""What an eligible unit receives, from the catalogue version's amounts.

Per the rule file's ``[manfaat]``: ``komponen`` (PKH: the counted components'
amounts per tahap and per year, summed by ``components.family_totals``),
``per_satuan`` (an amount per month, day, house or KK, times the units a year,
shared by ``bagi`` units: a KUBE's amount among its 10 KK), or ``tanpa_nominal``
(the catalogue holds no amount: ATENSI, alat bantu). Units not eligible get 0.
"""

from __future__ import annotations

import polars as pl

from datusoban.formatting import rupiah
from datusoban.sasaran.rules.loader import ProgrammeRules

COLUMNS = ("manfaat_per_satuan", "manfaat_per_tahun")


def with_benefits(frame: pl.DataFrame, rules: ProgrammeRules) -> pl.DataFrame:
    """``frame`` (with ``layak``) with ``manfaat_per_satuan`` (per tahap for
    components; per month, day, house or KK otherwise, a KK's share of its group)
    and ``manfaat_per_tahun``; null without amounts."""
    spec = rules.benefit
    eligible = pl.col("layak")
    if spec.rumus == "komponen":
        per_unit = pl.col("manfaat_per_tahap")
        per_year = pl.col("manfaat_per_tahun")
    elif spec.rumus == "per_satuan":
        per_unit = pl.lit(spec.jumlah // spec.bagi)
        per_year = pl.lit(spec.jumlah * spec.kali // spec.bagi)
    else:
        none = pl.lit(None, dtype=pl.Int64)
        return frame.with_columns(manfaat_per_satuan=none, manfaat_per_tahun=none)
    frame = frame.with_columns(
        manfaat_per_satuan=pl.when(eligible).then(per_unit).otherwise(0).cast(pl.Int64),
        manfaat_per_tahun=pl.when(eligible).then(per_year).otherwise(0).cast(pl.Int64),
    )
    return frame.drop([c for c in ("manfaat_per_tahap",) if c in frame.columns])


def describe(rules: ProgrammeRules) -> str:
    """The benefit rule in words, for explanations and command output."""
    spec = rules.benefit
    if spec.rumus == "komponen":
        return f"jumlah komponen yang dihitung, per tahap ({rules.tahap_per_tahun} tahap setahun)"
    if spec.rumus == "per_satuan":
        if spec.bagi != 1:
            share = spec.jumlah // spec.bagi
            text = f"{rupiah(spec.jumlah)} dibagi {spec.bagi} {spec.satuan}"
            text += f" = {rupiah(share)} per {spec.satuan}"
        else:
            text = f"{rupiah(spec.jumlah)} per {spec.satuan}"
        if spec.kali != 1:
            text += f" × {spec.kali} {spec.satuan} setahun"
        return text
    return spec.keterangan or "tanpa nominal di katalog"
