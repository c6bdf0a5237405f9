"""A search that finds nobody says so, rather than leaving the results area empty."""

from __future__ import annotations

import pytest

from .people import log_in_as

pytestmark = pytest.mark.django_db


def test_a_name_nobody_has_gets_the_none_found_row(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    html = client.get("/cari/", {"nama": "Zzyzx Qwertyuiop"}).content.decode()
    assert 'id="hasil-cari"' in html
    assert "0 orang ditemukan" in html
    expected = "Tidak ada orang yang cocok dengan nama “Zzyzx Qwertyuiop” di Kota Banjarmasin."
    assert expected in html


def test_a_name_someone_has_is_listed(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    html = client.get("/cari/", {"nama": "Siti Aminah"}).content.decode()
    assert "Siti Aminah" in html and "Tidak ada orang yang cocok" not in html
