"""The default year of a page by year: this year, or the latest with data, said."""

from __future__ import annotations

from datetime import date

from datusoban.web.period import Period, default_year

TODAY = date(2026, 12, 6)


def test_the_year_asked_for_wins_even_without_data():
    assert default_year("2024", [2025], today=TODAY) == Period(2024)


def test_this_year_when_it_has_data_or_nothing_has():
    assert default_year(None, [2025, 2026], today=TODAY) == Period(2026)
    assert default_year("", [], today=TODAY) == Period(2026)


def test_the_latest_earlier_year_with_data_and_why():
    period = default_year("bukan tahun", [2023, 2025], today=TODAY, last="tahap 2 tahun 2025")
    assert period.tahun == 2025
    assert period.catatan.startswith("Data terakhir: tahap 2 tahun 2025. Tahun 2026 belum")
    assert default_year(None, [2024], today=TODAY).catatan.startswith("Data terakhir: tahun 2024")


def test_only_later_years_the_earliest_of_them():
    assert default_year(None, [2028, 2027], today=TODAY).tahun == 2027
