"""The data a proposal carries for SIKS-NG (a person not yet in the registry, or the values
an update changes), checked by the import's own rules (impor.rules: NIK, No KK, dates,
region inside the kab/kota, lengths), not by rules of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from datusoban.impor.profiles import CANONICAL
from datusoban.impor.rules.codes import RULES
from datusoban.impor.rules.context import RuleContext
from datusoban.impor.rules.validate import validate
from datusoban.reference import vocab

# The fields a proposal may carry, as the import names them.
FIELDS = (
    "nama", "nik", "no_kk", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan_keluarga", "alamat", "rt", "rw", "kode_wilayah",
)  # fmt: skip
# What SIKS-NG needs of someone it does not know yet.
REQUIRED_NEW = ("nama", "nik", "no_kk", "jenis_kelamin", "tanggal_lahir", "alamat")
LABELS = {
    "nama": "Nama", "nik": "NIK", "no_kk": "No. KK", "jenis_kelamin": "Jenis kelamin",
    "tempat_lahir": "Tempat lahir", "tanggal_lahir": "Tanggal lahir",
    "nama_ibu_kandung": "Nama ibu kandung", "hubungan_keluarga": "Hubungan keluarga",
    "alamat": "Alamat", "rt": "RT", "rw": "RW", "kode_wilayah": "Desa/kelurahan",
}  # fmt: skip
_RELATION = dict(vocab.HUBUNGAN_KELUARGA)


@dataclass(frozen=True)
class Checked:
    data: dict[str, str]  # the values as they will be stored (normalised where checked)
    errors: dict[str, list[str]]  # field ("" for the row as a whole) -> messages


def check(values: dict[str, str], kabkota: str, as_of: date, *, new: bool) -> Checked:
    """``values`` (FIELDS as text; a date as YYYY-MM-DD) checked as one imported row of a
    kab/kota register of ``kabkota`` would be; ``new``: the fields SIKS-NG needs of a
    person it does not know are required."""
    given = {f: str(values.get(f) or "").strip() for f in FIELDS}
    errors: dict[str, list[str]] = {}
    if new:
        for field in REQUIRED_NEW:
            if not given[field]:
                errors.setdefault(field, []).append(f"{LABELS[field]} wajib diisi untuk SIKS-NG.")
    row = {c: None for c in CANONICAL} | {"record_id": "usulan"}
    row |= {f: v or None for f, v in given.items()}
    if given["hubungan_keluarga"]:
        row["hubungan_keluarga"] = _RELATION.get(
            given["hubungan_keluarga"], given["hubungan_keluarga"]
        )
    frame = pl.DataFrame({k: [v] for k, v in row.items()}, schema={k: pl.Utf8 for k in row})
    context = RuleContext.default(as_of, source_kabkota=kabkota)
    checked = validate(frame.with_columns(_row=pl.lit(1, dtype=pl.Int64)), context).row(
        0, named=True
    )
    for code in checked["errors"]:
        rule = RULES[code]
        field = rule.field if rule.field in FIELDS else ""
        errors.setdefault(field, []).append(rule.message)
    data = {f: v for f, v in given.items() if v}
    for field, norm in (("nik", "nik_norm"), ("no_kk", "no_kk_norm")):
        if checked[norm]:
            data[field] = checked[norm]
    if checked["tanggal_lahir_norm"] is not None:
        data["tanggal_lahir"] = checked["tanggal_lahir_norm"].isoformat()
    return Checked(data, errors)
