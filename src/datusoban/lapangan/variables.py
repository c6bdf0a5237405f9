"""The household variables a visit confirms: the registry's socio-economic variables, with
the registry's own vocabulary (the choices of each Household field), and their checks.

Address fields (alamat, RT, RW) are held to the import's own limits (impor/rules/limits.toml,
the rule an imported row's address meets: no other import rule reads a typed value of
them); a choice must be one of the registry's codes; the floor area a whole number within
``LUAS_MAKS``.
"""

from __future__ import annotations

from datusoban.impor.rules.limits import limits
from datusoban.registri.models import Household

ADDRESS = ("alamat", "rt", "rw")
CHOICES = (
    "status_bangunan", "status_lahan", "lantai", "dinding", "atap", "sumber_air",
    "penerangan", "bahan_bakar_masak", "fasilitas_bab",
)  # fmt: skip
ASSETS = (
    "aset_lpg", "aset_kulkas", "aset_ac", "aset_motor", "aset_mobil", "aset_emas",
    "aset_smartphone", "aset_komputer", "aset_perahu", "aset_ternak", "aset_lahan",
)  # fmt: skip
AREA = "luas_lantai"
FIELDS = (*ADDRESS, AREA, *CHOICES, *ASSETS)
# The largest floor area taken as written (m²); above it a typing slip is more likely.
LUAS_MAKS = 10_000
_ASSET_LABELS = {
    "aset_lpg": "Tabung gas 5,5 kg atau lebih", "aset_kulkas": "Lemari es",
    "aset_ac": "AC", "aset_motor": "Sepeda motor", "aset_mobil": "Mobil",
    "aset_emas": "Emas/perhiasan (10 gram atau lebih)", "aset_smartphone": "Telepon pintar",
    "aset_komputer": "Komputer/laptop", "aset_perahu": "Perahu/perahu motor",
    "aset_ternak": "Ternak", "aset_lahan": "Lahan",
}  # fmt: skip
_LABELS = {"alamat": "Alamat", "rt": "RT", "rw": "RW"}


def label(field: str) -> str:
    if field in _ASSET_LABELS:
        return _ASSET_LABELS[field]
    if field in _LABELS:
        return _LABELS[field]
    return str(Household._meta.get_field(field).verbose_name).capitalize()


def choices(field: str) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in Household._meta.get_field(field).choices or ()]


def described() -> list[dict]:
    """Every variable as the app draws it: field, label, kind and choices."""
    out = []
    for field in FIELDS:
        kind = "teks" if field in ADDRESS else "angka" if field == AREA else (
            "pilihan" if field in CHOICES else "ya_tidak")  # fmt: skip
        item = {"field": field, "label": label(field), "jenis": kind}
        if kind == "pilihan":
            item["pilihan"] = choices(field)
        out.append(item)
    return out


def values_of(household: Household) -> dict:
    """The household's variables as the app holds them (text, number, true/false or null)."""
    return {f: getattr(household, f) for f in FIELDS}


def check(values: dict) -> tuple[dict, dict[str, list[str]]]:
    """``values`` (only FIELDS) normalised, and the messages per field of those refused."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for field, value in values.items():
        if field not in FIELDS:
            errors.setdefault(field, []).append(f"Variabel {field} tidak dikenal di registri.")
        elif value is None or value == "":
            clean[field] = "" if field in ADDRESS else None  # the registry's empty address is ""
        elif field in CHOICES:
            if value not in dict(choices(field)):
                errors.setdefault(field, []).append(
                    f"{label(field)}: nilai “{value}” bukan salah satu pilihan registri."
                )
            clean[field] = value
        elif field in ASSETS:
            if not isinstance(value, bool):
                errors.setdefault(field, []).append(f"{label(field)}: isi ya atau tidak.")
            clean[field] = value
        elif field == AREA:
            if (
                isinstance(value, bool)
                or not isinstance(value, int | str)
                or not str(value).isdigit()
            ):
                errors.setdefault(field, []).append(
                    f"{label(field)}: isi bilangan bulat meter persegi, tanpa huruf."
                )
            elif not 1 <= int(value) <= LUAS_MAKS:
                errors.setdefault(field, []).append(
                    f"{label(field)}: {value} m² di luar batas 1 sampai {LUAS_MAKS} m²."
                )
            else:
                clean[field] = int(value)
        else:
            clean[field] = str(value).strip()
    for field in ADDRESS:
        limit = limits()[field]
        value = clean.get(field)
        if value and len(value) > limit.max:
            errors.setdefault(field, []).append(
                f"{label(field)} lebih dari {limit.max} karakter, batas registri untuk isian ini."
            )
    return clean, errors
