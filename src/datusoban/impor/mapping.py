"""Apply a profile to a file's table: the canonical interchange columns, set-based.

The row as received is kept whole (``row_json``: JSON of every original
column); the canonical columns are what validation and linkage read. Region names are
resolved to Kemendagri codes by a join against the reference data, PPKS
category names to numbers once per distinct value: never row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from datusoban.frames import map_unique
from datusoban.impor.profiles import CANONICAL, REQUIRED, Profile, find_header, header_key
from datusoban.impor.reading import RawTable, ReadError
from datusoban.impor.rules.formulas import FORMULAS, OTHER
from datusoban.reference import catalogue, wilayah

# Relation to the head of family, as written in the field -> registry code.
HUBUNGAN = {
    "KEPALA KELUARGA": "kepala", "KEPALA RUMAH TANGGA": "kepala", "KK": "kepala", "KRT": "kepala",
    "ISTRI": "istri", "ISTERI": "istri", "SUAMI": "suami",
    "ANAK": "anak", "ANAK KANDUNG": "anak", "ANAK TIRI": "anak", "ANAK ANGKAT": "anak",
    "MENANTU": "menantu", "CUCU": "cucu",
    "ORANG TUA": "orang_tua", "ORANGTUA": "orang_tua", "AYAH": "orang_tua", "IBU": "orang_tua",
    "MERTUA": "mertua", "FAMILI LAIN": "famili_lain", "FAMILI": "famili_lain",
    "LAINNYA": "lainnya", "PEMBANTU": "lainnya",
}  # fmt: skip
_REGION_PREFIX = (
    r"^(PROVINSI|PROV\.?|KABUPATEN|KAB\.?|KOTA|KECAMATAN|KEC\.?|DESA|KELURAHAN|KEL\.?)\s+"
)


class MissingColumnsError(Exception):
    """The file lacks columns the profile needs; nothing was imported."""

    code = "kolom_wajib_hilang"

    def __init__(self, missing: list[str], profile: Profile, headers: list[str]):
        self.missing = missing
        wanted = "; ".join(f"{m} ({' / '.join(profile.kolom.get(m, (m,)))})" for m in missing)
        super().__init__(
            f"Kolom wajib tidak ditemukan untuk profil '{profile.nama}': {wanted}. "
            f"Kolom di berkas: {', '.join(headers[:30])}."
        )


@dataclass(frozen=True)
class Mapped:
    frame: pl.DataFrame  # CANONICAL + the profile's extra fields + hubungan_norm + _row
    columns: dict[str, str]  # field -> the header it came from
    unmapped: list[str]  # headers kept only in the row as received
    received: pl.DataFrame  # the file's own columns, row for row with `frame`


def row_json(received: pl.DataFrame) -> pl.Series:
    """Each row as received, as JSON text of every original column (``data``).

    Built slice by slice at storage time rather than for the whole file up
    front: it is the costliest column to make, and only storage needs it.
    """
    return received.select(data=pl.struct(pl.all()).struct.json_encode()).to_series()


def _region_key(column: pl.Expr) -> pl.Expr:
    upper = column.str.to_uppercase().str.strip_chars()
    return upper.str.replace(_REGION_PREFIX, "").str.replace_all(r"[^A-Z0-9]", "")


@cache
def _desa_lookup() -> pl.DataFrame:
    names = {w.kode: w.nama for w in wilayah.all_regions()}
    rows = [
        (names.get(w.kode[:5], ""), names.get(w.kode[:8], ""), w.nama, w.kode)
        for w in wilayah.all_regions()
        if w.level == wilayah.DESA
    ]
    frame = pl.DataFrame(rows, schema=["kab", "kec", "desa", "kode"], orient="row")
    keyed = frame.select(
        _region_key(pl.col("kab")).alias("_kab"),
        _region_key(pl.col("kec")).alias("_kec"),
        _region_key(pl.col("desa")).alias("_desa"),
        "kode",
    )
    # A name that is not unique within its kecamatan stays unresolved rather than guessed.
    return keyed.unique(subset=["_kab", "_kec", "_desa"], keep="none")


def _codes_from_names(frame: pl.DataFrame, kab: str, kec: str, desa: str) -> pl.Series:
    keyed = frame.select(
        _region_key(pl.col(kab)).alias("_kab"),
        _region_key(pl.col(kec)).alias("_kec"),
        _region_key(pl.col(desa)).alias("_desa"),
        # Names given but not found are kept as written, so that validation
        # reports an unknown region instead of a missing one.
        pl.concat_str([pl.col(kab), pl.col(kec), pl.col(desa)], separator=" / ").alias("_tulis"),
    )
    joined = keyed.join(
        _desa_lookup(), on=["_kab", "_kec", "_desa"], how="left", maintain_order="left"
    )
    return joined.select(pl.coalesce("kode", "_tulis")).to_series()


@cache
def _ppks_by_name() -> dict[str, str]:
    return {re.sub(r"[^A-Z]", "", c.nama.upper()): str(c.kode) for c in catalogue.ppks_categories()}


def ppks_numbers(text: str) -> str:
    """'FAKIR MISKIN; Lanjut Usia Terlantar' -> '24,8'. A name not in the catalogue
    stays as written so that validation reports it."""
    parts = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
    return ",".join(_ppks_by_name().get(re.sub(r"[^A-Z]", "", p.upper()), p) for p in parts)


def map_table(raw: RawTable, profile: Profile) -> Mapped:
    """Canonical columns for every row of ``raw`` under ``profile``; raises
    MissingColumnsError when a required column is missing."""
    headers = list(raw.frame.columns)
    found = profile.match(headers)
    missing = [f for f in (*REQUIRED, *profile.tambahan_wajib) if f not in found]
    if missing:
        raise MissingColumnsError(missing, profile, headers)
    fields = [*CANONICAL, *(k for k in profile.kolom if k not in CANONICAL)]
    mapped = raw.frame.select(
        (pl.col(found[f]) if f in found else pl.lit(None, dtype=pl.Utf8)).alias(f) for f in fields
    )
    name_columns = [find_header(headers, [c]) for c in profile.wilayah_dari_nama]
    used = set(found.values())
    if "kode_wilayah" not in found and name_columns and all(name_columns):
        kab, kec, desa = name_columns[-3:]
        mapped = mapped.with_columns(kode_wilayah=_codes_from_names(raw.frame, kab, kec, desa))
        used |= set(name_columns)
    _refuse_repeated(raw, used, profile)
    if profile.ppks_dari_nama:
        mapped = mapped.with_columns(ppks=map_unique(mapped["ppks"], ppks_numbers, pl.Utf8))
    relation = (
        pl.col("hubungan_keluarga")
        .str.to_uppercase()
        .str.strip_chars()
        .str.replace_all(r"\s+", " ")
    )
    mapped = mapped.with_columns(
        hubungan_norm=relation.replace_strict(HUBUNGAN, default=None, return_dtype=pl.Utf8),
        _row=raw.row_numbers,
    )
    feeds = {header: field for field, header in found.items()}
    if "kode_wilayah" not in found and used - set(found.values()):
        feeds |= dict.fromkeys(used - set(found.values()), "kode_wilayah")  # region names
    mapped = _with_formulas(mapped, raw.formulas, feeds)
    return Mapped(mapped, found, [h for h in headers if h not in used], raw.frame)


def _refuse_repeated(raw: RawTable, used: set[str], profile: Profile) -> None:
    """ReadError when a column the import uses has a header written twice (or more).

    "nama" and "NAMA", or a header copied with its column: the profile takes
    the first and the other would be kept only as "nama (2)", though nothing
    says which holds the right values.
    """
    if not raw.headers:
        return
    keys = [header_key(h) for h in raw.headers]
    for position, column in enumerate(raw.frame.columns):
        if column not in used:
            continue
        same = [i + 1 for i, key in enumerate(keys) if key == keys[position]]
        if len(same) > 1:
            places = ", ".join(f"ke-{i}" for i in same)
            raise ReadError(
                "kolom_ganda",
                f"Berkas {raw.file_name}: judul kolom {raw.headers[position]!r} ada "
                f"{len(same)} kali (kolom {places}), dan profil '{profile.nama}' memakai kolom "
                "itu, sehingga tidak jelas kolom mana yang benar. Hapus kolom yang tidak "
                "dipakai atau ganti judulnya, lalu unggah ulang.",
                row=raw.header_row,
            )


def _with_formulas(
    mapped: pl.DataFrame, cells: pl.DataFrame, feeds: dict[str, str]
) -> pl.DataFrame:
    """`mapped` with FORMULAS: per row, the fields whose XLSX cell holds a formula.

    Only the columns the import uses count. A formula in a column it does not
    use is left alone: the import never reads that cell (the row as received
    keeps the value Excel computed, as text), and office sheets often carry
    helper columns such as a computed age or a count that say nothing about
    who the person is.
    """
    fields = [feeds.get(column) for column in cells["kolom"].to_list()] if cells.height else []
    if not any(fields):
        return mapped
    held = (
        cells.with_columns(
            field=pl.Series(
                [f if f is None or f in CANONICAL else OTHER for f in fields], dtype=pl.Utf8
            )
        )
        .drop_nulls("field")
        .group_by("baris")
        .agg(pl.col("field").unique().sort())
        .rename({"baris": "_row", "field": FORMULAS})
    )
    return mapped.join(held, on="_row", how="left", maintain_order="left")
