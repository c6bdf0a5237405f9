"""Pages by year open on the latest year that has data when this year has none yet, and
say so; a year the user chooses is shown as chosen."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.program.models import TahapBayar

from .enrolments import make_enrolments
from .people import log_in_as

pytestmark = pytest.mark.django_db


def test_stages_and_indicators_open_on_the_latest_year_with_payments(client, people):
    make_enrolments(people)
    this_year = date.today().year
    last_year = this_year - 1
    TahapBayar.objects.update(tahun=last_year)  # the data end last year
    log_in_as(client, "operator_kabkota", "63.71")

    page = client.get("/program/PKH/tahap/").content.decode()
    assert f"Program Keluarga Harapan {last_year}" in page and "Rp750.000" in page
    note = f"Data terakhir: pembayaran tahap 1 tahun {last_year}. Tahun {this_year} belum ada"
    assert note in page
    page = client.get("/program/indikator/").content.decode()
    assert f"Per tahap {last_year}" in page and note in page

    # Chosen, this year is shown even empty, without the note.
    page = client.get("/program/PKH/tahap/", {"tahun": str(this_year)}).content.decode()
    assert f"Program Keluarga Harapan {this_year}" in page and "Data terakhir" not in page


def test_a_year_with_data_is_shown_without_a_note(client, people):
    make_enrolments(people)
    TahapBayar.objects.update(tahun=date.today().year)
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/program/PKH/tahap/").content.decode()
    assert f"Program Keluarga Harapan {date.today().year}" in page
    assert "Data terakhir" not in page
