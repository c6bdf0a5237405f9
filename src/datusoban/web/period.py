"""The period a page shows when the user has not chosen one.

A page of figures by year defaults to the current year; when the registry holds nothing
for it (data loaded up to the middle of last year, a new year begun), that page would be
empty. It shows the latest year that has data instead, and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    tahun: int
    # What the page says about its choice ("Data terakhir: tahap 2 tahun 2025"); empty
    # when the user chose the year, or the current year has data.
    catatan: str = ""


def asked_year(text: str | None) -> int | None:
    """The year typed in ``?tahun=``, when it is one."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


def default_year(
    asked: str | None,
    years_with_data: Iterable[int],
    *,
    today: date | None = None,
    last: str | None = None,
) -> Period:
    """The year to show: the one asked for; else this year when it has data; else the
    latest year that has data, with a note (``last`` names the latest data more exactly,
    e.g. "tahap 2 tahun 2025"); else this year."""
    year = asked_year(asked)
    if year is not None:
        return Period(year)
    this_year = (today or date.today()).year
    years = sorted({int(y) for y in years_with_data if y is not None})
    if not years or this_year in years:
        return Period(this_year)
    earlier = [y for y in years if y < this_year]
    chosen = earlier[-1] if earlier else years[0]
    detail = last or f"tahun {chosen}"
    return Period(
        chosen,
        f"Data terakhir: {detail}. Tahun {this_year} belum ada datanya; "
        "pilih tahun lain bila perlu.",
    )
