"""PKH-style components: which members of a family receive one, within the caps.

Each member gets at most one component, the one paying most per year when several
apply (file order breaks a tie). Then the caps of the rule file and catalogue: at
most ``maks`` members of a family per component (2 pregnancies, 2 young
children), taking members in registry order (lowest id first); and at most
``maks_penerima_komponen`` members in all, the highest amounts first. Set-based:
two sorts of the candidates, no loop over families.
"""

from __future__ import annotations

import polars as pl

from datusoban.sasaran.rules.loader import ProgrammeRules

CAP_TOTAL = "maks_penerima_komponen"


def component_column(kode: str) -> str:
    return f"komponen:{kode}"


def assign(rules: ProgrammeRules, persons: pl.DataFrame) -> pl.DataFrame:
    """Per person of ``persons``: each component's condition (``komponen:<kode>``, null
    when unknown), the component chosen (``komponen``), its amounts, whether it is
    counted (``dihitung``) and, when it is not, which cap left it out (``batas``)."""
    comps = rules.components
    lenient = rules.bila_tidak_diketahui == "lulus"
    conditions = [c.compiled.expr.alias(component_column(c.kode)) for c in comps]
    inputs = sorted({i.column for c in comps for i in c.compiled.inputs})
    frame = persons.select("orang", "keluarga", *inputs, *conditions)
    ordered = sorted(enumerate(comps), key=lambda ic: (-ic[1].per_tahun, ic[0]))
    chosen = pl.lit(None, dtype=pl.String)
    for _, comp in reversed(ordered):
        met = pl.col(component_column(comp.kode)).fill_null(lenient)
        chosen = pl.when(met).then(pl.lit(comp.kode)).otherwise(chosen)
    per_tahun = {c.kode: c.per_tahun for c in comps}
    per_tahap = {c.kode: c.per_tahap for c in comps}
    caps = {c.kode: c.maks for c in comps if c.maks is not None}
    frame = frame.with_columns(komponen=chosen).with_columns(
        per_tahun=pl.col("komponen").replace_strict(per_tahun, default=0, return_dtype=pl.Int64),
        per_tahap=pl.col("komponen").replace_strict(per_tahap, default=0, return_dtype=pl.Int64),
    )
    total_cap = rules.params.get(CAP_TOTAL)
    candidates = frame.filter(pl.col("komponen").is_not_null()).select(
        "orang", "keluarga", "komponen", "per_tahun"
    )
    # Cap per component: the family's members with it, in registry order.
    candidates = candidates.sort("keluarga", "komponen", "orang").with_columns(
        urutan=_position("keluarga", "komponen"),
        maks=pl.col("komponen").replace_strict(caps, default=None, return_dtype=pl.Int64),
    )
    within = pl.col("maks").is_null() | (pl.col("urutan") < pl.col("maks"))
    candidates = candidates.with_columns(
        batas=pl.when(within).then(None).otherwise(pl.lit("maks_komponen"))
    )
    if total_cap is not None:
        # Cap for the family: the highest amounts first among those still in.
        kept = candidates.filter(pl.col("batas").is_null())
        kept = kept.sort("keluarga", "per_tahun", "orang", descending=[False, True, False])
        over = kept.filter(_position("keluarga") >= total_cap).select("orang")
        candidates = candidates.with_columns(
            batas=pl.when(pl.col("orang").is_in(over["orang"].implode()))
            .then(pl.lit(CAP_TOTAL))
            .otherwise(pl.col("batas"))
        )
    marks = candidates.select("orang", "batas", dihitung=pl.col("batas").is_null())
    return frame.join(marks, on="orang", how="left").with_columns(
        dihitung=pl.col("dihitung").fill_null(False)
    )


def _position(*keys: str) -> pl.Expr:
    """0-based position of each row within its run of equal ``keys`` (rows sorted by
    them). Plain column arithmetic: a window (``.over``) over hundreds of thousands
    of small families is several times slower."""
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    starts = pl.any_horizontal([pl.col(k) != pl.col(k).shift(1) for k in keys]).fill_null(True)
    return row - pl.when(starts).then(row).otherwise(None).forward_fill()


def family_totals(members: pl.DataFrame) -> pl.DataFrame:
    """Per family: members counted, and the amounts per tahap and per year."""
    counted = members.filter(pl.col("dihitung"))
    return counted.group_by("keluarga").agg(
        penerima_komponen=pl.len().cast(pl.Int64),
        manfaat_per_tahap=pl.col("per_tahap").sum(),
        manfaat_per_tahun=pl.col("per_tahun").sum(),
    )
