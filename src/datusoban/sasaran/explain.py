"""Every result explains itself (UU 27/2022 Art. 34: automated decisions must be
explainable): for one person or family and one programme, each rule with its
outcome (terpenuhi, tidak terpenuhi, tidak diketahui), how an unknown outcome was
counted, and the values it read, in Bahasa Indonesia.

Built from the same ``Assessment`` the bulk run produces (``eligibility.assess``
over the facts of that family alone), so it cannot disagree with it.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from datusoban.sasaran.benefits import describe
from datusoban.sasaran.components import CAP_TOTAL, component_column
from datusoban.sasaran.eligibility import Assessment, outcome_column
from datusoban.sasaran.rules.compiler import Input
from datusoban.sasaran.rules.vocabulary import KELUARGA, value_label

PASSED, FAILED, UNKNOWN = "terpenuhi", "tidak terpenuhi", "tidak diketahui"


class NotAssessedError(LookupError):
    """The person or family is not among the units judged (not a living current member)."""


def _outcome(value: bool | None) -> str:
    return UNKNOWN if value is None else PASSED if value else FAILED


def _values(inputs: tuple[Input, ...], row: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "fakta": i.column,
            "nama": i.label,
            "nilai": row.get(i.column),
            "teks": value_label(i.fact or "", row.get(i.column)),
        }
        for i in inputs
    ]


def _unit_row(assessment: Assessment, keluarga: int | None, orang: int | None) -> dict:
    units = assessment.units
    if assessment.rules.sasaran == KELUARGA:
        if keluarga is None and orang is not None and assessment.members is not None:
            found = assessment.members.filter(pl.col("orang") == orang)
            keluarga = found["keluarga"][0] if found.height else None
        match = units.filter(pl.col("keluarga") == keluarga) if keluarga is not None else None
    else:
        match = units.filter(pl.col("orang") == orang) if orang is not None else None
    if match is None or match.height == 0:
        raise NotAssessedError("tidak dinilai: bukan anggota hidup keluarga mana pun di registri")
    return match.row(0, named=True)


def _components(assessment: Assessment, keluarga: int) -> list[dict[str, Any]]:
    rules = assessment.rules
    members = assessment.members.filter(pl.col("keluarga") == keluarga).sort("orang")
    caps = {
        "maks_komponen": "melebihi batas anggota untuk komponen ini",
        CAP_TOTAL: f"melebihi batas {rules.params.get(CAP_TOTAL)} penerima per keluarga",
    }
    out = []
    for row in members.iter_rows(named=True):
        met = [
            {
                "kode": c.kode,
                "nama": c.nama,
                "syarat": c.syarat,
                "hasil": _outcome(row[component_column(c.kode)]),
                "nilai": _values(c.compiled.inputs, row),
            }
            for c in rules.components
        ]
        out.append(
            {
                "orang": row["orang"],
                "komponen": row["komponen"],
                "dihitung": row["dihitung"],
                "per_tahap": row["per_tahap"] if row["dihitung"] else 0,
                "per_tahun": row["per_tahun"] if row["dihitung"] else 0,
                "keterangan": caps.get(row["batas"], "") if row["komponen"] else "",
                "syarat_komponen": met,
            }
        )
    return out


def explain(
    assessment: Assessment, *, keluarga: int | None = None, orang: int | None = None
) -> dict[str, Any]:
    """The explanation of one unit of ``assessment``: the family ``keluarga`` (or the
    family of ``orang``) for a family programme, the person ``orang`` otherwise."""
    rules = assessment.rules
    row = _unit_row(assessment, keluarga, orang)
    judged = []
    for rule in rules.rules:
        value = row[outcome_column(rule.kode)]
        counted = value if value is not None else rule.bila_tidak_diketahui == "lulus"
        judged.append(
            {
                "kode": rule.kode,
                "uraian": rule.uraian,
                "syarat": rule.syarat,
                "hasil": _outcome(value),
                "dihitung_sebagai": PASSED if counted else FAILED,
                "bila_tidak_diketahui": rule.bila_tidak_diketahui,
                "nilai": _values(rule.compiled.inputs, row),
            }
        )
    explanation: dict[str, Any] = {
        "program": rules.program,
        "versi_aturan": rules.versi,
        "katalog": rules.katalog,
        "berkas_aturan": rules.file,
        "sasaran": rules.sasaran,
        "keluarga": row["keluarga"],
        "orang": row.get("orang", orang),
        "kode_kabkota": row["kode_kabkota"],
        "layak": row["layak"],
        "aturan": judged,
        "manfaat": {
            "rumus": describe(rules),
            "per_satuan": row["manfaat_per_satuan"],
            "per_tahun": row["manfaat_per_tahun"],
        },
        "ringkasan": summary(row["layak"], judged),
    }
    if rules.components:
        explanation["komponen"] = _components(assessment, row["keluarga"])
    return explanation


def summary(eligible: bool, judged: list[dict]) -> str:
    """One sentence: eligible, or the rules that refused and the values they read."""
    failed = [r for r in judged if r["dihitung_sebagai"] == FAILED]
    if eligible:
        unknown = [r["kode"] for r in judged if r["hasil"] == UNKNOWN]
        text = f"Layak: {len(judged)} aturan terpenuhi"
        if unknown:
            text += f" (tidak diketahui, dihitung terpenuhi: {', '.join(unknown)})"
        return text + "."
    reasons = []
    for r in failed:
        values = "; ".join(f"{v['nama']} = {v['teks']}" for v in r["nilai"])
        why = " (tidak diketahui)" if r["hasil"] == UNKNOWN else ""
        reasons.append(f"{r['uraian']}{why}" + (f" [{values}]" if values else ""))
    return "Tidak layak: " + "; ".join(reasons) + "."
