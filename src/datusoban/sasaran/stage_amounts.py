"""What each PKH family is due in each payment stage, by the rule file's components.

The one computation of PKH component amounts: eligibility (``eligibility.assess``)
and its explanations count components with ``components.assign`` over the rule
file ``aturan/<versi>/pkh.toml``; the payment stages (``program.stages``) take
their amounts from here, so a stage pays exactly what eligibility says the
family's benefit per tahap is on that stage's first day. ``programs`` cannot
import ``targeting`` (it sits below it), so the stage writers receive
``pkh_stage_amounts`` from their caller (an ``AmountFn``).

Members come as the registry has them (``programs.stages.MEMBER_SCHEMA``) and
become person facts with ``fact_columns.person_facts`` at each stage's first day:
one pass per stage (four a year), no loop over families. Only person facts are
made; a component that read a family fact or a PPKS status would find it
missing (the PKH rule file reads neither).
"""

from __future__ import annotations

import polars as pl

from datusoban.sasaran import components
from datusoban.sasaran import fact_columns as fc
from datusoban.sasaran.eligibility_services import programme_rules

PROGRAM = "PKH"
_EMPTY_PPKS = pl.DataFrame(schema=fc.PPKS_RAW)
_OUT = {"key": pl.Int64, "tahap": pl.Int64, "jumlah": pl.Int64, "rincian": pl.Utf8}


def _raw(members: pl.DataFrame) -> pl.DataFrame:
    """Registry member rows → ``fact_columns.PERSON_RAW`` (blank text is unknown)."""
    text = [c for c, t in fc.PERSON_RAW.items() if t == pl.String]
    frame = members.select(
        orang="orang",
        keluarga="key",
        jenis_kelamin="jenis_kelamin",
        tanggal_lahir="tanggal_lahir",
        hubungan="hubungan_keluarga",
        sekolah="sekolah",
        pendidikan="pendidikan",
        pekerjaan="pekerjaan",
        jenis_disabilitas="disabilitas",
        disabilitas_berat="disabilitas_berat",
        hamil="hamil",
        penyakit_kronis="penyakit_kronis",
        nik_16=(pl.col("nik").str.len_chars() == 16).cast(pl.Int64).fill_null(0),
    )
    return frame.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in text
    ).cast(fc.PERSON_RAW)


def pkh_stage_amounts(
    members: pl.DataFrame, periods: pl.DataFrame, *, versi: str | None = None
) -> pl.DataFrame:
    """PKH due per family and stage: ``key``, ``tahap``, ``jumlah``, ``rincian`` (JSON text:
    ``[{"komponen", "orang", "jumlah"}, ...]`` by component code).

    ``members``: living members (``programs.stages.MEMBER_SCHEMA``); ``periods``:
    ``tahap``, ``awal``. Rule set ``versi`` (default: the newest, as eligibility).
    Families with no component counted in a stage are absent from it."""
    rules = programme_rules(versi)[PROGRAM]
    raw = _raw(members)
    parts = []
    for tahap, awal in periods.select("tahap", "awal").iter_rows():
        persons = fc.person_facts(raw, _EMPTY_PPKS, awal)
        counted = components.assign(rules, persons).filter(pl.col("dihitung"))
        parts.append(
            counted.group_by("keluarga", "komponen")
            .agg(orang=pl.len().cast(pl.Int64), jumlah=pl.col("per_tahap").sum())
            .with_columns(tahap=pl.lit(tahap, dtype=pl.Int64))
        )
    per_component = pl.concat(parts) if parts else pl.DataFrame()
    if per_component.height == 0:
        return pl.DataFrame(schema=_OUT)
    return (
        per_component.sort("komponen")
        .group_by("keluarga", "tahap")
        .agg(
            jumlah=pl.col("jumlah").sum(),
            rincian=pl.struct("komponen", "orang", "jumlah"),
        )
        .with_columns(rincian=pl.col("rincian").list.eval(pl.element().struct.json_encode()))
        .with_columns(rincian=pl.lit("[") + pl.col("rincian").list.join(",") + pl.lit("]"))
        .select(key="keluarga", tahap="tahap", jumlah="jumlah", rincian="rincian")
        .sort("key", "tahap")
    )
