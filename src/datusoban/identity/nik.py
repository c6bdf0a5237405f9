"""NIK (Nomor Induk Kependudukan): PPKKCC DDMMYY SSSS, 16 digits, no check digit.

PPKKCC is the kecamatan of first registration, DDMMYY the birth date (women
have 40 added to the day), SSSS a serial from 0001.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik

from datusoban.identity import digits
from datusoban.identity.dates import DateAfterAsOfError, resolve_two_digit_year
from datusoban.identity.errors import IdentityError

# Women's NIKs carry the birth day plus 40 (41-71).
FEMALE_DAY_OFFSET = 40

SEXES = ("L", "P")  # laki-laki, perempuan: the letters on the KTP


@dataclass(frozen=True, slots=True)
class NIK(digits.RegionCoded):
    """A NIK that passed every check, with what it encodes."""

    number: str
    region: str
    birth_date: date
    sex: str
    serial: int


def clean_number(value: str) -> str:
    """Strip spaces, dots, dashes, Excel's leading apostrophe and a float's '.0'."""
    return digits.clean(value, "nik")


def parse_nik(value: str, *, as_of: date, known_regions: Container[str] | None = None) -> NIK:
    """Check a NIK and decode it; raise IdentityError (code nik_*) saying what is wrong.

    `as_of` fixes the century of the two-digit year (the birth date is the
    latest one not after `as_of`). `known_regions`, when given, holds the
    6-digit kecamatan codes (e.g. '637101') the first six digits must be in.
    """
    number = clean_number(value)
    _check_shape(number)
    digits.check_region(number, "nik", known_regions)
    birth_date, sex = _birth_date_and_sex(number, as_of)
    serial = digits.check_serial(number, "nik")
    return NIK(number=number, region=number[:6], birth_date=birth_date, sex=sex, serial=serial)


def is_valid_nik(value: str, *, as_of: date, known_regions: Container[str] | None = None) -> bool:
    """True when parse_nik would accept the value."""
    try:
        parse_nik(value, as_of=as_of, known_regions=known_regions)
    except IdentityError:
        return False
    return True


def make_nik(region: str, birth_date: date, sex: str, serial: int) -> str:
    """Build the NIK for these parts (synthetic data, tests); inverse of parse_nik.

    The two-digit year only round-trips for birth dates less than 100 years
    before the `as_of` the NIK is later parsed with.
    """
    digits.require_region(region)
    digits.require_serial(serial)
    if sex not in SEXES:
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "P" else 0)
    return f"{region}{day:02d}{birth_date:%m%y}{serial:04d}"


def _check_shape(number: str) -> None:
    # Our own shape check first: stdnum's cleaning drops more separators (U+2010
    # and other dashes) than ours, and the string decoded below is ours.
    digits.check_shape(number, "nik")
    # stdnum owns the format and length rules for NIK. Its component check is
    # skipped on purpose: it looks places up by 4 digits in its own table and
    # reads dates with a fixed 1920 pivot; we check 6-digit kecamatan codes
    # against our reference data and resolve the century against `as_of`.
    try:
        stdnum_nik.validate(number)
    except stdnum_errors.InvalidLength:
        raise digits.wrong_length(number, "nik") from None
    except stdnum_errors.InvalidFormat:
        raise digits.not_digits(number, "nik") from None
    except stdnum_errors.InvalidComponent:
        pass


def _birth_date_and_sex(number: str, as_of: date) -> tuple[date, str]:
    coded_day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    if coded_day > FEMALE_DAY_OFFSET:
        day, sex = coded_day - FEMALE_DAY_OFFSET, "P"
    else:
        day, sex = coded_day, "L"
    shown = number[6:12]
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        raise IdentityError(
            "nik_tanggal",
            f"Bagian tanggal lahir NIK ({shown}) tidak valid: tanggal harus 01-31 untuk "
            "laki-laki atau 41-71 untuk perempuan, dan bulan 01-12",
        )
    try:
        return resolve_two_digit_year(day, month, yy, as_of=as_of), sex
    except DateAfterAsOfError:
        raise IdentityError(
            "nik_masa_depan",
            f"Tanggal lahir pada NIK ({day:02d}-{month:02d}-{yy:02d}) jatuh setelah "
            f"tanggal acuan {as_of:%d-%m-%Y}",
        ) from None
    except ValueError:
        raise IdentityError(
            "nik_tanggal",
            f"Bagian tanggal lahir NIK ({shown}) bukan tanggal yang ada: tanggal {day} "
            f"bulan {month:02d}"
            + (" (setelah dikurangi 40 untuk perempuan)" if sex == "P" else ""),
        ) from None
