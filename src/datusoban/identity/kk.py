"""Nomor KK (Kartu Keluarga): PPKKCC DDMMYY SSSS, 16 digits.

The region and date are where and when the card was issued. A family gets a
new number when it moves, splits or its head dies, so a No KK identifies a
card, not a household for ever.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from datusoban.identity import digits
from datusoban.identity.dates import DateAfterAsOfError, resolve_two_digit_year
from datusoban.identity.errors import IdentityError


@dataclass(frozen=True, slots=True)
class KK(digits.RegionCoded):
    """A No KK that passed every check, with what it encodes."""

    number: str
    region: str
    issued: date
    serial: int


def clean_number(value: str) -> str:
    """Strip spaces, dots, dashes, Excel's leading apostrophe and a float's '.0'."""
    return digits.clean(value, "kk")


def parse_kk(value: str, *, as_of: date, known_regions: Container[str] | None = None) -> KK:
    """Check a No KK and decode it; raise IdentityError (code kk_*) saying what is wrong.

    `as_of` fixes the century of the two-digit year; `known_regions` as in parse_nik.
    """
    number = clean_number(value)
    digits.check_shape(number, "kk")
    digits.check_region(number, "kk", known_regions)
    issued = _issue_date(number, as_of)
    serial = digits.check_serial(number, "kk")
    return KK(number=number, region=number[:6], issued=issued, serial=serial)


def is_valid_kk(value: str, *, as_of: date, known_regions: Container[str] | None = None) -> bool:
    """True when parse_kk would accept the value."""
    try:
        parse_kk(value, as_of=as_of, known_regions=known_regions)
    except IdentityError:
        return False
    return True


def make_kk(region: str, issued: date, serial: int) -> str:
    """Build the No KK for these parts (synthetic data, tests); inverse of parse_kk."""
    digits.require_region(region)
    digits.require_serial(serial)
    return f"{region}{issued:%d%m%y}{serial:04d}"


def _issue_date(number: str, as_of: date) -> date:
    # Some old cards carry dates that never existed. They are still reported:
    # the validation rules want the operator to see them and check the card.
    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    try:
        return resolve_two_digit_year(day, month, yy, as_of=as_of)
    except DateAfterAsOfError:
        raise IdentityError(
            "kk_masa_depan",
            f"Tanggal terbit pada Nomor KK ({day:02d}-{month:02d}-{yy:02d}) jatuh setelah "
            f"tanggal acuan {as_of:%d-%m-%Y}",
        ) from None
    except ValueError:
        raise IdentityError(
            "kk_tanggal",
            f"Bagian tanggal terbit Nomor KK ({number[6:12]}) bukan tanggal yang ada: "
            f"tanggal {day:02d} bulan {month:02d}",
        ) from None
