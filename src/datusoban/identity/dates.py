"""Dates as they arrive in field data: typed strings, two-digit years, placeholders."""

from __future__ import annotations

import re
from datetime import date

from datusoban.identity.errors import IdentityError

# Accepted layouts, tried in order: (pattern, which groups hold day, month,
# year). The separator must be the same on both sides (\2), so "01-07/1960"
# is refused rather than guessed at.
_YEAR_FIRST = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")  # YYYY-MM-DD, YYYY/MM/DD
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")  # DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY
_LAYOUTS: tuple[tuple[re.Pattern[str], tuple[int, int, int]], ...] = (
    (_YEAR_FIRST, (4, 3, 1)),
    (_DAY_FIRST, (1, 3, 4)),
)

# Day-month pairs written when the real birth date is unknown, as in
# docs/DOMAIN.md "Unknown birth dates": registrars write 01-07 (mid-year) or
# 31-12 (end of year). 01-01 is added
# because it is the widespread convention for a year-only birth date (UNHCR
# and many civil registries use it, and software fills it in when only a year
# is typed), so data merged from other systems carries it too. The cost is
# that people truly born on 1 January get weaker birth-date evidence.
PLACEHOLDER_DAY_MONTHS: frozenset[tuple[int, int]] = frozenset({(1, 1), (1, 7), (31, 12)})


class DateAfterAsOfError(ValueError):
    """The day and month only exist in a year that lies after the reference date."""


def parse_date(value: str) -> date:
    """Read a typed date: YYYY-MM-DD, YYYY/MM/DD, DD-MM-YYYY, DD/MM/YYYY or DD.MM.YYYY."""
    text = value.strip()
    if not text:
        raise IdentityError("kosong", "Tanggal kosong")
    for pattern, (d, m, y) in _LAYOUTS:
        found = pattern.fullmatch(text)
        if found:
            try:
                return date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                raise IdentityError(
                    "tanggal_tidak_valid",
                    f"Tanggal {text!r} tidak ada di kalender",
                ) from None
    raise IdentityError(
        "tanggal_format",
        f"Format tanggal {text!r} tidak dikenali; tulis sebagai HH-BB-TTTT "
        "(mis. 17-08-1945) atau TTTT-BB-HH (mis. 1945-08-17)",
    )


def is_placeholder_birth_date(d: date) -> bool:
    """True for the day-months recorded when a birth date is unknown (01-01, 01-07, 31-12)."""
    return (d.day, d.month) in PLACEHOLDER_DAY_MONTHS


def resolve_two_digit_year(day: int, month: int, yy: int, *, as_of: date) -> date:
    """The latest date on or before `as_of` with this day, month and a year ending in `yy`.

    NIK and KK carry only YYMMDD, so the century is the one that does not put
    the date in the future. Raises ValueError when the day and month never
    occur in the candidate years, DateAfterAsOfError when they occur only
    after `as_of` (29 February of a century year that is a leap year, read
    before that date).
    """
    year = as_of.year - (as_of.year - yy) % 100
    try:
        candidate = date(year, month, day)
    except ValueError:
        candidate = None
    if candidate is not None and candidate <= as_of:
        return candidate
    try:
        return date(year - 100, month, day)
    except ValueError:
        if candidate is not None:
            raise DateAfterAsOfError(f"{candidate} is after {as_of}") from None
        raise
