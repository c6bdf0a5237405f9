"""Cleaning and checking the 16-digit numbers NIK and No KK share.

Both arrive from the field through spreadsheets, so the cleaning undoes what
Excel does to long numbers: text markers, float tails, scientific notation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from typing import Literal

from datusoban.identity.errors import IdentityError

Kind = Literal["nik", "kk"]

LABELS: dict[Kind, str] = {"nik": "NIK", "kk": "Nomor KK"}

LENGTH = 16

# Excel shows a number longer than 15 digits as 6.37101E+15 and keeps only 15
# significant digits: the rest is gone, so this must never be "repaired".
# Indonesian-locale Excel writes the decimal comma (6,37101E+15).
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")
# A NIK read back from a float column: 6371014507850003.0 (or ,0 / .00). Only
# one or two zeros: a dotted "...0785.0000" is a typed serial, not a float tail.
_FLOAT_TAIL = re.compile(r"(\d+)[.,]00?")
# Leading apostrophe is Excel's "store as text" marker; typists also use the
# typographic quotes their keyboard produces.
_TEXT_MARKERS = "'\u2018\u2019`"
# Separators people type to make the number readable: 63.71.01 450785 0003.
_SEPARATORS = str.maketrans("", "", ".-\u2013\u2014\u200b\ufeff")


def clean(value: str, kind: Kind) -> str:
    """Undo spreadsheet damage and typing separators; raise if nothing usable is left."""
    label = LABELS[kind]
    # NFKC turns full-width digits (from some input methods) into ASCII ones.
    text = "".join(unicodedata.normalize("NFKC", value).split()).lstrip(_TEXT_MARKERS)
    if not text:
        raise IdentityError("kosong", f"{label} kosong")
    if _SCIENTIFIC.fullmatch(text):
        raise IdentityError(
            f"{kind}_notasi_ilmiah",
            f"{label} tertulis dalam notasi ilmiah ({text}) oleh spreadsheet, sehingga digit "
            f"terakhirnya sudah hilang; salin {label} dari dokumen asli dan simpan kolomnya "
            "sebagai teks",
        )
    tail = _FLOAT_TAIL.fullmatch(text)
    if tail:
        text = tail.group(1)
    text = text.translate(_SEPARATORS)
    if not text:
        raise IdentityError("kosong", f"{label} kosong")
    return text


def not_digits(number: str, kind: Kind) -> IdentityError:
    """The error for a number containing something other than 0-9, naming the culprit."""
    label = LABELS[kind]
    position, char = next((i, c) for i, c in enumerate(number) if c not in "0123456789")
    return IdentityError(
        f"{kind}_bukan_angka",
        f"{label} hanya boleh berisi angka, tetapi ada {char!r} pada posisi ke-{position + 1}",
    )


def wrong_length(number: str, kind: Kind) -> IdentityError:
    """The error for a number that is not 16 digits long."""
    return IdentityError(
        f"{kind}_panjang",
        f"{LABELS[kind]} harus {LENGTH} digit, tertulis {len(number)} digit",
    )


def check_shape(number: str, kind: Kind) -> None:
    """Raise unless `number` is exactly 16 ASCII digits."""
    if not number.isascii() or not number.isdigit():
        raise not_digits(number, kind)
    if len(number) != LENGTH:
        raise wrong_length(number, kind)


def dotted_region(region: str) -> str:
    """'637101' -> '63.71.01', the way Kemendagri writes a kecamatan code."""
    return f"{region[:2]}.{region[2:4]}.{region[4:6]}"


class RegionCoded:
    """The region properties shared by NIK and KK, from their six-digit ``region``."""

    __slots__ = ()
    region: str

    @property
    def kode_kecamatan(self) -> str:
        """Kecamatan of the number's region, dotted: '63.71.01'."""
        return dotted_region(self.region)

    @property
    def kode_kabkota(self) -> str:
        """Kabupaten/kota of the number's region, dotted: '63.71'."""
        return dotted_region(self.region)[:5]


def check_region(number: str, kind: Kind, known_regions: Container[str] | None) -> None:
    """Raise unless the first six digits are a known kecamatan (when a list is given)."""
    region = number[:6]
    if known_regions is not None and region not in known_regions:
        raise IdentityError(
            f"{kind}_wilayah",
            f"Kode wilayah {dotted_region(region)} pada {LABELS[kind]} tidak dikenal "
            "sebagai kode kecamatan",
        )


def check_serial(number: str, kind: Kind) -> int:
    """The 4-digit serial; raise if it is 0000 (serials start at 0001)."""
    serial = int(number[12:])
    if serial == 0:
        raise IdentityError(
            f"{kind}_serial",
            f"Empat digit terakhir {LABELS[kind]} (nomor urut) tidak boleh 0000",
        )
    return serial


def require_region(region: str) -> None:
    """For the make_* builders: a region must be six ASCII digits."""
    if len(region) != 6 or not region.isascii() or not region.isdigit():
        raise ValueError(f"region must be 6 digits (PPKKCC), got {region!r}")


def require_serial(serial: int) -> None:
    """For the make_* builders: serials run 0001-9999."""
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1-9999, got {serial!r}")
