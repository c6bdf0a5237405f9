"""Quotas per kab/kota for an allocation, read from a TOML or CSV file (policy as data).

TOML::

    jenis = "porsi"          # porsi (share of the budget), rupiah, or jumlah (units)
    redistribusi = true      # optional: quota a kab/kota cannot use goes elsewhere
    [kabkota]
    "63.71" = 0.20
    "63.03" = 0.15

CSV: a ``kode_kabkota`` column and one of ``porsi``, ``rupiah`` or ``jumlah``
(other columns, such as a name, are ignored); redistribution is the caller's
default. Codes may be written ``63.71`` or ``6371``. A kab/kota not listed has
no quota. Refused, with the line or key named: an unknown kab/kota, one listed
twice, a value that is not a number or is negative, shares adding up to more
than 1, a fractional number of units.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Collection
from decimal import Decimal, InvalidOperation

from datusoban.sasaran.allocation import JUMLAH, PORSI, QUOTA_KINDS, AllocationError, Quota

_CODE = re.compile(r"^63\.?(\d{2})$")


def _error(pesan: str) -> AllocationError:
    return AllocationError("kuota_tidak_sah", pesan)


def _code(raw: str, known: Collection[str], where: str) -> str:
    match = _CODE.match(raw.strip())
    code = f"63.{match.group(1)}" if match else raw.strip()
    if code not in known:
        raise _error(f"{where}: kab/kota {raw!r} tidak dikenal di Kalimantan Selatan.")
    return code


def _value(raw: object, jenis: str, where: str) -> Decimal:
    if isinstance(raw, bool):
        raise _error(f"{where}: nilai harus angka, bukan {raw!r}.")
    try:
        value = Decimal(str(raw).strip().replace("_", ""))
    except InvalidOperation:
        raise _error(f"{where}: nilai harus angka, bukan {raw!r}.") from None
    if not value.is_finite() or value < 0:
        raise _error(f"{where}: nilai harus angka 0 atau lebih, bukan {raw!r}.")
    if jenis != PORSI and value != value.to_integral_value():
        raise _error(f"{where}: {jenis} harus bilangan bulat, bukan {raw!r}.")
    return value


def _checked(jenis: str, values: dict[str, Decimal], redistribusi: bool, name: str) -> Quota:
    if jenis not in QUOTA_KINDS:
        raise _error(f"{name}: jenis kuota harus salah satu dari {', '.join(QUOTA_KINDS)}.")
    if not values:
        raise _error(f"{name}: tidak ada kab/kota dalam kuota.")
    if jenis == PORSI and sum(values.values()) > 1:
        raise _error(f"{name}: jumlah porsi {sum(values.values())} melebihi 1.")
    return Quota(jenis, values, redistribusi)


def parse_toml(text: str, known: Collection[str], *, name: str, redistribusi: bool) -> Quota:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _error(f"{name}: TOML tidak sah: {error}") from None
    extra = sorted(set(data) - {"jenis", "redistribusi", "kabkota"})
    if extra:
        raise _error(f"{name}: kunci tidak dikenal {', '.join(extra)}.")
    jenis = data.get("jenis")
    if jenis not in QUOTA_KINDS:
        raise _error(f"{name}: jenis kuota harus salah satu dari {', '.join(QUOTA_KINDS)}.")
    spread = data.get("redistribusi", redistribusi)
    if not isinstance(spread, bool):
        raise _error(f"{name}: redistribusi harus true atau false.")
    table = data.get("kabkota")
    if not isinstance(table, dict):
        raise _error(f"{name}: tabel [kabkota] tidak ada.")
    values: dict[str, Decimal] = {}
    for raw, value in table.items():
        where = f"{name}, kabkota {raw!r}"
        code = _code(raw, known, where)
        if code in values:
            raise _error(f"{where}: kab/kota {code} tercantum dua kali.")
        values[code] = _value(value, jenis, where)
    return _checked(jenis, values, spread, name)


def parse_csv(text: str, known: Collection[str], *, name: str, redistribusi: bool) -> Quota:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    kinds = [k for k in QUOTA_KINDS if k in header]
    if "kode_kabkota" not in header or len(kinds) != 1:
        raise _error(
            f"{name}: perlu kolom kode_kabkota dan tepat satu dari {', '.join(QUOTA_KINDS)}."
        )
    (jenis,) = kinds
    values: dict[str, Decimal] = {}
    for line, row in enumerate(reader, start=2):
        where = f"{name}, baris {line}"
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        code = _code(row.get("kode_kabkota") or "", known, where)
        if code in values:
            raise _error(f"{where}: kab/kota {code} tercantum dua kali.")
        values[code] = _value(row.get(jenis) or "", jenis, where)
    return _checked(jenis, values, redistribusi, name)


def parse_quota(text: str, known: Collection[str], *, name: str, redistribusi: bool) -> Quota:
    """A quota file (TOML when ``name`` ends in .toml, otherwise CSV)."""
    if name.lower().endswith(".toml"):
        return parse_toml(text, known, name=name, redistribusi=redistribusi)
    return parse_csv(text, known, name=name, redistribusi=redistribusi)


def from_mapping(
    jenis: str, nilai: dict[str, object], known: Collection[str], *, redistribusi: bool
) -> Quota:
    """A quota given as data (the API's JSON body), checked like a file."""
    values: dict[str, Decimal] = {}
    for raw, value in nilai.items():
        where = f"kuota {str(raw)[:20]!r}"
        code = _code(str(raw), known, where)
        if code in values:
            raise _error(f"{where}: kab/kota {code} tercantum dua kali.")
        values[code] = _value(value, jenis if jenis in QUOTA_KINDS else JUMLAH, where)
    return _checked(jenis, values, redistribusi, "kuota")
